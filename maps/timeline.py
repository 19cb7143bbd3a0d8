"""Which dates a timeline shows, and the snapshot for each (computed once, in Python)."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from geo.model import Snapshot
from geo.snapshot import as_index, snapshot
from records.event import Event

MAX_DATES = 150  # slider stops; beyond this, dates are thinned evenly (first and last kept)


def timeline_dates(events: Sequence[Event], *, until: date | None = None, limit: int = MAX_DATES) -> list[date]:
    """The distinct effective dates of located events (up to ``until``), thinned to ``limit``."""
    dates = sorted({e.effective_date for e in events
                    if e.effective_date and e.lat is not None and (until is None or e.effective_date <= until)})
    if len(dates) <= limit:
        return dates
    step = (len(dates) - 1) / (limit - 1)
    return sorted({dates[round(i * step)] for i in range(limit)})


def snapshots_at(events: Sequence[Event], dates: Sequence[date]) -> list[Snapshot]:
    """geo's snapshot for each date (the map never re-implements the control policy)."""
    index = as_index(events)  # sorted once, reused for every date
    return [snapshot(index, d) for d in dates]
