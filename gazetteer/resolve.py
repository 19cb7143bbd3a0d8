"""Choosing among places that share a name: a score in [0, 1] and the reasons for it.

The score multiplies priors (country, kind, population, curated source) with evidence from the
text (cue word, other places named nearby, an explicit "east of Homs" or "Aleppo countryside"),
then discounts it by how much of the total belongs to rival places far away. A weak name with no
evidence (a village that cities500 happens to carry, one of many of that name) scores low and is
reported as ambiguous rather than placed confidently in the wrong governorate.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from arabic.normalize import normalize
from core.errors import GazetteerError
from gazetteer.model import Candidate, Place

# A candidate scoring at least this is an answer; below it the name is "ambiguous" (abstention).
CONFIDENT = 0.5
TIE = 0.8  # a far namesake with this share of the best one's evidence leaves the name ambiguous
TIED = round(CONFIDENT * 0.98, 3)  # the score of a candidate too close to its namesake to call
FUZZY_PENALTY = 0.6
FAR_FROM_CONTEXT = 0.4  # a small place far from all of an article's other places (see _raw)
FOCUSED_KM = 100.0      # an article whose other places all lie this close to their centre is about one area

COUNTRY_PRIOR = {"SY": 1.0, "IQ": 0.7, "LB": 0.45, "JO": 0.45, "TR": 0.35}
KIND_PRIOR = {"city": 1.0, "governorate": 0.9, "town": 0.9, "base": 0.8, "airport": 0.8, "crossing": 0.8,
              "camp": 0.75, "dam": 0.75, "industrial": 0.7, "district": 0.7, "subdistrict": 0.7, "region": 0.6,
              "neighbourhood": 0.6, "site": 0.6, "village": 0.7, "country": 0.3}
# Which kinds each cue word announces (normalised cue → kinds).
CUE_KINDS = {
    "مدينه": {"city", "town"}, "مدينتي": {"city", "town"}, "مدن": {"city", "town"},
    "بلده": {"town", "village", "city"}, "بلدتي": {"town", "village", "city"}, "بلدات": {"town", "village"},
    "قريه": {"village", "town"}, "قريتي": {"village", "town"}, "قري": {"village", "town"},
    "مخيم": {"camp"}, "مخيمي": {"camp"}, "مطار": {"airport", "base"}, "مطاري": {"airport", "base"},
    "معبر": {"crossing"}, "منفذ": {"crossing"}, "سد": {"dam"}, "حي": {"neighbourhood"}, "حيي": {"neighbourhood"},
    "احياء": {"neighbourhood"}, "قاعده": {"base", "airport"}, "محافظه": {"governorate"},
    "محافظتي": {"governorate"}, "ناحيه": {"subdistrict", "town"}, "ريف": {"city", "governorate", "town"},
    "قضاء": {"district", "town", "city"}, "ضاحيه": {"neighbourhood", "town"}, "منطقه": {"district", "region"},
}
# Named facilities rarely have namesakes, so distance from the article's other places says little.
FACILITIES = frozenset({"base", "airport", "crossing", "camp", "dam", "industrial"})
SETTLEMENT_CUES = {"مدينه", "مدينتي", "مدن", "بلده", "بلدتي", "بلدات", "قريه", "قريتي", "قري", "حي", "احياء"}

# Words that are also place names but in running text are something else. ALWAYS_STOP never counts
# as a place on its own (adjectives, common nouns, countries, function words and words that read as
# clitic + name: ورقة = و + رقة، لبنان = ل + بنان); the index also uses them to block shorter matches
# inside them. NAME_STOP (months, first names, titles) counts only after a cue word (بلدة سلمى).
STOP_NAMES_TXT = Path(__file__).resolve().parent / "data" / "stop_names.txt"


def load_stop_names(path: Path = STOP_NAMES_TXT) -> dict[str, frozenset[str]]:
    """The sections of stop_names.txt ([always], [name], [weak]) as sets of normalised names.

    A data file, not code: adding a community whose name is an everyday word is a one-line edit."""
    sections: dict[str, set[str]] = {}
    current = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise GazetteerError(f"cannot read {path} ({err.strerror}); reinstall conflictmap") from err
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif line and current is not None:
            current.update(normalize(w) for w in line.split())
    return {k: frozenset(v) for k, v in sections.items()}


_STOP = load_stop_names()
ALWAYS_STOP = _STOP.get("always", frozenset())
NAME_STOP = _STOP.get("name", frozenset())
WEAK_NAMES = _STOP.get("weak", frozenset())
STOP_WORDS = ALWAYS_STOP | NAME_STOP


def is_stop(key: str, cue: str | None) -> bool:
    """True when a name found in running text should not count as a place."""
    if key in ALWAYS_STOP:
        return True
    return cue is None and (key in NAME_STOP or len(key.replace(" ", "")) <= 2)


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine; plenty for ranking)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _approx_km(a: Place, b: Place) -> float:
    """Equirectangular distance: within a few percent of haversine at these latitudes, and cheap,
    which matters because ranking compares every candidate with every other place of an article."""
    x = (b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.195 * math.hypot(b.lat - a.lat, x)


def _contains(outer: Place, inner: Place) -> bool:
    """A governorate or its countryside contains the places of its admin1, a district those of its
    admin2 (so the city of Homs is no rival of Homs governorate, nor of ريف حمص)."""
    if outer.country != inner.country:
        return False
    if outer.kind == "governorate" or outer.origin is not None:
        return outer.admin1 == inner.admin1
    return outer.kind == "district" and bool(outer.admin2_code) and outer.admin2_code == inner.admin2_code


_RIF_DIRECTIONS = {"n": (1.0, 0.0), "ne": (0.7071, 0.7071), "e": (0.0, 1.0), "se": (-0.7071, 0.7071),
                   "s": (-1.0, 0.0), "sw": (-0.7071, -0.7071), "w": (0.0, -1.0), "nw": (0.7071, -0.7071)}


# Region id → the unit vector of its side, (0, 0) for a whole one. Safe as a module cache: the value is a pure
# function of the id string (its last part names the side), so it holds for any index and never goes stale.
_SIDES: dict[str, tuple[float, float]] = {}


def _area_near(place: Place, area: Place) -> float:
    """Closeness of a place to an area of its own governorate: 0.7 inside a governorate, its whole
    countryside or its district; for a side of the countryside (ريف إدلب الجنوبي) 0.85 when the place
    lies that way from the capital and 0.3 when not: the direction inside the governorate decides."""
    origin = area.origin
    if origin is None:
        return 0.6 if area.kind == "district" and area.admin2_code != place.admin2_code else 0.7
    side = _SIDES.get(area.id)
    if side is None:
        side = _SIDES[area.id] = _RIF_DIRECTIONS.get(area.id.rsplit("-", 1)[-1], (0.0, 0.0))
    if not side[0] and not side[1]:
        return 0.7  # the whole countryside
    dy = place.lat - origin[0]
    dx = (place.lon - origin[1]) * math.cos(math.radians(origin[0]))
    length = math.hypot(dy, dx)  # the side vectors are unit length
    return 0.85 if length and (dy * side[0] + dx * side[1]) / length > 0.5 else 0.3


def _near(place: Place, anchor: Place) -> float:
    """Closeness in [0, 1] to an anchor place (the plain definition ``_max_near`` inlines): an area of
    the place's governorate counts by ``_area_near`` ("east of Homs" may be 200 km east in the desert,
    but it is still Homs governorate); else by distance, at least 0.9 in the same subdistrict, 0.75 in
    the same district and 0.6 in the same governorate."""
    same = place.admin1 == anchor.admin1 and place.country == anchor.country and (
        bool(place.admin1) or anchor.kind == "governorate")
    if same and (anchor.kind in ("governorate", "district") or anchor.origin is not None):
        return _area_near(place, anchor)
    floor = 0.0
    if same:
        floor = 0.9 if place.admin3_code and anchor.admin3_code == place.admin3_code else \
            0.75 if place.admin2_code and anchor.admin2_code == place.admin2_code else 0.6
    return max(math.exp(-_approx_km(place, anchor) / 60.0), floor)


def _bearing_fits(place: Place, anchor: Place, direction: tuple[float, float]) -> float:
    """Cosine between the named direction (north = (1, 0), east = (0, 1)) and anchor → place."""
    dy = place.lat - anchor.lat
    dx = (place.lon - anchor.lon) * math.cos(math.radians(anchor.lat))
    length = math.hypot(dy, dx) * math.hypot(*direction)
    return (dy * direction[0] + dx * direction[1]) / length if length else 0.0


def _prior(place: Place) -> tuple[float, tuple[str, ...]]:
    """Country × kind × population prior and its reasons: static per place (``RankMemo`` keeps it)."""
    why: list[str] = []
    country = COUNTRY_PRIOR.get(place.country, 0.3)
    kind = KIND_PRIOR.get(place.kind, 0.5)
    # Population 0 means "unknown" (cities500 keeps admin seats of any size), not "empty".
    pop = 1.0 if place.kind == "governorate" or place.origin is not None else 0.75 if not place.population else \
        0.6 + 0.4 * min(1.0, math.log10(place.population + 1) / 6)
    if place.source == "supplement":  # curated because the conflict made it newsworthy
        kind, pop = max(kind, 0.85), max(pop, 0.85)
        why.append("curated")
    why.append(f"country {place.country}")
    why.append(f"{place.kind}" + (f" pop {place.population}" if place.population else ""))
    return country * kind * pop, tuple(why)


_HALF_RAD = math.pi / 360.0


def _max_near(place: Place, others: Sequence[Place]) -> float:
    """``max(_near(place, a) for a in others)`` with the arithmetic inlined: ranking calls it for every
    candidate against every other place of an article. Closeness by distance falls as the distance
    grows, so it is computed once, from the smallest distance, not once per place. A place of the
    same subdistrict counts 0.9, of the same district 0.75, of the same governorate 0.6."""
    lat, lon, admin1, country = place.lat, place.lon, place.admin1, place.country
    admin2, admin3 = place.admin2_code, place.admin3_code
    floor = 0.0         # the best fixed closeness from shared admin units or an area named
    least = math.inf    # the smallest hypot (degrees) to a place whose closeness is by distance
    cos, hypot = math.cos, math.hypot
    for a in others:
        alat = a.lat
        if a.admin1 == admin1 and a.country == country and (admin1 or a.kind == "governorate"):
            kind = a.kind
            if kind == "governorate" or kind == "district" or a.origin is not None:
                fixed = _area_near(place, a)
                if fixed > floor:  # noqa: PLR1730 (plain comparisons: this loop is the hot spot)
                    floor = fixed
                continue
            fixed = 0.9 if admin3 and a.admin3_code == admin3 else 0.75 if admin2 and a.admin2_code == admin2 else 0.6
            if floor < fixed:  # noqa: PLR1730
                floor = fixed
        dlat = alat - lat
        if dlat >= least or -dlat >= least:
            continue  # hypot is at least |dlat|: this place cannot be the nearest
        d = hypot(dlat, (a.lon - lon) * cos((lat + alat) * _HALF_RAD))
        if d < least:  # noqa: PLR1730
            least = d
    if least == math.inf:
        return floor
    return max(floor, math.exp(-(111.195 * least) / 60.0))


def _spread_km(places: Sequence[Place]) -> float:
    """How far the farthest of ``places`` lies from their centre: small for an article about one area."""
    lat = sum(p.lat for p in places) / len(places)
    lon = sum(p.lon for p in places) / len(places)
    cos, hypot, radians = math.cos, math.hypot, math.radians  # _approx_km(centre, p), inlined
    return max(111.195 * hypot(p.lat - lat, (p.lon - lon) * cos(radians((lat + p.lat) / 2))) for p in places)


MEMO_MAX = 200_000  # entries a RankMemo keeps per table before it starts again (a few tens of MB at most)


@dataclass
class RankMemo:
    """What ranking computes that never changes while an index lives, computed once: the prior of each
    place, and which of a name's places are rivals of which.

    Why this is safe: the keys are place ids, and within one index an id names one place (index.py and
    bulk.py keep the first of a repeated id; merging keeps one id per merged place). A ``Gazetteer`` owns
    one memo and ranks only its own index's places with it, so the memo lives and dies with the index its
    keys come from, and an imported place made again as a new object (bulk.py) still finds its entry.
    Nothing is keyed by ``id()``, so no entry can outlive the object it describes."""

    priors: dict[str, tuple[float, tuple[str, ...]]] = field(default_factory=dict)
    rivals: dict[tuple[str, ...], list[tuple[int, ...]]] = field(default_factory=dict)

    def prior(self, place: Place) -> tuple[float, tuple[str, ...]]:
        hit = self.priors.get(place.id)
        if hit is None:
            if len(self.priors) > MEMO_MAX:
                self.priors.clear()
            hit = self.priors[place.id] = _prior(place)
        return hit

    def rivals_of(self, places: Sequence[Place]) -> list[tuple[int, ...]]:
        sig = tuple([p.id for p in places])
        hit = self.rivals.get(sig)
        if hit is None:
            if len(self.rivals) > MEMO_MAX:
                self.rivals.clear()
            hit = self.rivals[sig] = _rivals(places)
        return hit


class _Evidence:
    """What one ranking weighs every candidate of a name against. The context's spread is computed at
    most once, when a candidate first needs it: every candidate of the name shares this context."""

    __slots__ = ("cue", "context", "anchors", "direction", "_focused")

    def __init__(self, cue: str | None, context: Sequence[Place], anchors: Sequence[Place],
                 direction: tuple[float, float] | None) -> None:
        self.cue, self.context, self.anchors, self.direction = cue, context, anchors, direction
        self._focused: bool | None = None

    def focused(self) -> bool:
        """Do the context's places all lie within ``FOCUSED_KM`` of their centre (an article about one area)?"""
        if self._focused is None:
            self._focused = _spread_km(self.context) <= FOCUSED_KM
        return self._focused


