"""Every place of the seed gold file resolves within its tolerance, read from ../shared at run time."""
from __future__ import annotations

import json

from arabic.normalize import normalize
from gazetteer.model import Place
from gazetteer.resolve import distance_km


def test_every_seed_mention_resolves_within_tolerance(shared, gaz):
    rows = [json.loads(line) for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert rows
    scans: dict[str, list] = {}
    failures = []
    for row in rows:
        article = row["article"]
        if article not in scans:
            scans[article] = gaz.scan((shared / "seeds" / f"{article}.txt").read_text(encoding="utf-8"))
        truth = Place("gold", row["mention"], "", row["lat"], row["lon"], "site")
        found = [m for m in scans[article] if normalize(m.surface) == normalize(row["mention"])]
        dists = [distance_km(m.place, truth) for m in found if m.place]
        if not dists or min(dists) > row["tol_km"]:
            failures.append((row["mention"], article, [m.status for m in found], [round(d) for d in dists]))
    assert not failures, failures


def test_seed_lookups_in_isolation(shared, gaz):
    """The same names typed alone (no article context) still resolve, except the ones only the text locates."""
    rows = [json.loads(line) for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    ok = 0
    for row in rows:
        cands = gaz.lookup(row["mention"])
        truth = Place("gold", row["mention"], "", row["lat"], row["lon"], "site")
        ok += bool(cands) and distance_km(cands[0].place, truth) <= row["tol_km"]
    print(f"seed names resolved in isolation: {ok}/{len(rows)}")
    assert ok >= len(rows) - 2
