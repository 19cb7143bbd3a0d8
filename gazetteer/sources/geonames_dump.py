"""A GeoNames country dump (``SY.txt`` or ``SY.zip``) as a gazetteer source.

The dump is the standard 19-column tab-separated file from download.geonames.org. Unlike
cities500 it carries feature codes and every village, so kinds come from the feature code
rather than from population. Only records with an Arabic name (in ``name`` or among the
comma-separated ``alternatenames``) are kept: the gazetteer matches Arabic text.
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import IO, Iterator, Sequence

from core.errors import GazetteerError, InputError
from gazetteer.model import Place
from gazetteer.sources.base import Source
from gazetteer.sources.embedded import ADMIN1

CODE_VERSION = "geonames-dump-1"
N_COLUMNS = 19
# Feature classes whose other codes are skipped: streams, vegetation, undersea, roads.
_SKIP_CLASSES = frozenset("HVUR")
_PERSIAN_LETTERS = frozenset("کیگپچژہۀ")

# Feature code → kind, whatever the class (DAM is class H, CMP is class S).
FEATURE_KINDS = {
    "PCLI": "country", "ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict", "ADM4": "village",
    "PPLC": "city", "PPLA": "city", "PPLA2": "city", "PPLA3": "town", "PPLA4": "town", "PPLX": "neighbourhood",
    "PPLQ": "village", "PPLL": "village", "PPLF": "village", "PPLW": "village", "PPLS": "village",
    "AIRB": "base", "MILB": "base", "INSM": "base", "NVB": "base",
    "AIRP": "airport", "AIRF": "airport", "AIRH": "airport",
    "PSTB": "crossing", "BDG": "site",
    "CMP": "camp", "CMPRF": "camp", "CMPMN": "camp",
    "DAM": "dam", "DAMSB": "dam", "DAMQ": "dam",
    "INDS": "industrial", "ESTO": "industrial", "OILR": "industrial", "OILF": "site", "GASF": "site",
    "RGN": "region", "AREA": "region", "MTS": "region", "PLN": "region", "DSRT": "region", "VAL": "region",
}


def is_arabic(text: str) -> bool:
    """True when ``text`` contains a letter of the Arabic script blocks (Persian/Urdu included)."""
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufdff"
               or "\ufe70" <= ch <= "\ufefe" for ch in text)


def kind_for(feature_class: str, feature_code: str, population: int) -> str | None:
    """The gazetteer kind of a GeoNames record, or None to skip it (rivers, wells, roads …)."""
    kind = FEATURE_KINDS.get(feature_code)
    if kind:
        return kind
    if feature_class == "P":  # PPL and friends: size is the only signal left
        return "city" if population >= 50_000 else "town" if population >= 5_000 else "village"
    if feature_class in _SKIP_CLASSES or feature_class == "A":
        return None
    return "site" if feature_class in ("S", "T", "L") else None


def open_dump(path: str | os.PathLike[str]) -> IO[str]:
    """Open ``SY.txt`` or the ``SY.txt`` inside ``SY.zip`` as text."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            zf = zipfile.ZipFile(path)
            members = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if len(members) != 1:
                raise InputError(f"expected one country .txt in the zip, found {members or 'none'}; "
                                 "pass the SY.txt file itself", path=str(path))
            return io.TextIOWrapper(zf.open(members[0]), encoding="utf-8")
        return open(path, encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}; check the path", path=str(path)) from err
    except zipfile.BadZipFile as err:
        raise InputError(f"damaged zip ({err}); download it again", path=str(path)) from err


def _admin1_names() -> dict[str, dict[str, str]]:
    return ADMIN1


def parse_line(line: str, *, origin: str, lineno: int, admin1: dict[str, dict[str, str]]) -> Place | None:
    """One dump line → Place (None when it has no Arabic name or is not a kind we map)."""
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != N_COLUMNS:
        raise InputError(f"expected {N_COLUMNS} tab-separated columns, found {len(cols)}; "
                         "this does not look like a GeoNames dump (use --format csv for other tables)",
                         path=origin, line=lineno)
    gid, name, _ascii, alternates, lat_s, lon_s, fclass, fcode, cc, _cc2, adm1 = cols[:11]
    try:
        lat, lon = float(lat_s), float(lon_s)
        population = int(cols[14] or 0)
    except ValueError:
        raise InputError(f"latitude/longitude/population not numeric ({lat_s!r}, {lon_s!r}, {cols[14]!r})",
                         path=origin, line=lineno) from None
    if not gid.isdigit():
        raise InputError(f"geonameid {gid!r} is not a number", path=origin, line=lineno)
    kind = kind_for(fclass, fcode, population)
    if kind is None:
        return None
    arabic = [n.strip() for n in ([name] + alternates.split(",")) if n.strip() and is_arabic(n)]
    arabic = list(dict.fromkeys(arabic))
    if not arabic:
        return None
    plain = [n for n in arabic if not _PERSIAN_LETTERS & set(n)] or arabic
    return Place(id=f"gn:{gid}", name_ar=plain[0], name_en=name, lat=lat, lon=lon, kind=kind, country=cc,
                 admin1=admin1.get(cc, {}).get(adm1, ""), population=population, source="",
                 alt_names=tuple(n for n in arabic if n != plain[0]))


def iter_dump(path: str | os.PathLike[str], *, countries: Sequence[str] | None = None) -> Iterator[Place]:
    """Every usable place of a dump; raises InputError naming the first malformed line."""
    wanted = {c.upper() for c in countries} if countries else None
    admin1 = _admin1_names()
    with open_dump(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            place = parse_line(line, origin=str(path), lineno=lineno, admin1=admin1)
            if place is not None and (wanted is None or place.country in wanted):
                yield place


class GeonamesDumpSource(Source):
    """A dump file read in place (imported sources keep a converted copy instead; see imported.py)."""

    def __init__(self, path: str | os.PathLike[str], name: str | None = None,
                 countries: Sequence[str] | None = None) -> None:
        self.path = Path(path)
        self.name = name or f"geonames-{self.path.stem.lower()}"
        self.countries = tuple(countries or ())

    def fingerprint(self) -> str:
        try:
            st = os.stat(self.path)
        except OSError as err:
            raise GazetteerError(f"cannot read {self.path}: {err.strerror}; re-import or remove source {self.name}") from err
        return f"{CODE_VERSION}:{st.st_size}:{int(st.st_mtime)}:{','.join(self.countries)}"

    def places(self) -> Iterator[Place]:
        try:
            for place in iter_dump(self.path, countries=self.countries or None):
                yield replace(place, source=self.name)
        except InputError as err:
            raise GazetteerError(f"{err}; fix the file or remove source {self.name}") from err

