"""Regression floor on the second development set, the held-out one (read from the shared folder at run time,
never copied; no rule was written for one of its sentences: the gap to dev is the honest estimate)."""
from __future__ import annotations

from evaluation.scorer import evaluate_files
from tests.conftest import run_cli

F1_FLOOR = 0.79  # measured 0.812 (precision 0.865, recall 0.765) after the session-4 rounds; see the README
PRECISION_FLOOR = 0.84


def test_dev2_f1_floor(shared, tmp_path):
    out = tmp_path / "dev2.geojson"
    meta = shared / "dev2" / "meta.jsonl"
    r = run_cli("extract", str(shared / "dev2" / "articles"), *(["--meta", str(meta)] if meta.exists() else []),
                "-o", str(out))
    assert r.returncode == 0, r.stderr
    score = evaluate_files(shared / "dev2" / "gold.jsonl", out)
    assert score.f1 >= F1_FLOOR, (score.f1, score.precision, score.recall)
    assert score.precision >= PRECISION_FLOOR
