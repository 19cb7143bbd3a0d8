"""The event record: one claim about one place, with its provenance, and the relation vocabulary.

Every record keeps its provenance (article, sentence, offsets, rule, confidence) so an
analyst can check any dot on the map. Dates are ``datetime.date``; ISO strings appear only
at I/O boundaries (``records.schema``, ``geo.io``). The vocabularies are ``Literal`` types, and
the tuples beside them are derived from those types, so there is one list of each.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from datetime import date
from typing import Literal, get_args

Relation = Literal["captured", "controls", "lost", "withdrew", "besieged", "contested", "attacked"]
RelationClass = Literal["hold", "lose", "contest", "attack"]
Precision = Literal["day", "week", "month", "year"]
Status = Literal["resolved", "approximate", "unresolved", "ambiguous"]

RELATIONS: tuple[Relation, ...] = get_args(Relation)
# The scorer's relation classes: a hold, a loss, a contest, an attack.
RELATION_CLASS: dict[Relation, RelationClass] = {
    "captured": "hold", "controls": "hold", "lost": "lose", "withdrew": "lose",
    "contested": "contest", "besieged": "contest", "attacked": "attack",
}
PRECISIONS: tuple[Precision, ...] = get_args(Precision)
STATUSES: tuple[Status, ...] = get_args(Status)
LOCATED: frozenset[Status] = frozenset({"resolved", "approximate"})  # statuses that carry a point


@dataclass(frozen=True)
class Event:
    """One extracted claim: ``force`` did ``relation`` to a place, on ``date``, per ``source``.

    ``status`` is ``resolved`` (lat/lon set), ``approximate`` (a site no gazetteer lists — a checkpoint,
    a hospital, a base — placed at the known place the text anchors it to: ``anchor_id``/``anchor_ar``, with
    ``geo_precision`` 2 near or part of a place, 3 a region), ``unresolved`` (the place name could not be
    located: lat/lon are None, never 0/0) or ``ambiguous`` (several places share the name and the
    text does not say which: lat/lon are None and ``candidates`` lists them, as JSON text, so the
    event is never drawn as if located). Offsets index the article text. ``admin*`` is the place's
    admin chain (governorate, district, subdistrict: English names and OCHA P-codes).
    """

    source: str
    force: str
    relation: Relation
    mention: str
    mention_start: int
    mention_end: int
    sentence: str
    sentence_start: int
    rule: str
    confidence: float
    status: Status = "resolved"
    place_id: str | None = None
    place_ar: str = ""
    place_en: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = ""
    pcode: str = ""  # the community's OCHA P-code (Cnnnn) when the place is one: joins humanitarian data
    admin1: str = ""
    admin1_code: str = ""
    admin2: str = ""
    admin2_code: str = ""
    admin3: str = ""
    admin3_code: str = ""
    country: str = ""
    date: date | None = None
    date_precision: Precision | None = None
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
    candidates: str = ""

    @property
    def located(self) -> bool:
        """Has a point a map or a snapshot may use (resolved, or approximate at its anchor)."""
        return self.status in LOCATED and self.lat is not None and self.lon is not None

    @property
    def effective_date(self) -> date | None:
        """The event date, falling back to the publication date (what snapshots order by)."""
        return self.date or self.published


# Every field in declaration order, a required one set to None: the template ``make_event`` fills.
_TEMPLATE = {f.name: None if f.default is MISSING else f.default for f in fields(Event)}
_REQUIRED = frozenset(f.name for f in fields(Event) if f.default is MISSING)
_NEW = object.__new__


def make_event(**values: object) -> Event:
    """``Event(**values)`` in half the time: the extractor makes one per claim, and a frozen dataclass's
    ``__init__`` sets its forty fields one ``object.__setattr__`` call at a time. The same value: every field
    in declaration order (``values`` overwrite the template's keys, which keeps their order), equal, equally
    hashed and still frozen. Missing or unknown names go to ``Event`` itself, for its own ``TypeError``."""
    event = _NEW(Event)
    fields_ = event.__dict__
    fields_.update(_TEMPLATE)
    fields_.update(values)
    if len(fields_) != len(_TEMPLATE) or not _REQUIRED <= values.keys():  # an unknown name adds a key
        return Event(**values)  # type: ignore[arg-type]
    return event


@dataclass(frozen=True)
class Evidence:
    """The part of an event a map popup or a snapshot row shows as its evidence."""

    source: str
    force: str
    relation: Relation
    sentence: str
    date: date | None
    rule: str
    confidence: float
    url: str | None = None
    outlet: str | None = None
