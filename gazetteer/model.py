"""Records the gazetteer hands out: places, ranked candidates and mentions found in text.

Coordinates are named fields (``lat``, ``lon``); axis order is converted only at
output boundaries (geo/io.py for GeoJSON, maps/ for Leaflet).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

# Place kinds, coarse enough for map symbols and for disambiguation priors.
KINDS = (
    "country", "governorate", "district", "subdistrict", "city", "town", "village",
    "neighbourhood", "base", "airport", "crossing", "camp", "dam", "industrial", "site", "region",
)
# The kinds that are areas, not settlements: a claim on one is a claim on a region (ACLED geo_precision 3), never on
# the city that shares its name.
REGION_KINDS = frozenset({"governorate", "region", "district", "subdistrict"})


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``id`` is stable across runs: ``gn:<geonameid>``, ``sup:<slug>``, ``<source>:<id>``."""

    id: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    kind: str
    country: str = "SY"
    admin1: str = ""
    population: int = 0
    source: str = ""
    alt_names: tuple[str, ...] = ()
    merged_ids: tuple[str, ...] = ()  # ids of other sources' entries for the same place (gazetteer/merge.py)
    # The admin chain (English names, OCHA P-codes) so an analyst can group by district and join
    # humanitarian data: admin1 governorate, admin2 district, admin3 subdistrict. ``pcode`` is the
    # OCHA community P-code (C1001…) of a community, "" for anything else.
    admin1_code: str = ""
    admin2: str = ""
    admin2_code: str = ""
    admin3: str = ""
    admin3_code: str = ""
    pcode: str = ""
    # A directional region (ريف حلب الشمالي) is measured from its governorate's capital: (lat, lon).
    origin: tuple[float, float] | None = None

    def __reduce__(self) -> tuple:
        """Unpickled through ``__init__`` (the cached index holds thousands of places): an object whose fields
        were set one by one into its ``__dict__``, as pickle does by default, reads every field about three
        times slower in CPython 3.11 (the interpreter cannot specialise the attribute access), and ranking and
        extraction read place fields millions of times."""
        return Place, tuple([getattr(self, name) for name in _PLACE_FIELDS])

    @property
    def is_area(self) -> bool:
        """A governorate, a district or a governorate's countryside: it locates a claim only roughly."""
        return self.kind in ("governorate", "district") or self.id.startswith("rif:")

    def admin_chain(self) -> dict[str, str]:
        """The six admin properties events, snapshots and exports carry."""
        return {"admin1": self.admin1, "admin1_code": self.admin1_code, "admin2": self.admin2,
                "admin2_code": self.admin2_code, "admin3": self.admin3, "admin3_code": self.admin3_code}


_PLACE_FIELDS = tuple(f.name for f in fields(Place))


@dataclass(frozen=True)
class Candidate:
    """A place proposed for a name, with its score in [0, 1] and the reasons for it."""

    place: Place
    score: float
    why: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A place name found in running text.

    ``start``/``end`` are offsets into the *original* text, so ``text[start:end] == surface``;
    ``norm_start``/``norm_end`` are the same span in the normalised text (``arabic.text.NormalizedText``),
    when the finder worked on one (None otherwise; not part of equality). ``status`` is ``resolved`` (``candidates[0]``
    is the choice), ``ambiguous`` (candidates too close to call) or ``unresolved``
    (looks like a place, e.g. after a cue word, but nothing fits). Abstention is data.
    """

    start: int
    end: int
    surface: str
    status: str
    candidates: tuple[Candidate, ...] = ()
    cue: str | None = None
    confidence: float = 0.0
    norm_start: int | None = field(default=None, compare=False)
    norm_end: int | None = field(default=None, compare=False)

    @property
    def place(self) -> Place | None:
        """The chosen place, or None unless resolved."""
        return self.candidates[0].place if self.status == "resolved" and self.candidates else None


_NEW = object.__new__


def make_mention(start: int, end: int, surface: str, status: str, candidates: tuple[Candidate, ...],
                 cue: str | None, confidence: float, norm_start: int | None, norm_end: int | None) -> Mention:
    """``Mention(...)`` (every field, in order) in under half the time: a scan makes one for every name it
    finds, and a frozen dataclass's ``__init__`` sets its nine fields one ``object.__setattr__`` call at a
    time. The same value: the fields in declaration order, equal, equally hashed and still frozen."""
    mention = _NEW(Mention)
    mention.__dict__.update(start=start, end=end, surface=surface, status=status, candidates=candidates, cue=cue,
                            confidence=confidence, norm_start=norm_start, norm_end=norm_end)
    return mention
