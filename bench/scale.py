"""Corpus scale: articles/s for 1 and 2 local jobs and for Dask with 2 local workers, with peak memory.

Peak memory here is the highest total RSS of this process *and all its children* (pool
workers, Dask nanny and worker processes), sampled every 50 ms, because most of the work
happens outside this process. Run: ``python -m bench.scale [--quick]``.
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from typing import Any, Callable

from extract.model import Article

SIZE, QUICK_SIZE = 20_000, 2_000


def peak_rss(fn: Callable[[], Any], every: float = 0.05) -> tuple[Any, float, float]:
    """Run ``fn``; return (its result, wall seconds, peak MB of RSS summed over this process and its children)."""
    import psutil

    me = psutil.Process()
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            done.wait(every)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    start = time.perf_counter()
    try:
        result = fn()
    finally:
        seconds = time.perf_counter() - start
        done.set()
        thread.join()
    return result, seconds, peak / 2**20


def _count(articles: list[Article], **options: Any) -> int:
    from extract.parallel import extract_many

    return sum(len(item[1]) for item in extract_many(articles, **options) if isinstance(item, tuple))


def main(quick: bool = False) -> list[dict]:
    """Rows in bench/common.py's shape, one per engine configuration on the same corpus (naive = 1 job)."""
    from bench.common import row
    from extract.parallel import worker_resources

    from bench.corpus import generate_corpus

    articles = generate_corpus(QUICK_SIZE if quick else SIZE)
    worker_resources()  # warm the gazetteer cache, so no configuration pays for building it
    configs = [("1 job", {"jobs": 1}), ("2 jobs", {"jobs": 2}), ("dask, 2 workers", {"jobs": 2, "engine": "dask"})]
    rows: list[dict] = []
    baseline = events = None
    for name, options in configs:
        found, seconds, peak = peak_rss(lambda: _count(articles, chunk_size=64, **options))
        if events is not None and found != events:  # tests check equality; a benchmark only reports
            print(f"warning: {name} found {found} events, the single-process run {events} "
                  "(was the code edited during the run?)", file=sys.stderr)
        events, baseline = events or found, baseline or seconds
        rows.append({**row("scale", len(articles), seconds, f"articles/s ({name})", peak_mb=peak,
                           baseline_seconds=baseline), "events": found})
    return rows


if __name__ == "__main__":
    from bench.common import print_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE:,} articles instead of {SIZE:,}")
    results = main(parser.parse_args().quick)
    print_table(results, "scale (peak MB: this process and its workers)")
    print("events found: " + ", ".join(f"{r['unit']}: {r['events']}" for r in results))
