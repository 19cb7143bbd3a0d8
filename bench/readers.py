"""Readers and dates benchmark: streaming a huge text file in bounded memory, beside a naive ``read()``.

For 10/50/200 MB generated files (``--quick``: 10 MB), prints MB/s and the peak memory of
``iter_articles`` (parts of ``PART_CHARS`` characters) against reading the whole file and hashing it,
then articles/s for a folder of small files and for ``find_dates``. Files are generated at run time
in a temporary folder from bench/corpus.py. Run ``python -m bench.readers`` or
``python -m bench.run --only readers``. Prints; asserts nothing.
"""
from __future__ import annotations

import hashlib
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.common import measure, print_table, row, timed

MB = 2**20
NAIVE_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|أمس|اليوم")


def _texts(n: int) -> list[str]:
    from bench.corpus import generate_corpus

    return [a.text for a in generate_corpus(n, seed=7)]


def _big_file(path: Path, size_mb: int, texts: list[str]) -> int:
    """Write about ``size_mb`` MB of articles separated by blank lines, CRLF endings on every other one."""
    blocks = [(t if i % 2 else t.replace("\n", "\r\n")).encode("utf-8") + b"\n\n" for i, t in enumerate(texts)]
    written = 0
    with open(path, "wb") as fh:
        while written < size_mb * MB:
            for block in blocks:
                fh.write(block)
                written += len(block)
    return written


def _streamed(path: Path) -> int:
    from readers.articles import iter_articles

    return sum(1 for _ in iter_articles([str(path)]))


def _naive(path: Path) -> int:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    hashlib.sha256(text.encode("utf-8")).hexdigest()
    return 1


def main(quick: bool = False) -> list[dict]:
    from readers import articles as readers
    from arabic.dates import find_dates

    rows: list[dict] = []
    texts = _texts(200)
    with tempfile.TemporaryDirectory(prefix="bench-readers-") as tmp:
        for size_mb in (10,) if quick else (10, 50, 200):
            path = Path(tmp) / f"dump{size_mb}.txt"
            nbytes = _big_file(path, size_mb, texts)
            parts = _streamed(path)
            seconds, peak = measure(lambda: _streamed(path))
            naive_s, naive_peak = measure(lambda: _naive(path))
            rows.append(row("readers", round(nbytes / MB, 1), seconds,
                            f"MB/s streamed into {parts} parts of <= {readers.PART_CHARS:,} chars "
                            f"(naive read(): peak {naive_peak:.0f} MB)", peak_mb=peak, baseline_seconds=naive_s))
            path.unlink()

        folder = Path(tmp) / "corpus"
        from bench.corpus import write_corpus
        n = 500 if quick else 3000
        write_corpus(folder, n)
        files = sorted(folder.glob("*.txt"))
        meta = str(folder / "meta.jsonl")
        seconds = timed(lambda: sum(1 for _ in readers.iter_articles([str(folder)], meta_path=meta)), repeat=1)
        naive_s = timed(lambda: [f.read_text(encoding="utf-8") for f in files], repeat=1)
        rows.append(row("readers", n, seconds, "articles/s from a folder of .txt files with --meta "
                        "(naive: read_text each)", baseline_seconds=naive_s))

    sample = texts * (1 if quick else 5)
    published = date(2017, 12, 12)
    seconds = timed(lambda: [find_dates(t, published) for t in sample], repeat=3)
    naive_s = timed(lambda: [NAIVE_DATE.findall(t) for t in sample], repeat=3)
    found = sum(len(find_dates(t, published)) for t in texts)
    naive_found = sum(len(NAIVE_DATE.findall(t)) for t in texts)
    rows.append(row("readers", len(sample), seconds,
                    f"find_dates articles/s ({found} expressions in 200 texts; naive regex: {naive_found})",
                    baseline_seconds=naive_s))
    return rows


if __name__ == "__main__":
    print_table(main(quick="--quick" in sys.argv), title="readers")