def _raw(place: Place, ev: _Evidence, prior: tuple[float, tuple[str, ...]]) -> tuple[float, list[str]]:
    score, static = prior
    why = list(static)
    cue, context, anchors, direction = ev.cue, ev.context, ev.anchors, ev.direction
    if cue is not None and cue in CUE_KINDS:
        if place.kind in CUE_KINDS[cue]:
            score *= 1.5
            why.append(f"cue {cue} fits")
        elif place.kind == "governorate" or cue == "محافظه":
            score *= 0.25
            why.append(f"cue {cue} does not fit")
    if anchors:
        near = _max_near(place, anchors)
        score *= 0.5 + 3.0 * near
        why.append(f"relative cue near {anchors[0].name_ar}" if near > 0.3 else "far from relative cue")
        if direction and any(direction) and not anchors[0].is_area:
            fit = _bearing_fits(place, anchors[0], direction)
            score *= 1.0 + 0.5 * fit  # the right side of the anchor: up to 1.5, the wrong side down to 0.5
            why.append("on the named side" if fit > 0.3 else "not on the named side" if fit < -0.3 else "")
            why = [w for w in why if w]
    elif context:
        near = _max_near(place, context)
        score *= 1.0 + 1.5 * near + 4.0 * max(0.0, near - 0.7)  # the same subdistrict (or ~10 km) counts most
        if near > 0.3:
            why.append("near other places in text")
        elif (len(context) >= 3 and near < 0.1 and place.population < 100_000
              and place.kind not in FACILITIES):
            # An article about one region naming a small town 300 km away more likely means a namesake
            # the gazetteer lacks (قرية المالكية near Azaz, not in Hasakah): abstain rather than misplace
            # it, even after a cue word (the cue says "a village", not which one). A round-up naming
            # places all over the country is no such evidence: there only a bare name is doubted.
            focused = ev.focused()
            if focused or cue is None:
                score *= FAR_FROM_CONTEXT if focused else 0.6
                why.append("far from every other place in the text")
    return score, why


