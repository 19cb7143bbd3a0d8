"""Regression floor on the five seed articles (read from the shared folder at run time, never copied)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from evaluation.scorer import evaluate_files
from tests.conftest import run_cli

F1_FLOOR = 0.85  # measured 0.970 (precision 0.941, recall 1.0, 13/13 required); see the README
# Measured 0.867 (13/15): both dates of الخالدي and خان طومان are right, but the two villages are 2 km apart and
# were both taken by the government two days apart, so the scorer pairs our two events crosswise. Our
# coordinates are our own; they are not moved towards the gold file to win this back.
DATE_FLOOR = 0.85


@pytest.fixture(scope="module")
def seeds_result(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "events.geojson"
    r = run_cli("extract", str(shared / "seeds"), "--meta", str(shared / "gold" / "seeds_metadata.jsonl"),
                "-o", str(out))
    assert r.returncode == 0, r.stderr
    return out, evaluate_files(shared / "gold" / "seeds.jsonl", out)


def test_seed_f1_floor(seeds_result):
    _, score = seeds_result
    assert score.f1 >= F1_FLOOR, (score.f1, score.missed, score.false_positive_list)


def test_seed_event_dates(seeds_result):
    _, score = seeds_result
    assert score.date_accuracy is not None and score.date_accuracy >= DATE_FLOOR


def test_every_required_seed_claim_is_found(seeds_result):
    _, score = seeds_result
    assert score.missed == []


def test_our_scorer_agrees_with_the_shared_one(shared, seeds_result):
    out, score = seeds_result
    r = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(shared / "gold" / "seeds.jsonl"),
                        str(out), "--json"], capture_output=True, text=True, check=True)
    theirs = json.loads(r.stdout)
    assert (theirs["f1"], theirs["true_positives"], theirs["required_found"], theirs["date_accuracy"]) == (
        score.f1, score.true_positives, score.required_found, score.date_accuracy)
