"""One place per real place: merge the same town listed by several sources before indexing.

cities500 carries تدمر as "Tadmur" and the supplement as "Palmyra"; left apart, every snapshot
lists the town twice and ranking treats each as the other's rival. Entries merge when they share
a normalised name (or one's name is among the other's alternates), lie within ``MERGE_KM`` and
are kinds that can be the same thing (a town and a village, never a town and its airport).

Which source wins what: the id is the first one published (the curated supplement's, else GeoNames',
else ``ocha:<P-code>``), so stored snapshots keep matching; the supplement gives the display name and
kind (its kinds say "airport" or "camp" where a list says "village"), else OCHA the Arabic name; the
OCHA community gives the coordinates, the P-code and the admin chain of a settlement (OCHA's community
point is the reference humanitarian data is joined on and it agrees with the chain it comes with;
cities500 points are often a district's centroid, and the supplement's were placed by hand); GeoNames
gives the population. Two OCHA communities never merge: distinct P-codes are distinct places.
Syrian places no community merged with get the admin chain of the nearest community (within
``CHAIN_KM``), so every resolved place can be grouped by district.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import replace
from typing import Iterable

from arabic.normalize import normalize
from gazetteer.model import Place

MERGE_KM = 5.0
CHAIN_KM = 15.0
_SETTLEMENTS = frozenset({"city", "town", "village"})
_CHAIN = ("admin1", "admin1_code", "admin2", "admin2_code", "admin3", "admin3_code")


def _compatible(a: Place, b: Place) -> bool:
    if a.country != b.country or (bool(a.pcode) and bool(b.pcode)):
        return False
    if a.kind in _SETTLEMENTS and b.kind in _SETTLEMENTS:
        return True
    return a.kind == b.kind and a.kind != "governorate"


def _km(a: Place, b: Place) -> float:
    x = (b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.195 * math.hypot(b.lat - a.lat, x)


def _names(place: Place) -> set[str]:
    return {n for n in (normalize(x) for x in (place.name_ar, *place.alt_names)) if len(n) >= 2}


def _rank_for_base(place: Place) -> tuple:
    """Which entry gives the merged place its id, names and kind: curated first, then most populated."""
    return (place.source != "supplement", bool(place.pcode), -place.population, place.id)


def merge_places(places: Iterable[Place], km: float = MERGE_KM) -> list[Place]:
    """Merge duplicates; order of first appearance kept. The merged place keeps the base entry's
    id, Arabic display name, kind and coordinates, gains every name of the others, the largest
    population, and records the other ids in ``merged_ids``."""
    plist = list(places)
    parent = list(range(len(plist)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_name: dict[str, list[int]] = {}
    for i, p in enumerate(plist):
        for n in _names(p):
            by_name.setdefault(n, []).append(i)
    for members in by_name.values():
        if len(members) < 2 or len(members) > 50:  # a very common name is no evidence of identity
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = plist[i], plist[j]
                if find(i) != find(j) and _compatible(a, b) and _km(a, b) <= km:
                    parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(plist)):
        groups.setdefault(find(i), []).append(i)
    out: list[Place] = []
    for i, p in enumerate(plist):
        members = groups[find(i)]
        if members[0] != i:
            continue
        out.append(p if len(members) == 1 else _merge_group([plist[j] for j in members]))
    return fill_chains(out)


def _merge_group(group: list[Place]) -> Place:
    """One place from several sources' entries (see the module docstring for who wins what)."""
    base = min(group, key=_rank_for_base)
    names: list[str] = []
    for q in [base] + [q for q in group if q is not base]:
        for n in (q.name_ar, *q.alt_names):
            if n not in names:
                names.append(n)
    ocha = next((q for q in group if q.pcode), None)
    name_ar = base.name_ar if base.source == "supplement" else ocha.name_ar if ocha else _news_form(names, base.name_en)
    where: dict = {}
    if ocha is not None and base.kind in _SETTLEMENTS:
        where = dict(lat=ocha.lat, lon=ocha.lon, pcode=ocha.pcode, **{k: getattr(ocha, k) for k in _CHAIN})
        if base.source != "supplement":  # a seat by OCHA may be "town" by population; keep the larger
            where["kind"] = max((q.kind for q in group if q.kind in _SETTLEMENTS), key=_SIZE.index)
    where.setdefault("admin1", base.admin1 or next((q.admin1 for q in group if q.admin1), ""))
    return replace(base, name_ar=name_ar, alt_names=tuple(n for n in names if n != name_ar),
                   population=max(q.population for q in group),
                   merged_ids=tuple(q.id for q in group if q is not base), **where)


_SIZE = ("village", "town", "city")


def fill_chains(places: list[Place], km: float = CHAIN_KM) -> list[Place]:
    """Syrian places without a subdistrict take the chain of the nearest community within ``km``."""
    grid: dict[tuple[int, int], list[Place]] = {}
    for p in places:
        if p.pcode and p.admin3_code:
            grid.setdefault((int(p.lat * 10), int(p.lon * 10)), []).append(p)
    if not grid:
        return places
    codes = {p.admin1: p.admin1_code for p in places if p.admin1_code and p.country == "SY"}
    out = []
    for p in places:
        if p.country != "SY" or p.admin3_code or p.is_area or p.kind == "region":
            out.append(p)
            continue
        cells = (grid.get((int(p.lat * 10) + dy, int(p.lon * 10) + dx), ()) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
        best = min((q for cell in cells for q in cell), key=lambda q: _km(p, q), default=None)
        if best is None or _km(p, best) > km or (p.admin1 and best.admin1 != p.admin1):
            out.append(p if p.admin1_code or not p.admin1 else replace(p, admin1_code=codes.get(p.admin1, "")))
            continue
        out.append(replace(p, **{k: getattr(best, k) for k in _CHAIN}))
    return out


# A rough romanisation of Arabic consonants, to compare an Arabic spelling with the English name.
_AR2LAT = str.maketrans({
    "ا": "", "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "", "و": "w", "ي": "y", "ء": "", " ": "", "-": "",
})


def _skeleton_ar(name: str) -> str:
    return normalize(name).translate(_AR2LAT)


def _skeleton_en(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if c.isalpha() and c.isascii())
    for digraph, one in (("kh", "k"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ou", "w")):
        plain = plain.replace(digraph, one)
    return "".join(c for c in plain if c not in "aeiouy'") .replace("c", "k")


def _news_form(names: list[str], name_en: str) -> str:
    """Among a GeoNames entry's Arabic names, the one that sounds like its English name: GeoNames
    lists historic or official forms first (أذرعات for Daraa, الثورة for Tabqa), news uses the
    common one the romanised name was made from."""
    from rapidfuzz import fuzz  # lazy: heavy third-party import, kept off start-up

    plain = [n for n in names if all("\u0621" <= ch <= "\u0652" or ch in " -'" for ch in n)] or names
    if not name_en or len(plain) < 2:
        return plain[0]
    target = _skeleton_en(name_en)
    if not target:
        return plain[0]
    scores = [fuzz.ratio(_skeleton_ar(n).replace("y", "").replace("w", ""), target) for n in plain]
    best = max(range(len(plain)), key=lambda k: (scores[k], -k))
    return plain[best] if scores[best] > scores[0] + 15 else plain[0]
