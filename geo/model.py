"""The state model: events (one claim about one place), place states, snapshots and changes.

Every record keeps its provenance (article, sentence, offsets, rule, confidence) so an
analyst can check any dot on the map. Dates are ``datetime.date``; ISO strings appear only
at I/O boundaries (geo/io.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RELATIONS = ("captured", "controls", "lost", "withdrew", "besieged", "contested", "attacked")
# The scorer's relation classes: a hold, a loss, a contest, an attack.
RELATION_CLASS = {
    "captured": "hold", "controls": "hold", "lost": "lose", "withdrew": "lose",
    "contested": "contest", "besieged": "contest", "attacked": "attack",
}
PRECISIONS = ("day", "week", "month", "year")
STATES = ("held", "contested", "besieged", "unknown")
CHANGES = ("gained", "lost", "changed_hands", "contested", "unchanged")


LOCATED = frozenset({"resolved", "approximate"})  # statuses that carry a point


@dataclass(frozen=True)
class Event:
    """One extracted claim: ``force`` did ``relation`` to a place, on ``date``, per ``source``.

    ``status`` is ``resolved`` (lat/lon set), ``approximate`` (a site no gazetteer lists — a checkpoint,
    a hospital, a base — placed at the known place the text anchors it to: ``anchor_id``/``anchor_ar``, with
    ``geo_precision`` 2 near or part of a place, 3 a region) or ``unresolved`` (the place name could not be
    located: lat/lon are None, never 0/0). Offsets index the article text.
    """

    source: str
    force: str
    relation: str
    mention: str
    mention_start: int
    mention_end: int
    sentence: str
    sentence_start: int
    rule: str
    confidence: float
    status: str = "resolved"
    place_id: str | None = None
    place_ar: str = ""
    place_en: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = ""
    admin1: str = ""
    country: str = ""
    date: date | None = None
    date_precision: str | None = None
    date_expr: str | None = None
    published: date | None = None
    force_mention: str = ""
    force_start: int | None = None
    force_end: int | None = None
    reporter: str | None = None
    url: str | None = None
    outlet: str | None = None
    geo_precision: int | None = None  # 1 the place itself, 2 near or part of a place, 3 a region (ACLED's sense)
    anchor_id: str | None = None  # approximate events: the known place the site was anchored to
    anchor_ar: str = ""

    @property
    def located(self) -> bool:
        """Has a point a map or a snapshot may use (resolved, or approximate at its anchor)."""
        return self.status in LOCATED and self.lat is not None and self.lon is not None

    @property
    def effective_date(self) -> date | None:
        """The event date, falling back to the publication date (what snapshots order by)."""
        return self.date or self.published


@dataclass(frozen=True)
class Evidence:
    """The part of an event a map popup or a snapshot row shows as its evidence."""

    source: str
    force: str
    relation: str
    sentence: str
    date: date | None
    rule: str
    confidence: float
    url: str | None = None
    outlet: str | None = None


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
