"""Measure lookup on ../shared/gazetteer-eval/syria_places.csv (read at run time, never committed).

Prints the share answered, top-1 within 10/25 km and precision, per kind; asserts the floors of
issue 12. Only the name goes into the lookup: the list's coordinates are used to score, never to decide.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict

from gazetteer.model import Place
from gazetteer.resolve import CONFIDENT, distance_km
from tests.conftest import require


def evaluate(gaz, rows) -> dict[str, Counter]:
    stats: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        cands = gaz.lookup(row["name_ar"])
        truth = Place("eval", row["name_ar"], "", float(row["lat"]), float(row["lon"]), "site")
        d = distance_km(cands[0].place, truth) if cands else None
        groups = ["all", row["kind"]] + (["city+town"] if row["kind"] in ("city", "town") else [])
        for g in groups:
            s = stats[g]
            s["rows"] += 1
            if d is None:
                continue
            s["top1_10"] += d <= 10
            s["top1_25"] += d <= 25
            if cands[0].score >= CONFIDENT:
                s["answered"] += 1
                s["answered_25"] += d <= 25
    return stats


def test_syria_places_eval(shared, gaz):
    path = shared / "gazetteer-eval" / "syria_places.csv"
    require(path.is_file(), f"{path} not found")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    stats = evaluate(gaz, rows)
    print(f"\n{'subset':<12}{'rows':>6}{'answered':>10}{'top1≤10km':>11}{'top1≤25km':>11}{'precision':>11}")
    for name in ("all", "city+town", "city", "town", "subdistrict", "village", "site"):
        s = stats[name]
        if not s["rows"]:
            continue
        print(f"{name:<12}{s['rows']:>6}{s['answered'] / s['rows']:>10.3f}{s['top1_10'] / s['rows']:>11.3f}"
              f"{s['top1_25'] / s['rows']:>11.3f}{s['answered_25'] / max(1, s['answered']):>11.3f}")
    ct, overall, village = stats["city+town"], stats["all"], stats["village"]
    # Issue 12 floors (0.97 / 0.85 / 0.9), set a little below what the embedded communities reach
    # (0.987 / 0.888 / 0.973 when raised).
    assert ct["top1_10"] / ct["rows"] >= 0.975
    assert village["top1_10"] / village["rows"] >= 0.87
    assert overall["answered"] > 0 and overall["answered_25"] / overall["answered"] >= 0.95
