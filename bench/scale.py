"""Corpus scale: articles/s for 1 and 2 local jobs and for Dask with 2 local workers, with peak memory.

Wall time shows the scaling only on otherwise idle cores; CPU time (this process and its
ended children) shows what each engine costs per article whatever else runs, including
the start-up of pool or cluster. Peak memory is the highest total RSS of this process *and
all its children* (pool workers, Dask nannies and workers), sampled every 50 ms, because
most of the work happens outside this process. Every configuration reads the same generated
corpus from .txt files (plus meta.jsonl), as the CLI would: the local engines and the first
Dask row read them here and ship articles; the last row sends file names and each Dask
worker reads its own files. Run: ``python -m bench.scale [--quick]``.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from typing import Any, Callable


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


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its children that have ended."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _count(inputs: Any, **options: Any) -> int:
    from engines.parallel import extract_many

    return sum(len(item[1]) for item in extract_many(inputs, **options) if isinstance(item, tuple))


def main(quick: bool = False) -> list[dict]:
    """Rows in bench/common.py's shape, one per engine configuration on the same corpus (naive = 1 job)."""
    from bench.common import row
    from engines.parallel import worker_resources

    from bench.corpus import write_corpus
    from engines.parallel import FileInputs

    size = QUICK_SIZE if quick else SIZE
    with tempfile.TemporaryDirectory(prefix="conflictmap-scale-") as tmp:
        folder = write_corpus(os.path.join(tmp, "corpus"), size)
        files = FileInputs((str(folder),), meta_path=str(folder / "meta.jsonl"))
        worker_resources()  # warm the gazetteer cache, so no configuration pays for building it
        return _measure(files, size, row)


def _measure(files: Any, size: int, row: Callable[..., dict]) -> list[dict]:
    """One row per configuration over the same files."""
    configs = [("1 job", False, {"jobs": 1}), ("2 jobs", False, {"jobs": 2}),
               ("dask, 2 workers", False, {"jobs": 2, "engine": "dask"}),
               ("dask, 2 workers reading files", True, {"jobs": 2, "engine": "dask"})]
    rows: list[dict] = []
    baseline = events = None
    for name, on_workers, options in configs:
        inputs = (lambda: files) if on_workers else (lambda: files.read())
        cpu = cpu_seconds()
        found, seconds, peak = peak_rss(lambda: _count(inputs(), chunk_size=64, **options))
        cpu = cpu_seconds() - cpu
        if events is not None and found != events:  # tests check equality; a benchmark only reports
            print(f"warning: {name} found {found} events, the single-process run {events} "
                  "(was the code edited during the run?)", file=sys.stderr)
        events, baseline = events or found, baseline or seconds
        rows.append({**row("scale", size, seconds, f"articles/s ({name})", peak_mb=peak,
                           baseline_seconds=baseline), "events": found, "cpu_seconds": cpu})
    return rows


if __name__ == "__main__":
    from bench.common import print_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE:,} articles instead of {SIZE:,}")
    results = main(parser.parse_args().quick)
    print_table(results, "scale (peak MB: this process and its workers)")
    for r in results:  # CPU time shows the engine's overhead even when other load hides the speed-up
        print(f"{r['unit']}: {r['events']} events, {r['cpu_seconds']:.1f} CPU s "
              f"({1000 * r['cpu_seconds'] / r['size']:.2f} ms per article)")