def _rivals(places: Sequence[Place]) -> list[tuple[int, ...]]:
    """For each place, the indices of the namesakes that compete with it (more than 15 km away and
    neither containing the other). Static per name (``RankMemo`` keeps it)."""
    return [tuple(j for j, q in enumerate(places) if q is not p and _approx_km(p, q) > 15
                  and not _contains(p, q) and not _contains(q, p)) for p in places]


def _standing(place: Place) -> int:
    """How well known a place is: curated (newsworthy in the war) 2, a city or town 1, else 0. Between
    namesakes about as likely, the better known is what news means; between equals, abstain."""
    return 2 if place.source == "supplement" else 1 if place.kind in ("city", "town") else 0


def _round3(x: float) -> float:
    """``round(x, 3)``, bit for bit, about three times faster: ranking rounds every score it makes, and
    Python rounds to a number of digits through a correctly rounded decimal conversion. When ``x * 1000``
    lies well clear of a half (by more than its floating-point error), the nearest integer n is the decimal
    rounding, and ``n / 1000`` (one correctly rounded division) is the double that conversion returns.
    Near a half, at zero and outside (0, 1e9) (NaN included), Python's own rounding decides."""
    y = x * 1000.0
    if 0.5 < y < 1e9:
        n = int(y + 0.5)
        if -0.4 < y - n < 0.4:
            return n / 1000.0
    return round(x, 3)


