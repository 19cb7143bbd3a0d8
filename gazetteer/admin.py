"""The Syrian admin tables shipped in gazetteer/data (built by scripts/build_gazetteer.py).

``admin.tsv`` holds governorates (level 1), districts (2), subdistricts (3) with OCHA P-codes,
Arabic and English names and centroids, and the countryside regions of each governorate (level 9,
ريف حلب، ريف حلب الشمالي …). ``communities.tsv.gz`` holds one row per OCHA community. Both are read
once per process; the gazetteer index caches the places made from them.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.errors import GazetteerError

DATA = Path(__file__).resolve().parent / "data"
ADMIN_TSV = DATA / "admin.tsv"
COMMUNITIES_TSV = DATA / "communities.tsv.gz"


@dataclass(frozen=True)
class AdminUnit:
    """One row of admin.tsv. ``seat`` is the P-code of the community that is its seat (a region's:
    its governorate's capital, the point its direction is measured from)."""

    level: int
    code: str
    parent: str
    name_ar: str
    name_en: str
    alt_names: tuple[str, ...]
    lat: float
    lon: float
    seat: str


def _read_tsv(path: Path) -> list[dict[str, str]]:
    try:
        raw = path.read_bytes()
        text = gzip.decompress(raw).decode("utf-8") if path.suffix == ".gz" else raw.decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as err:
        raise GazetteerError(f"cannot read {path} ({err}); reinstall conflictmap or rerun "
                             "scripts/build_gazetteer.py") from err
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


# Safe: the packaged admin table is installed data that does not change while the process runs.
@lru_cache(maxsize=1)
def admin_units() -> dict[str, AdminUnit]:
    """Every admin unit and region by code."""
    units = {}
    for r in _read_tsv(ADMIN_TSV):
        units[r["code"]] = AdminUnit(int(r["level"]), r["code"], r["parent_code"], r["name_ar"], r["name_en"],
                                     tuple(a for a in r["alt_names_ar"].split("|") if a), float(r["lat"]),
                                     float(r["lon"]), r["seat"])
    return units


def community_rows() -> list[dict[str, str]]:
    """The rows of communities.tsv.gz (read when the index is built, not cached: it is used once)."""
    return _read_tsv(COMMUNITIES_TSV)


def chain(admin3_code: str) -> dict[str, str]:
    """Subdistrict code → the six admin properties (English names and codes)."""
    units = admin_units()
    sub = units.get(admin3_code)
    if sub is None:
        return {}
    dist = units[sub.parent]
    gov = units[dist.parent]
    return {"admin1": gov.name_en, "admin1_code": gov.code, "admin2": dist.name_en, "admin2_code": dist.code,
            "admin3": sub.name_en, "admin3_code": sub.code}


def arabic_name(code: str) -> str:
    """The Arabic name of an admin unit, "" if the code is unknown (lookup shows the chain in Arabic)."""
    unit = admin_units().get(code)
    return unit.name_ar if unit else ""


def governorate_code(name_en: str) -> str:
    """Our English governorate name (Aleppo, Rif Dimashq …) → its OCHA P-code, "" when not Syrian."""
    for u in admin_units().values():
        if u.level == 1 and u.name_en == name_en:
            return u.code
    return ""


def fingerprint() -> str:
    """Changes whenever either table does (hashing 200 KB costs well under a millisecond)."""
    h = hashlib.sha256()
    for path in (ADMIN_TSV, COMMUNITIES_TSV):
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"absent")
    return h.hexdigest()[:16]
