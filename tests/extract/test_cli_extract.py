"""`conflictmap extract` and `conflictmap evaluate` through the real entry point."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

ARTICLE_A = "سيطرت قوات النظام أمس على مدينة تدمر بعد معارك عنيفة مع تنظيم داعش.\n"
ARTICLE_B = "وقالت مصادر إن قوات سوريا الديمقراطية انسحبت من مدينة منبج.\nوسيطرت على قرية تل الوردات الصغيرة.\n"


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8-sig")
    meta = tmp_path / "meta.jsonl"
    meta.write_text('{"id": "a", "published": "2016-03-27", "url": "https://example.org/a", "outlet": "Ex"}\n',
                    encoding="utf-8")
    return folder, meta


def features(path):
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def test_extract_writes_geojson_with_provenance(corpus, tmp_path):
    folder, meta = corpus
    out = tmp_path / "events.geojson"
    r = run_cli("extract", str(folder), "--meta", str(meta), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "2 articles" in r.stderr and "0 problems" in r.stderr
    feats = features(out)
    by = {(f["properties"]["source"], f["properties"]["mention"], f["properties"]["relation"]): f for f in feats}
    a = by[("a", "تدمر", "captured")]
    assert a["geometry"]["type"] == "Point"
    lon, lat = a["geometry"]["coordinates"]
    assert 34 < lat < 35 and 38 < lon < 39  # Palmyra, lon/lat order
    p = a["properties"]
    assert (p["force"], p["date"], p["published"], p["date_expr"]) == ("government", "2016-03-26", "2016-03-27", "أمس")
    assert p["url"] == "https://example.org/a" and p["rule"] and p["sentence"].startswith("سيطرت")
    assert ARTICLE_A[p["mention_start"]:p["mention_end"]] == "تدمر"
    assert ("b", "منبج", "withdrew") in by and by[("b", "منبج", "withdrew")]["properties"]["force"] == "sdf"


def test_published_option_dates_articles_without_metadata(corpus, tmp_path):
    folder, _ = corpus
    out = tmp_path / "events.geojson"
    r = run_cli("extract", str(folder / "b.txt"), "--published", "2018-06-01", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert {f["properties"]["published"] for f in features(out)} == {"2018-06-01"}


def test_a_bad_input_is_reported_and_the_others_still_extracted(corpus, tmp_path):
    folder, meta = corpus
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00binary" * 50)
    out = tmp_path / "events.geojson"
    r = run_cli("extract", str(folder), "--meta", str(meta), "-o", str(out))
    assert r.returncode == 1
    problem_lines = [line for line in r.stderr.splitlines() if "broken.txt" in line]
    assert len(problem_lines) == 1
    assert "1 problems" in r.stderr
    assert any(f["properties"]["source"] == "a" for f in features(out))


def test_jsonl_input_and_stdin(tmp_path):
    record = {"id": "j1", "text": ARTICLE_A, "published": "2016-03-27"}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "j.geojson"
    r = run_cli("extract", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert {f["properties"]["source"] for f in features(out)} == {"j1"}
    out2 = tmp_path / "s.geojson"
    r = run_cli("extract", "-", "--published", "2016-03-27", "-o", str(out2), input=ARTICLE_A)
    assert r.returncode == 0, r.stderr
    assert any(f["properties"]["mention"] == "تدمر" for f in features(out2))


def test_extra_forces_file(tmp_path):
    forces = tmp_path / "forces.json"
    forces.write_text(json.dumps({"forces": [{"id": "other", "aliases": ["كتيبة الصقور"]}]}, ensure_ascii=False),
                      encoding="utf-8")
    src = tmp_path / "x.txt"
    src.write_text("سيطرت كتيبة الصقور على مدينة تدمر.\n", encoding="utf-8")
    out = tmp_path / "x.geojson"
    r = run_cli("extract", str(src), "--forces", str(forces), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert [(f["properties"]["force"], f["properties"]["relation"]) for f in features(out)] == [("other", "captured")]


def test_bad_date_option_is_a_usage_error(corpus, tmp_path):
    folder, _ = corpus
    r = run_cli("extract", str(folder), "--published", "27/03/2016", "-o", str(tmp_path / "e.geojson"))
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr


def test_evaluate_scores_a_file_against_gold(corpus, tmp_path):
    folder, meta = corpus
    out = tmp_path / "events.geojson"
    assert run_cli("extract", str(folder), "--meta", str(meta), "-o", str(out)).returncode == 0
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"article": "a", "mention": "تدمر", "lat": 34.56, "lon": 38.27, "tol_km": 15, "force": "government",
         "relation": "captured", "required": True, "date": "2016-03-26"},
        {"article": "b", "mention": "منبج", "lat": 36.53, "lon": 37.95, "tol_km": 15, "force": "sdf",
         "relation": "lost", "required": True},
        {"article": "b", "mention": "الرقة", "lat": 35.95, "lon": 39.01, "force": "isis", "relation": "controls",
         "required": True},
    ]
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    r = run_cli("evaluate", str(gold), str(out), "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert (result["required"], result["required_found"], result["date_accuracy"]) == (3, 2, 1.0)
    assert result["recall"] == round(2 / 3, 3)
    assert ["b", "الرقة", "isis", "controls"] in result["missed"]
    text = run_cli("evaluate", str(gold), str(out))
    assert "f1:" in text.stdout and "missed: b الرقة isis controls" in text.stdout


def test_evaluate_reports_a_bad_gold_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"article": "a"}\n', encoding="utf-8")
    events = tmp_path / "e.geojson"
    events.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    r = run_cli("evaluate", str(gold), str(events))
    assert r.returncode == 1 and "gold.jsonl:1" in r.stderr
