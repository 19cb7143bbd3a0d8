"""Shared helpers for the stage benchmarks (bench/<stage>.py): timing, peak memory, tables.

Each stage module exposes ``main(quick: bool = False) -> list[dict]`` returning rows with the keys
``stage, size, seconds, throughput, unit, peak_mb, baseline_seconds, baseline_throughput``
(missing values may be None). Run them from the project root as modules, ``python -m bench.run --only STAGE``
or ``python -m bench.STAGE`` (never ``python bench/geo.py``, which would put bench/ first on the import path).
"""
from __future__ import annotations

import gc
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Sequence

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")
COLUMNS = ("size", "seconds", "throughput", "unit", "peak_mb", "baseline_seconds", "baseline_throughput", "ratio")


def _status_kb(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", _STATUS.read_text(), re.MULTILINE)
    if not match:
        raise OSError(f"{field} missing from {_STATUS}")
    return int(match.group(1))


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0), so VmHWM measures only what follows."""
    try:
        _CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


def measure(fn: Callable[[], Any]) -> tuple[float, float]:
    """Run ``fn`` once; return (wall seconds, peak extra memory in MB).

    Memory is the rise of the process's peak RSS during the call, which also counts C
    allocations (GEOS, numpy, the C scanner) that tracemalloc cannot see. Where the peak
    cannot be reset (not Linux), it falls back to tracemalloc's Python-only peak, timed
    in a separate run because tracing slows Python code down.
    """
    gc.collect()
    if _reset_peak_rss():
        before = _status_kb("VmRSS")
        start = time.perf_counter()
        fn()
        seconds = time.perf_counter() - start
        return seconds, max(0, _status_kb("VmHWM") - before) / 1024
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak / 2**20


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` runs of ``fn`` (for small, noisy steps and baselines)."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def row(stage: str, size: int, seconds: float, unit: str, *, peak_mb: float | None = None,
        baseline_seconds: float | None = None) -> dict:
    """One result row; throughputs are ``size / seconds`` in ``unit`` (e.g. "articles/s")."""
    return {
        "stage": stage, "size": size, "seconds": seconds, "unit": unit, "peak_mb": peak_mb,
        "throughput": size / seconds if seconds else None,
        "baseline_seconds": baseline_seconds,
        "baseline_throughput": size / baseline_seconds if baseline_seconds else None,
    }


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and 0 < abs(value) < 0.001:
        return f"{value:.1e}"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        return f"{value:.3g}" if value < 10 else f"{value:.1f}"
    return str(value)


def _ratio(ratio: float | None) -> str:
    if not ratio:
        return "–"
    return f"{ratio:.1f}x" if ratio >= 0.1 else f"{ratio:.2g}x"


def format_table(rows: Sequence[dict], title: str | None = None) -> str:
    """Rows as an aligned text table; ``ratio`` is baseline seconds / seconds (above 1: faster than naive).

    A row's ``stage`` is shown in a first column when it says more than the table's title.
    """
    if not rows:
        return "(no rows)"
    labelled = any(r.get("stage") and r.get("stage") != title for r in rows)
    lines = []
    for r in rows:
        base, secs = r.get("baseline_seconds"), r.get("seconds")
        ratio = base / secs if base and secs else None
        lines.append(([str(r.get("stage") or "")] if labelled else []) + [
            _fmt(r.get("size")), _fmt(secs), _fmt(r.get("throughput")), r.get("unit") or "",
            _fmt(r.get("peak_mb")), _fmt(base), _fmt(r.get("baseline_throughput")), _ratio(ratio)])
    header = (["what"] if labelled else []) + ["size", "seconds", "throughput", "unit", "peak MB", "naive s",
                                                "naive thr.", "ratio"]
    left = {0, 4} if labelled else {3}  # text columns align left, numbers right
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]

    def join(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([join(header), "  ".join("-" * w for w in widths), *(join(line) for line in lines)])


def print_table(rows: Sequence[dict], title: str | None = None) -> None:
    """Print one stage's rows under a title (default: the first row's stage)."""
    name = title or (rows[0].get("stage") if rows else "")
    if name:
        print(f"\n== {name} ==")
    print(format_table(rows, title=name))
