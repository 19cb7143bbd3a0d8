"""Extraction benchmark: articles/s and MB/s of ``extract_article`` beside a naive baseline, one core.

The corpus recombines seed sentences at run time (bench/corpus.py; never committed). The naive
baseline is the first thing one would write: every gazetteer hit in a sentence paired with the
force name nearest to it in that sentence, no claim grammar at all. Both run in this process, on
one core, on the same articles, with the gazetteer and the lexicon loaded beforehand.

Wall time says what a user waits; CPU time (``time.process_time``) is what one core spends, and
stays honest on a machine shared with other work. Both are printed, best of ``repeat`` runs, as
well as the CPU milliseconds per article of the extractor without the gazetteer scan (what the
claim rules, forces, dates and provenance cost on top of finding the places).
Run with ``python -m bench.extract`` or ``python -m bench.run --only extract``. Prints; asserts nothing.
"""
from __future__ import annotations

import re
import time
from typing import Any, Callable

from bench.common import print_table, row

_SENTENCE = re.compile(r"[^.!?؟\n]+")


def naive_extract(text: str, gazetteer, forces) -> list[tuple[str, str]]:
    """Gazetteer hits plus the nearest force name in the same sentence: (place surface, force id)."""
    hits = gazetteer.scan(text)
    found = forces.find(text)
    out = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        fs = [f for f in found if s <= f.start < e]
        if not fs:
            continue
        for h in hits:
            if s <= h.start < e:
                nearest = min(fs, key=lambda f: abs(f.start - h.start))
                out.append((h.surface, nearest.force))
    return out


class _Prescanned:
    """A place finder that hands back mentions found beforehand: times the extractor without the scan."""

    def __init__(self, mentions: dict[str, list]) -> None:
        self._mentions = mentions
        self.key = ""

    def scan(self, nt) -> list:
        return self._mentions[self.key]


def best_times(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of ``repeat`` runs of ``fn``."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(max(1, repeat)):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return wall, cpu


def main(quick: bool = False) -> list[dict]:
    from bench.corpus import generate_corpus
    from extract.forces import load_lexicon
    from extract.pipeline import extract_article
    from gazetteer import load_gazetteer

    gazetteer, forces = load_gazetteer(), load_lexicon()
    articles = generate_corpus(200 if quick else 3000, seed=11)
    n = len(articles)
    megabytes = sum(len(a.text.encode("utf-8")) for a in articles) / 2**20
    for a in articles[:50]:  # warm regex and normalisation caches
        extract_article(a, gazetteer=gazetteer, forces=forces)
        naive_extract(a.text, gazetteer, forces)

    def ours() -> None:
        for a in articles:
            extract_article(a, gazetteer=gazetteer, forces=forces)

    def naive() -> None:
        for a in articles:
            naive_extract(a.text, gazetteer, forces)

    mentions: dict[str, list] = {}

    def scan_only() -> None:
        for a in articles:
            mentions[a.id] = gazetteer.scan(a.text)

    prescanned = _Prescanned(mentions)

    def without_scan() -> None:
        for a in articles:
            prescanned.key = a.id
            extract_article(a, gazetteer=prescanned, forces=forces)

    repeat = 2 if quick else 3
    wall, cpu = best_times(ours, repeat)
    naive_wall, naive_cpu = best_times(naive, repeat)
    _, scan_cpu = best_times(scan_only, repeat)
    _, rest_cpu = best_times(without_scan, repeat)
    n_events = sum(len(extract_article(a, gazetteer=gazetteer, forces=forces)) for a in articles[:200])
    n_naive = sum(len(naive_extract(a.text, gazetteer, forces)) for a in articles[:200])
    rows = [row("extract, wall", n, wall, "articles/s", baseline_seconds=naive_wall),
            row("extract, wall", round(megabytes, 2), wall, "MB/s", baseline_seconds=naive_wall),
            row("extract, CPU", n, cpu, "articles/s", baseline_seconds=naive_cpu),
            row("extract, CPU", round(megabytes, 2), cpu, "MB/s", baseline_seconds=naive_cpu)]
    print(f"{n} articles, {megabytes:.2f} MB; events per 200 articles: {n_events} (naive pairs: {n_naive}); "
          f"ratio = naive seconds / our seconds")
    print(f"CPU per article: {cpu / n * 1000:.3f} ms in all = gazetteer scan {scan_cpu / n * 1000:.3f} ms "
          f"+ everything else {rest_cpu / n * 1000:.3f} ms (rules, forces, dates, provenance)")
    return rows


if __name__ == "__main__":
    import sys

    print_table(main(quick="--quick" in sys.argv), title="extract")
