"""Progress reporting for multi-file work: a tqdm bar on stderr only when stderr is a terminal."""
from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")

QUIET = False  # set once by cli.main from --quiet; read-only elsewhere


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "article") -> Iterator[T]:
    """Yield ``items``, drawing a progress bar when stderr is an interactive terminal.

    Pipes, CI logs and ``--quiet`` get no bar, so captured output stays clean.
    """
    if QUIET or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm  # lazy: heavy third-party import, kept off start-up

    yield from tqdm(items, total=total, desc=desc, file=sys.stderr, unit=unit, leave=False)
