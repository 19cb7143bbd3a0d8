"""Calibrated confidences and ``evaluate --by-class`` (error classes and the share right per confidence)."""
from __future__ import annotations

import json

from extract.grammar import load_grammar
from tests.conftest import run_cli


def test_calibrated_confidence_rises_with_the_rule_confidence_and_stays_a_share():
    g = load_grammar()
    assert g.calibration, "extract/data/calibration.json is missing: run scripts/calibrate.py"
    values = [g.calibrate(r / 100) for r in range(20, 100, 5)]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert all(0.0 < v <= 1.0 for v in values)


def test_evaluate_by_class_names_the_errors(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("سيطرت قوات النظام أمس على مدينة تدمر. وقصفت قوات النظام بلدة القريتين.\n", encoding="utf-8")
    out = tmp_path / "e.geojson"
    r = run_cli("extract", str(art), "--published", "2016-03-27", "--jobs", "1", "-o", str(out))
    assert r.returncode == 0, r.stderr
    gold = tmp_path / "gold.jsonl"
    rows = [{"article": "a", "mention": "تدمر", "lat": 34.56, "lon": 38.28, "force": "government",
             "relation": "captured", "required": True},
            {"article": "a", "mention": "السخنة", "lat": 34.9, "lon": 38.87, "force": "isis",
             "relation": "lost", "required": True, "evidence": "خسر التنظيم بلدتي أرك، والسخنة"}]
    gold.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in rows) + "\n", encoding="utf-8")
    text = run_cli("evaluate", str(gold), str(out), "--by-class")
    assert text.returncode == 0, text.stderr
    assert "confidence ≥ c" in text.stdout and "false positives by class:" in text.stdout
    assert "later member of a list" in text.stdout  # the missed السخنة, second of a list
    js = json.loads(run_cli("evaluate", str(gold), str(out), "--by-class", "--json").stdout)
    assert js["missed"] == {"later member of a list": 1} and sum(js["false positives"].values()) == 1
    assert [row[0] for row in js["calibration"]] == [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
