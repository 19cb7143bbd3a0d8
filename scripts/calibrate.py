#!/usr/bin/env python3
"""Fit the extractor's confidence to what it gets right: extract/data/calibration.json.

Runs the extractor with raw rule confidences over the development sets (read from the shared folder at run
time: ``$CONFLICTMAP_SHARED``, default ../shared), matches each located event to the gold claims with the
project's scorer, bins the events by raw confidence, and pools adjacent bins until the share right rises
with the confidence (isotonic regression, pool-adjacent-violators). The knots written are (mean raw
confidence, share right) per pooled bin, with the counts: numbers only, no article text, so the installed
tool needs nothing from the shared folder. Rerun after changing the grammar:

    CONFLICTMAP_SHARED=/path/to/shared python scripts/calibrate.py [dev dev2 ...]
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.fsio import atomic_write_text  # noqa: E402
from evaluation.scorer import load_gold, match  # noqa: E402
from extract.forces import load_lexicon  # noqa: E402
from extract.grammar import CALIBRATION, load_grammar  # noqa: E402
from extract.pipeline import extract_article  # noqa: E402
from gazetteer import load_gazetteer  # noqa: E402
from readers.articles import iter_articles  # noqa: E402

EDGES = (0.0, 0.45, 0.55, 0.65, 0.75, 0.85, 1.01)


def outcomes(shared: Path, name: str) -> list[tuple[float, bool]]:
    """(raw confidence, right?) of every located event the extractor makes on one development set."""
    folder = shared / name
    gold = load_gold(folder / "gold.jsonl")
    meta = folder / "meta.jsonl"
    grammar = replace(load_grammar(), calibration=())
    gaz, forces = load_gazetteer(), load_lexicon()
    preds = []
    for art in iter_articles([str(folder / "articles")], meta_path=str(meta) if meta.exists() else None):
        for e in extract_article(art, gazetteer=gaz, forces=forces, grammar=grammar):
            if e.located:
                preds.append({"article": art.id, "force": e.force, "relation": e.relation, "lat": e.lat,
                              "lon": e.lon, "mention": e.mention, "confidence": e.confidence})
    right = match(gold, preds)
    return [(p["confidence"], i in right) for i, p in enumerate(preds)]


def isotonic(rows: list[tuple[float, bool]]) -> list[dict]:
    """Bins by raw confidence, pooled until the share right rises: [{raw, share, events}]."""
    bins = []
    for lo, hi in zip(EDGES, EDGES[1:]):
        sel = [r for r in rows if lo <= r[0] < hi]
        if sel:
            bins.append([sum(r[0] for r in sel), sum(r[1] for r in sel), len(sel)])
    i = 0
    while i < len(bins) - 1:
        if bins[i][1] / bins[i][2] > bins[i + 1][1] / bins[i + 1][2]:  # a violator: pool with the next bin
            bins[i] = [a + b for a, b in zip(bins[i], bins.pop(i + 1))]
            i = max(0, i - 1)
        else:
            i += 1
    return [{"raw": round(s / n, 3), "share": round(k / n, 3), "events": n} for s, k, n in bins]


def main(argv: list[str]) -> int:
    shared = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
    sets = argv or ["dev", "dev2"]
    rows = [r for name in sets for r in outcomes(shared, name)]
    knots = isotonic(rows)
    doc = {"_comment": "Made by scripts/calibrate.py: (mean raw rule confidence, share of events right) per pooled "
                       "bin, on the development sets named; extract/grammar.py interpolates between the knots.",
           "measured_on": sets, "events": len(rows), "knots": [[k["raw"], k["share"]] for k in knots],
           "events_per_knot": [k["events"] for k in knots]}
    atomic_write_text(CALIBRATION, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    print(f"calibration: {len(rows)} events on {', '.join(sets)} -> {CALIBRATION}")
    for k in knots:
        print(f"  raw {k['raw']:.3f}: {k['share']:.3f} right ({k['events']} events)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
