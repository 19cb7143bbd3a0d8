"""bench/corpus.py: generated benchmark inputs are deterministic, realistic and valid."""
from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point

from bench.corpus import FIRST_DAY, LAST_DAY, generate_corpus, synthetic_events, write_corpus
from core.errors import UsageError
from core.paths import ROOT
from records.event import RELATIONS, Event


def _syria():
    """Syria's outline from the Natural Earth low-res countries that pyogrio ships (as geo/areas.py uses)."""
    import geopandas
    import pyogrio

    path = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    return geopandas.read_file(path).query("name == 'Syria'").geometry.iloc[0]


def test_generate_corpus_is_deterministic_and_varied(shared):
    first, again, other = generate_corpus(40, seed=1), generate_corpus(40, seed=1), generate_corpus(40, seed=2)
    assert [(a.id, a.text, a.published) for a in first] == [(a.id, a.text, a.published) for a in again]
    assert [a.text for a in first] != [a.text for a in other]
    assert len(first) == 40 and len({a.id for a in first}) == 40
    assert len({a.text for a in first}) == 40
    dates = {a.published for a in first if a.published}
    assert len(dates) > 20 and all(FIRST_DAY <= d <= LAST_DAY for d in dates)
    assert any(a.published is None for a in first), "some articles must carry their date in the text"


def test_generated_articles_are_made_of_seed_sentences(shared):
    seed_text = "\n".join(p.read_text(encoding="utf-8") for p in (shared / "seeds").glob("*.txt"))
    for article in generate_corpus(10, seed=3):
        lines = article.text.splitlines()
        assert lines[0] in seed_text
        assert len(lines) >= 3 and len(article.text) > 200
        assert article.content_hash and len(article.content_hash) == 64


def test_dateline_instead_of_published():
    articles = [a for a in generate_corpus(60, seed=4) if a.published is None]
    assert articles
    for article in articles:
        line = article.text.splitlines()[1]
        assert any(ch.isdigit() for ch in line) and ("201" in line)


def test_falls_back_to_examples_with_a_notice(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("CONFLICTMAP_SHARED", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="bench.corpus"):
        articles = generate_corpus(5)
    assert "examples" in caplog.text
    example_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "examples" / "articles").glob("*.txt"))
    assert all(a.text.splitlines()[0] in example_text for a in articles)


def test_write_corpus(tmp_path):
    out = write_corpus(tmp_path / "corpus", 25, seed=5)
    texts = sorted(out.glob("*.txt"))
    meta = [json.loads(line) for line in (out / "meta.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 25
    assert {p.stem for p in texts} == {m["id"] for m in meta}
    by_id = {a.id: a for a in generate_corpus(25, seed=5)}
    for m in meta:
        assert (out / f"{m['id']}.txt").read_text(encoding="utf-8") == by_id[m["id"]].text
        assert m["published"] == (by_id[m["id"]].published.isoformat() if by_id[m["id"]].published else None)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folder left behind"
    with pytest.raises(UsageError, match="not an empty folder"):
        write_corpus(out, 3)


def test_synthetic_events_are_valid_and_inside_syria():
    events = synthetic_events(500, 60, seed=7)
    syria = _syria()
    assert events == synthetic_events(500, 60, seed=7)
    assert events != synthetic_events(500, 60, seed=8)
    forces = {f["id"] for f in json.loads((ROOT / "records" / "data" / "forces.json").read_text("utf-8"))["forces"]}
    assert len({e.place_id for e in events}) > 40
    assert {e.relation for e in events} == set(RELATIONS)
    for e in events:
        assert isinstance(e, Event) and e.status == "resolved"
        assert e.force in forces
        assert syria.contains(Point(e.lon, e.lat)), (e.place_id, e.lat, e.lon)
        assert e.sentence[e.mention_start:e.mention_end] == e.mention
        assert e.sentence[e.force_start:e.force_end] == e.force_mention
        assert isinstance(e.date, date) and FIRST_DAY <= e.date <= LAST_DAY <= date(2020, 1, 1)
        assert e.published >= e.date and 0.5 <= e.confidence <= 1.0


def test_synthetic_events_need_a_place():
    with pytest.raises(UsageError):
        synthetic_events(3, 0)


def test_measure_sees_time_and_memory():
    from bench.common import measure

    def work():
        block = bytearray(60 * 2**20)
        block[:: 4096] = b"x" * len(block[:: 4096])  # touch every page so it is resident
        return len(block)

    seconds, peak_mb = measure(work)
    assert 0 < seconds < 60
    assert 40 <= peak_mb < 1000


def test_table_shows_ratio_and_gaps():
    from bench.common import format_table, row

    text = format_table([row("x", 1000, 0.5, "items/s", peak_mb=12.0, baseline_seconds=2.0),
                         row("x", 10, 0.1, "items/s", baseline_seconds=0.0001)], title="x")
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["size", "seconds", "throughput"]
    assert "4.0x" in lines[2] and "2,000" in lines[2] and "500" in lines[2]
    assert "1.0e-04" in lines[3] and "0.001x" in lines[3] and lines[3].count("–") == 1
    assert format_table([]) == "(no rows)"
    labelled = format_table([row("cold start", 1, 2.0, "runs/s"), row("warm start", 1, 0.2, "runs/s")], title="x")
    assert labelled.splitlines()[0].split()[0] == "what"
    assert labelled.splitlines()[3].startswith("warm start")


def test_run_skips_missing_stages_and_rejects_unknown_ones(capsys):
    from bench import run

    assert run.run_stage("no_such_stage", quick=True) is None
    assert "not written yet" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        run.parse_args(["--only", "extract,bogus"])
    assert exit_info.value.code == 2
    assert run.parse_args(["--only", "geo, maps", "--quick"]).stages == ["geo", "maps"]