def rank(places: Sequence[Place], *, cue: str | None = None, context: Sequence[Place] = (),
         anchors: Sequence[Place] = (), direction: tuple[float, float] | None = None, fuzzy: bool = False,
         limit: int = 5, memo: RankMemo | None = None) -> list[Candidate]:
    """Score every place for one name; best first.

    ``context``: places named elsewhere in the same text (weak evidence); ``anchors``: places the
    text relates this one to explicitly (شرق حمص، ريف حلب) — strong evidence; ``direction``: the side of
    the first anchor the text names, as (north, east) components; ``memo``: the ``RankMemo`` of the index
    the places come from (a ``Gazetteer`` passes its own), so static facts are computed once.
    """
    ev = _Evidence(cue, context, anchors, direction)
    prior = memo.prior if memo is not None else _prior
    if len(places) == 1 and limit > 0:  # most names have one place: no namesakes to weigh it against
        raw, why = _raw(places[0], ev, prior(places[0]))
        score = _round3(min(1.0, raw) * (1.0 if raw > 0 else 0.0) * (FUZZY_PENALTY if fuzzy else 1.0))
        return [Candidate(places[0], score, tuple(why + ["fuzzy match"] if fuzzy else why))]
    scored = []
    raws = []  # by position in ``places``, as ``_rivals`` indexes them
    for i, p in enumerate(places):
        raw, why = _raw(p, ev, prior(p))
        scored.append((raw, p, why, i))
        raws.append(raw)
    rival_of = memo.rivals_of(places) if memo is not None else _rivals(places)
    scored.sort(key=lambda t: (-t[0], t[1].id))
    penalty = FUZZY_PENALTY if fuzzy else 1.0
    out: list[tuple[float, float, Candidate]] = []
    for raw, p, why, i in scored[:max(limit, 20)]:
        rivals = sum([raws[j] for j in rival_of[i]])
        dominance = raw / (raw + rivals) if raw + rivals > 0 else 0.0
        score = _round3(min(1.0, raw) * math.sqrt(dominance) * penalty)
        reasons = list(why)
        if rivals:
            reasons.append(f"{dominance:.0%} against namesakes")
            j = max(rival_of[i], key=raws.__getitem__)
            if raws[j] >= TIE * raw and score >= CONFIDENT and _standing(places[j]) >= _standing(p):
                score = TIED  # two villages of one name and nothing in the text to separate them: abstain
                reasons.append("a namesake far away is as likely")
        if fuzzy:
            reasons.append("fuzzy match")
        out.append((score, raw, Candidate(p, score, tuple(reasons))))
    out.sort(key=lambda t: (-t[0], -t[1], t[2].place.id))  # equal (capped) scores: the stronger evidence first
    return [c for _, _, c in out[:limit]]


def decide(candidates: Sequence[Candidate], threshold: float = CONFIDENT) -> str:
    """``resolved`` when the best candidate is confident, ``ambiguous`` when not (``rank`` already
    keeps a name whose far namesake is as likely below the threshold), ``unresolved`` when none."""
    if not candidates:
        return "unresolved"
    return "resolved" if candidates[0].score >= threshold else "ambiguous"
