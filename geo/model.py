"""The state model: place states, snapshots and changes (events are ``records.event.Event``).

Every record keeps its provenance (article, sentence, offsets, rule, confidence) so an
analyst can check any dot on the map. Dates are ``datetime.date``; ISO strings appear only
at I/O boundaries (records/schema.py, geo/io.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from records.event import Evidence

STATES = ("held", "contested", "besieged", "unknown")
CHANGES = ("gained", "lost", "changed_hands", "contested", "unchanged")


@dataclass(frozen=True)
class PlaceState:
    """Who controls one place on a snapshot date, how sure we are, and why.

    ``force`` is the holder (None when unknown); ``forces`` lists every force involved,
    holder first (two or more when contested; besieger and defender when besieged).
    """

    place_id: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    kind: str
    admin1: str
    country: str
    force: str | None
    forces: tuple[str, ...]
    state: str
    since: date | None
    last_seen: date | None
    confidence: float
    n_sources: int
    evidence: tuple[Evidence, ...] = ()
    stale: bool = False
    pcode: str = ""  # the community's OCHA P-code, when the place is one
    admin1_code: str = ""  # the rest of the admin chain (records/event.py), for grouping by district
    admin2: str = ""
    admin2_code: str = ""
    admin3: str = ""
    admin3_code: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Control of every known place on one date."""

    date: date
    places: tuple[PlaceState, ...]


@dataclass(frozen=True)
class Change:
    """How one place changed between two snapshots, with the events that explain it."""

    place_id: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    kind: str
    change: str
    from_force: str | None
    to_force: str | None
    from_state: str
    to_state: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Everything that changed between ``date_from`` and ``date_to``, plus per-force counts."""

    date_from: date
    date_to: date
    changes: tuple[Change, ...]
    summary: dict[str, dict[str, float]] = field(default_factory=dict)
