#!/usr/bin/env python3
"""Run the stage benchmarks and print one table per stage, beside a naive baseline.

    python -m bench.run [--quick] [--only gazetteer,extract,readers,geo,maps,scale] [--json rows.json]

Each stage lives in bench/<stage>.py and exposes ``main(quick: bool = False) -> list[dict]``
(see bench/common.py). Stages whose module is not written yet are skipped with a note.
Inputs are generated at run time (bench/corpus.py). Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

from bench.common import print_table
from core.fsio import atomic_write_text

_ROOT = Path(__file__).resolve().parent.parent

STAGES = ("gazetteer", "extract", "readers", "geo", "maps", "scale")


def machine() -> str:
    """Cores (usable / online), Python and OS: what a reader needs to compare figures."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"machine: {usable} usable cores ({os.cpu_count()} online), Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.system()} {platform.release()} {platform.machine()}")


def _median_run(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup_rows() -> list[dict]:
    """``python cli.py --help`` wall time (median of 5) beside a bare interpreter start."""
    cli = _median_run([sys.executable, str(_ROOT / "cli.py"), "--help"])
    bare = _median_run([sys.executable, "-c", "pass"])
    return [{"stage": "cli start-up", "size": 1, "seconds": cli, "throughput": None, "unit": "python cli.py --help",
             "peak_mb": None, "baseline_seconds": bare, "baseline_throughput": None}]


def run_stage(name: str, quick: bool) -> list[dict] | None:
    """Rows of one stage, or None when it is missing or failed (with the reason printed)."""
    if importlib.util.find_spec(f"bench.{name}") is None:
        print(f"\n== {name} ==\n(skipped: bench/{name}.py is not written yet)")
        return None
    try:
        rows = importlib.import_module(f"bench.{name}").main(quick=quick)
    except Exception as err:  # one broken stage must not hide the others' figures
        print(f"\n== {name} ==\n(failed: {type(err).__name__}: {err})", flush=True)
        traceback.print_exc(file=sys.stderr)
        return None
    print_table(rows, title=name)
    return rows


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a minute or two)")
    parser.add_argument("--only", default=",".join(STAGES), help=f"comma-separated stages out of: {','.join(STAGES)}")
    parser.add_argument("--json", metavar="FILE", help="also write every row to FILE as JSON")
    args = parser.parse_args(argv)
    args.stages = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in args.stages if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Print the machine, CLI start-up and each stage's table; exit 1 if a stage failed."""
    args = parse_args(argv)
    print(machine())
    print(f"mode: {'quick' if args.quick else 'full'}; ratio = naive seconds / seconds (above 1: faster than naive)")
    all_rows = startup_rows()
    print_table(all_rows, title="cli start-up")
    print("(median of 5 runs; naive = a bare `python -c pass`)")
    failed = False
    for name in args.stages:
        rows = run_stage(name, args.quick)
        if rows is None and importlib.util.find_spec(f"bench.{name}") is not None:
            failed = True
        all_rows.extend(rows or [])
    if args.json:
        atomic_write_text(args.json, json.dumps(all_rows, ensure_ascii=False, indent=1, default=str) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
