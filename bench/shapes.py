"""Extraction time per MB for one long record in every input shape: .txt, JSONL, CSV and HTML.

Why: a reader that hands the extractor one huge record, or an extractor step that rescans
the whole article per mention, makes work grow faster than input (issue 14 item 9). Each
shape is generated at run time (bench/corpus.py texts) as ONE record of 1 to 50 MB, read
with ``iter_articles`` and extracted in this process; the table prints seconds per MB and
the peak memory. Flat CPU seconds per MB across sizes = linear work (CPU, not wall, time:
other processes on the machine do not count); a flat peak = bounded memory, beyond the one
JSONL line or HTML page that must be held whole. ``python -m bench.shapes`` (``--quick``: 1 and 8 MB; ``--sizes 1 10 50``).
Prints; asserts nothing (tests/test_robustness.py checks the ratio on small sizes).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import measure

MB = 2**20
SHAPES = ("txt", "jsonl", "csv", "html")


def _body(size_mb: float) -> str:
    """About ``size_mb`` MB (UTF-8) of generated news text, paragraphs separated by blank lines."""
    from bench.corpus import generate_corpus

    texts = [a.text for a in generate_corpus(200, seed=11)]
    block = "\n\n".join(texts) + "\n\n"
    per = len(block.encode("utf-8"))
    return block * max(1, round(size_mb * MB / per))


def write_shape(folder: Path, shape: str, body: str) -> Path:
    """One file holding ``body`` as a single record of the given shape."""
    path = folder / f"long.{shape}"
    if shape == "txt":
        path.write_text(body, encoding="utf-8")
    elif shape == "jsonl":
        path.write_text(json.dumps({"id": "long", "published": "2017-03-01", "text": body}, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    elif shape == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "published", "text"])
            writer.writerow(["long", "2017-03-01", body])
    else:
        paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n") if p)
        path.write_text(f"<html><head><title>خبر</title></head><body><article>{paragraphs}</article></body></html>",
                        encoding="utf-8")
    return path


def run_one(path: Path) -> tuple[int, int]:
    """Read and extract every part of ``path`` here; (parts, events)."""
    from engines.parallel import worker_resources
    from extract.pipeline import extract_article
    from readers.articles import Problem, iter_articles

    gazetteer, forces = worker_resources(None)
    parts = events = 0
    for item in iter_articles([str(path)], published="2017-03-01"):
        if isinstance(item, Problem):
            continue
        parts += 1
        events += len(extract_article(item, gazetteer=gazetteer, forces=forces))
    return parts, events


def measure_shapes(sizes: list[float], shapes: tuple[str, ...] = SHAPES) -> list[dict]:
    """One row per (shape, size): MB, seconds, seconds per MB, peak MB, parts, events."""
    from engines.parallel import worker_resources

    worker_resources(None)  # load the gazetteer before timing
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-shapes-") as tmp:
        for size in sizes:
            body = _body(size)
            for shape in shapes:
                path = write_shape(Path(tmp), shape, body)
                mb = path.stat().st_size / MB
                out: dict = {}
                cpu = time.process_time()
                seconds, peak = measure(lambda: out.update(zip(("parts", "events"), run_one(path))))
                cpu = time.process_time() - cpu
                rows.append({"shape": shape, "mb": mb, "seconds": seconds, "cpu_s_per_mb": cpu / mb,
                             "s_per_mb": seconds / mb, "peak_mb": peak, **out})
                path.unlink()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 and 8 MB only")
    parser.add_argument("--sizes", type=float, nargs="+", help="record sizes in MB (default 1 10 25 50)")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1, 8] if args.quick else [1, 10, 25, 50])
    rows = measure_shapes(sizes, tuple(args.shapes))
    print(f"{'shape':6} {'MB':>7} {'wall s':>8} {'wall s/MB':>9} {'CPU s/MB':>9} {'peak MB':>8} {'parts':>6} {'events':>7}")
    for r in rows:
        print(f"{r['shape']:6} {r['mb']:7.1f} {r['seconds']:8.2f} {r['s_per_mb']:9.3f} {r['cpu_s_per_mb']:9.3f} "
              f"{r['peak_mb']:8.1f} {r['parts']:6d} {r['events']:7d}")
    for shape in args.shapes:  # CPU time: on a shared machine wall time mostly measures the neighbours
        per = [r["cpu_s_per_mb"] for r in rows if r["shape"] == shape]
        if len(per) > 1:
            print(f"{shape}: CPU s/MB at the largest size is {per[-1] / per[0]:.2f}x that at the smallest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
