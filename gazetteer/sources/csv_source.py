"""A plain CSV of places (e.g. an OCHA populated-places list) as a gazetteer source.

Required columns: ``name_ar``, ``lat``, ``lon``; optional: ``name_en``, ``kind``, ``admin1``,
``country``, ``alt_names_ar`` (``|``-separated), ``id``, ``population``. Common spellings of
those headers (``latitude``, ``lng``, ``admin4Name_ar`` …) are accepted so a downloaded list
imports without editing. Comma, semicolon and tab delimiters are detected. A bad row is an
``InputError`` naming the file and line: it stops the read, or, when the caller passes a
``problems`` list (``gazetteer import`` does), is recorded there and skipped, so one bad row out
of a million does not cost the others, and is never silent.
"""
from __future__ import annotations

import csv
import hashlib
import math
import os
import re
from pathlib import Path
from typing import Iterator

from core.errors import GazetteerError, InputError
from gazetteer.bulk import valid_coordinates
from gazetteer.model import KINDS, Place
from gazetteer.sources.base import Source

DEFAULT_KIND = "village"  # a populated-places list is mostly villages
ALIASES = {
    "name_ar": ("name_ar", "arabic_name", "name_arabic", "admin4name_ar", "pcname_ar", "ar_name", "arabic"),
    "name_en": ("name_en", "english_name", "name", "admin4name_en", "pcname_en", "en_name"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "kind": ("kind", "type", "feature_type"),
    "admin1": ("admin1", "admin1_en", "admin1name_en", "governorate", "governorate_en"),
    "country": ("country", "country_code", "iso2", "cc"),
    "alt_names_ar": ("alt_names_ar", "alt_names", "alternate_names_ar", "variants_ar"),
    "id": ("id", "ref", "pcode", "admin4pcode", "code"),
    "population": ("population", "pop"),
}
REQUIRED = ("name_ar", "lat", "lon")
_KIND_ALIASES = {"neighborhood": "neighbourhood", "airfield": "airport", "airbase": "base", "border crossing": "crossing",
                 "populated place": DEFAULT_KIND, "community": DEFAULT_KIND, "hamlet": "village", "farm": "village"}


def _columns(header: list[str], path: str) -> dict[str, int]:
    """Map our field names to column positions; InputError naming the header when a required one is missing."""
    folded = [re.sub(r"[\s\-]+", "_", h.strip().lstrip("\ufeff").lower()) for h in header]
    found: dict[str, int] = {}
    for field, names in ALIASES.items():
        for n in names:
            if n in folded:
                found[field] = folded.index(n)
                break
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; the header must name at least "
                         f"name_ar,lat,lon (found: {','.join(header)})", path=path, line=1)
    return found


def _sniff(sample: str) -> type[csv.Dialect] | str:
    try:
        return csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t")
    except csv.Error:
        return "excel"


def parse_row(row: list[str], cols: dict[str, int], *, path: str, line: int, prefix: str) -> Place:
    """One data row → Place, or InputError saying what is wrong and how to fix it."""
    def get(field: str) -> str:
        i = cols.get(field)
        return row[i].strip() if i is not None and i < len(row) else ""

    name_ar = get("name_ar")
    if not name_ar:
        raise InputError("name_ar is empty; every row needs the Arabic name", path=path, line=line)
    try:
        lat, lon = float(get("lat").replace(",", ".")), float(get("lon").replace(",", "."))
    except ValueError:
        raise InputError(f"lat/lon must be decimal degrees, got {get('lat')!r}, {get('lon')!r}",
                         path=path, line=line) from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise InputError(f"lat/lon must be finite decimal degrees, got {get('lat')[:40]!r}, {get('lon')[:40]!r}",
                         path=path, line=line)
    if not valid_coordinates(lat, lon):
        raise InputError(f"lat={lat} lon={lon} is off the globe; are the lat and lon columns swapped?",
                         path=path, line=line)
    kind = get("kind").lower() or DEFAULT_KIND
    kind = _KIND_ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise InputError(f"kind {kind!r} is not one of {', '.join(KINDS)}", path=path, line=line)
    try:
        population = int(float(get("population") or 0))
    except (ValueError, OverflowError):
        raise InputError(f"population {get('population')!r} is not a number", path=path, line=line) from None
    alts = tuple(dict.fromkeys(a.strip() for a in get("alt_names_ar").split("|") if a.strip() and a.strip() != name_ar))
    ident = get("id") or f"L{line}"
    return Place(id=f"{prefix}:{ident}", name_ar=name_ar, name_en=get("name_en"), lat=lat, lon=lon, kind=kind,
                 country=(get("country") or "SY").upper(), admin1=get("admin1"), population=population,
                 source=prefix, alt_names=alts)


def iter_csv(path: str | os.PathLike[str], *, prefix: str = "csv",
             problems: list[InputError] | None = None) -> Iterator[Place]:
    """Every row of a place CSV. A bad row raises InputError (file and line named), or with a
    ``problems`` list is appended there and skipped; a bad header or file always raises."""
    origin = str(path)
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}; check the path", path=origin) from err
    with fh:
        try:
            dialect = _sniff(fh.read(4096))
            fh.seek(0)
            reader = csv.reader(fh, dialect)
            header = next(reader, None)
            if not header:
                raise InputError("empty file; expected a header with name_ar,lat,lon", path=origin, line=1)
            cols = _columns(header, origin)
            yield from _rows(reader, cols, origin, prefix, problems)
        except UnicodeDecodeError as err:
            raise InputError(f"not UTF-8 ({err.reason}); save the file as UTF-8 and import again", path=origin) from err
        except csv.Error as err:
            raise InputError(f"malformed CSV ({err})", path=origin, line=reader.line_num) from err


def _rows(reader, cols: dict[str, int], origin: str, prefix: str,
          problems: list[InputError] | None) -> Iterator[Place]:
    seen: set[str] = set()
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        try:
            place = parse_row(row, cols, path=origin, line=reader.line_num, prefix=prefix)
            if place.id in seen:
                raise InputError(f"duplicate id {place.id.split(':', 1)[1][:60]!r}; ids must be unique",
                                 path=origin, line=reader.line_num)
        except InputError as err:
            if problems is None:
                raise
            problems.append(err)
            continue
        seen.add(place.id)
        yield place


class CsvSource(Source):
    """A CSV read in place; fingerprint is the file's hash (CSVs are small enough)."""

    bulk = True  # indexed as compact columns, like an import (gazetteer/bulk.py)

    def __init__(self, path: str | os.PathLike[str], name: str | None = None) -> None:
        self.path = Path(path)
        self.name = name or self.path.stem.lower()

    def fingerprint(self) -> str:
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]
        except OSError as err:
            raise GazetteerError(f"cannot read {self.path}: {err.strerror}; re-import or remove source {self.name}") from err

    def places(self) -> Iterator[Place]:
        try:
            yield from iter_csv(self.path, prefix=self.name)
        except InputError as err:
            raise GazetteerError(f"{err}; fix the file or remove source {self.name}") from err
