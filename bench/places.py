"""Synthetic place lists for the gazetteer memory bench and tests: Arabic-like names, valid coordinates.

A real GeoNames or OCHA list cannot be shipped with the tests, and its size is what matters for
memory, not its names. The generator is deterministic (one seed), writes the CSV layout that
``gazetteer import --format csv`` reads, and gives names the shapes news names have: one or two
words, an article or a generic head (تل، عين، كفر …) on some, an alternate spelling on some,
and a share of namesakes (the same name far apart), so the index holds realistic postings.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Iterator

_CONSONANTS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
_VOWELS = ("ا", "و", "ي", "")
_HEADS = ("تل", "عين", "كفر", "دير", "خربة", "بير", "ام", "ابو")
_LATIN = "bdfhjklmnqrstwyz"
HEADER = ("id", "name_ar", "name_en", "alt_names_ar", "lat", "lon", "kind", "admin1", "population")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 3)))


def _name(rng: random.Random) -> str:
    word = _word(rng)
    roll = rng.random()
    if roll < 0.25:
        return "ال" + word
    if roll < 0.45:
        return rng.choice(_HEADS) + " " + word
    if roll < 0.55:
        return word + " " + _word(rng)
    return word


def iter_place_rows(n: int, *, seed: int = 1) -> Iterator[tuple]:
    """``n`` rows in ``HEADER`` order; about 5% reuse an earlier name (namesakes) far from it."""
    rng = random.Random(seed)
    recent: list[str] = []
    for i in range(n):
        name = rng.choice(recent) if recent and rng.random() < 0.05 else _name(rng)
        recent.append(name)
        if len(recent) > 1000:
            recent = recent[-500:]
        alt = _name(rng) if rng.random() < 0.3 else ""
        latin = "".join(rng.choice(_LATIN) + rng.choice("aiu") for _ in range(3)).title()
        yield (f"P{i}", name, latin, alt, f"{rng.uniform(32.3, 37.3):.5f}", f"{rng.uniform(35.7, 42.4):.5f}",
               "village" if rng.random() < 0.9 else "town", f"Gov{i % 14}", rng.choice((0, 0, 120, 800, 3500)))


def write_place_csv(path: str | Path, n: int, *, seed: int = 1) -> Path:
    """Write ``n`` synthetic places to ``path`` (UTF-8 CSV with a header); returns the path."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(iter_place_rows(n, seed=seed))
    return path
