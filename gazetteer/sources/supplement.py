"""The curated supplement: conflict-relevant places that cities500 lacks (gazetteer/data/supplement.csv).

Columns: id,name_ar,name_en,alt_names_ar,kind,lat,lon,country,admin1,population,note — alt names
separated by ``|``, ``kind`` one of ``gazetteer.model.KINDS``, ``note`` says where the fact comes
from. A bad row is a bug in shipped data, so it fails loudly with its line number.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Iterator

from core.errors import GazetteerError
from gazetteer.model import KINDS, Place
from gazetteer.sources.base import Source

SUPPLEMENT_CSV = Path(__file__).resolve().parent.parent / "data" / "supplement.csv"
COLUMNS = ("id", "name_ar", "name_en", "alt_names_ar", "kind", "lat", "lon", "country", "admin1", "population", "note")


def parse_row(row: dict[str, str], *, path: Path, line: int) -> Place:
    """One CSV row → Place; raises GazetteerError naming the file, line and the fix."""
    def fail(what: str) -> GazetteerError:
        return GazetteerError(f"{path}:{line}: {what}; fix or remove that row")

    if not (row.get("id") or "").strip() or not (row.get("name_ar") or "").strip():
        raise fail("id and name_ar are required")
    kind = (row.get("kind") or "").strip()
    if kind not in KINDS:
        raise fail(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        population = int(float(row.get("population") or 0))
    except (TypeError, ValueError):
        raise fail("lat, lon and population must be numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise fail(f"lat={lat} lon={lon} is off the globe (swapped lat/lon?)")
    ident = row["id"].strip()
    alts = tuple(a.strip() for a in (row.get("alt_names_ar") or "").split("|") if a.strip())
    return Place(id=ident if ident.startswith("sup:") else f"sup:{ident}", name_ar=row["name_ar"].strip(),
                 name_en=(row.get("name_en") or "").strip(), lat=lat, lon=lon, kind=kind,
                 country=(row.get("country") or "SY").strip().upper(), admin1=(row.get("admin1") or "").strip(),
                 population=population, source="supplement", alt_names=alts)


class SupplementSource(Source):
    """Reads the curated CSV shipped with the code."""

    name = "supplement"

    def __init__(self, path: Path = SUPPLEMENT_CSV) -> None:
        self.path = Path(path)

    def fingerprint(self) -> str:
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]
        except FileNotFoundError:
            return "absent"
        except OSError as err:
            raise GazetteerError(f"cannot read {self.path}: {err.strerror}") from err

    def places(self) -> Iterator[Place]:
        if not self.path.exists():
            return
        with open(self.path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = set(COLUMNS[:7]) - set(reader.fieldnames or ())
            if missing:
                raise GazetteerError(f"{self.path}: missing columns {sorted(missing)}; the header must be {','.join(COLUMNS)}")
            for row in reader:
                if not any((v or "").strip() for v in row.values()):
                    continue
                yield parse_row(row, path=self.path, line=reader.line_num)
