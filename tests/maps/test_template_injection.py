"""Untrusted text is never compiled as a template when a map is written (issue 14, item 1).

branca compiles each macro's rendered script as a new Jinja2 template; text from an article, its
metadata, an imported gazetteer or a force lexicon used to reach that compilation. Each payload
below goes into one untrusted field and through every map command, end to end. A payload that ran
would create a folder next to the test's files or print the product 7*191 = 1337 into the page;
text with braces must survive as text.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

SENTINEL = 1337  # 7 * 191: printed only if a template evaluated the expression


FIELDS = ("text", "outlet", "url", "gazetteer", "forces")


def exploit(marker: Path) -> str:
    """Runs code through Jinja2's globals (creates ``marker``) and evaluates 7*191, if compiled."""
    return "{{ cycler.__init__.__globals__.os.makedirs(%r) }}{{ 7*191 }}" % str(marker)


HARMLESS = "{{بحاجة لمصدر}} {# تعليق {% raw %} {% }}{{ 50% #1"


def write_inputs(tmp: Path, text_of: dict[str, str]) -> tuple[Path, Path, Path]:
    """An article set (JSONL), a place list and a force lexicon, with ``text_of[field]`` in each field."""
    village = "عين المختبر"  # a place of our own invention, known only through the imported list
    article = {
        "id": "inj-1", "published": "2016-05-02", "outlet": "وكالة التجربة " + text_of.get("outlet", ""),
        "url": "https://example.org/a?q=" + text_of.get("url", ""),
        "text": (f"سيطرت قوات النظام على قرية {village} بعد معارك عنيفة أمس {text_of.get('text', '')}.\n"
                 "وقالت مصادر محلية إن فصائل المعارضة سيطرت على مدينة تدمر يوم الأحد الماضي."),
    }
    articles = tmp / "articles.jsonl"
    articles.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    places = tmp / "places.csv"
    name_en = ("Ain al-Mukhtabar " + text_of.get("gazetteer", "")).replace('"', '""')
    places.write_text(f'name_ar,name_en,lat,lon,kind,admin1\n{village},"{name_en}",35.12,36.71,village,Hama\n',
                      encoding="utf-8")
    forces = tmp / "forces.json"
    name = "قوات التجربة " + text_of.get("forces", "")
    forces.write_text(json.dumps({"forces": [{"id": "government", "name_ar": name, "name_en": name,
                                              "color": "#d62728", "aliases": []}]}, ensure_ascii=False),
                      encoding="utf-8")
    return articles, places, forces


def map_commands(events: Path, out: Path) -> list[list[str]]:
    return [["map", "--events", str(events), "-o", str(out / "online.html")],
            ["map", "--events", str(events), "--offline", "-o", str(out / "offline.html")],
            ["map", "--events", str(events), "--offline", "--areas", "-o", str(out / "areas.html")],
            ["compare", "--events", str(events), "--from", "2016-01-01", "--to", "2016-12-31",
             "--map", str(out / "compare.html")]]


def extract_and_map(case: Path, text_of: dict[str, str]) -> None:
    """Import the places, extract the article with the force lexicon, then run every map command."""
    env = {"CONFLICTMAP_DATA": str(case / "data"), "CONFLICTMAP_CACHE": str(case / "cache")}
    articles, places, forces = write_inputs(case, text_of)
    r = run_cli("gazetteer", "import", str(places), "--format", "csv", "--name", "inj", env=env)
    assert r.returncode == 0, r.stderr
    events = case / "events.geojson"
    r = run_cli("extract", str(articles), "--forces", str(forces), "-o", str(events), env=env)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(events.read_text(encoding="utf-8"))["features"]) >= 2, "nothing to draw"
    for command in map_commands(events, case):
        r = run_cli(*command, env=env)
        assert r.returncode == 0, (command, r.stderr)
        assert "Traceback" not in r.stderr and "TemplateSyntaxError" not in r.stderr


def test_code_in_any_untrusted_field_never_runs_in_any_map_command(tmp_path: Path) -> None:
    markers = {field: tmp_path / f"ran-{field}" for field in FIELDS}
    extract_and_map(tmp_path, {field: exploit(marker) for field, marker in markers.items()})
    assert [f for f, marker in markers.items() if marker.exists()] == []
    for page in tmp_path.glob("*.html"):
        assert str(SENTINEL) not in page.read_text(encoding="utf-8"), page.name


def test_braces_in_any_untrusted_field_do_not_stop_a_map(tmp_path: Path) -> None:
    extract_and_map(tmp_path, {field: HARMLESS for field in FIELDS})
    assert len(list(tmp_path.glob("*.html"))) == 4


def test_braces_in_a_sentence_reach_the_page_as_data(tmp_path: Path) -> None:
    articles, places, forces = write_inputs(tmp_path, {"text": "{{ 7*191 }} {#x#}"})
    env = {"CONFLICTMAP_DATA": str(tmp_path / "data"), "CONFLICTMAP_CACHE": str(tmp_path / "cache")}
    assert run_cli("gazetteer", "import", str(places), "--format", "csv", env=env).returncode == 0
    events = tmp_path / "e.geojson"
    assert run_cli("extract", str(articles), "-o", str(events), env=env).returncode == 0
    out = tmp_path / "m.html"
    r = run_cli("map", "--events", str(events), "--offline", "-o", str(out), env=env)
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    # The sentence is in the page's data with its braces escaped, so the browser shows them literally.
    assert "\\u007b\\u007b 7*191 \\u007d\\u007d \\u007b\\u0023x\\u0023\\u007d" in page


def test_hostile_force_id_and_place_names_from_an_events_file(tmp_path: Path) -> None:
    marker = tmp_path / "ran-from-events"
    hostile = "{{ cycler.__init__.__globals__.os.makedirs(%r) }}" % str(marker)
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.27, 34.56]},
               "properties": {"source": "x", "force": hostile, "relation": "captured", "date": "2016-03-01",
                              "mention": hostile, "place_id": hostile, "place_ar": "تدمر" + hostile,
                              "place_en": hostile, "kind": "city", "sentence": hostile, "outlet": hostile,
                              "confidence": 0.8}}
    events = tmp_path / "hostile.geojson"
    events.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    for command in map_commands(events, tmp_path):
        r = run_cli(*command)
        assert r.returncode == 0, (command, r.stderr)
    assert not marker.exists()
