"""Extraction benchmark: articles/s and MB/s of ``extract_article`` beside a naive baseline, one core.

The corpus recombines seed sentences at run time (bench/corpus.py; never committed). The naive
baseline is the first thing one would write: every gazetteer hit in a sentence paired with the
force name nearest to it in that sentence, no claim grammar at all. Both run in this process on
the same articles, with the gazetteer and the lexicon loaded beforehand. Run with
``python -m bench.extract`` or ``python bench/run.py --only extract``. Prints; asserts nothing.
"""
from __future__ import annotations

import re

from bench.common import print_table, row, timed

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


def main(quick: bool = False) -> list[dict]:
    from bench.corpus import generate_corpus
    from extract.forces import load_forces
    from extract.pipeline import extract_article
    from gazetteer import load_gazetteer

    gazetteer, forces = load_gazetteer(), load_forces()
    articles = generate_corpus(200 if quick else 3000, seed=11)
    megabytes = sum(len(a.text.encode("utf-8")) for a in articles) / 2**20
    extract_article(articles[0], gazetteer=gazetteer, forces=forces)  # warm regex caches

    def ours() -> None:
        for a in articles:
            extract_article(a, gazetteer=gazetteer, forces=forces)

    def naive() -> None:
        for a in articles:
            naive_extract(a.text, gazetteer, forces)

    repeat = 2 if quick else 1
    seconds, baseline = timed(ours, repeat), timed(naive, repeat)
    n_events = sum(len(extract_article(a, gazetteer=gazetteer, forces=forces)) for a in articles[:200])
    n_naive = sum(len(naive_extract(a.text, gazetteer, forces)) for a in articles[:200])
    rows = [row("extract", len(articles), seconds, "articles/s", baseline_seconds=baseline),
            row("extract", round(megabytes, 2), seconds, "MB/s", baseline_seconds=baseline)]
    print(f"{len(articles)} articles, {megabytes:.2f} MB; events per 200 articles: {n_events} "
          f"(naive pairs: {n_naive}); ratio = naive seconds / our seconds")
    return rows


if __name__ == "__main__":
    import sys

    print_table(main(quick="--quick" in sys.argv), title="extract")
