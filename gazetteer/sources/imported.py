"""Sources the user imported, stored under ``core.paths.data_dir()/gazetteer/<name>/``.

An import parses the user's file once (so errors surface at import time, with the line) and
stores the places in our own CSV layout (``places.csv``) beside a small ``manifest.json``
(format, origin, row count, content hash). Loading then never depends on the original file,
and ``fingerprint()`` is read from the manifest, so a start stays cheap. The stack is:
embedded → supplement → imported sources in name order (``registry.default_sources``).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from core.errors import GazetteerError, InputError, UsageError
from core.fsio import atomic_write_text
from core.paths import data_dir
from gazetteer.model import Place
from gazetteer.sources.base import Source
from gazetteer.sources.csv_source import iter_csv
from gazetteer.sources.geonames_dump import iter_dump

log = logging.getLogger(__name__)

FORMATS = ("geonames", "csv")
RESERVED = frozenset({"embedded", "supplement", "online"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
STORE_COLUMNS = ("id", "name_ar", "name_en", "alt_names_ar", "kind", "lat", "lon", "country", "admin1", "population")


def store_root() -> Path:
    """Where imported sources live (follows ``$CONFLICTMAP_DATA``)."""
    return data_dir() / "gazetteer"


@dataclass(frozen=True)
class Manifest:
    name: str
    format: str
    origin: str
    rows: int
    sha256: str
    imported_at: str
    countries: tuple[str, ...] = ()


class ImportedSource(Source):
    """One stored import; reads its converted ``places.csv``."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest
        self.name = manifest.name

    @property
    def path(self) -> Path:
        return self.folder / "places.csv"

    def fingerprint(self) -> str:
        try:
            st = self.path.stat()
        except OSError as err:
            raise GazetteerError(f"imported source {self.name} lost its data ({err.strerror}); "
                                 f"run: conflictmap gazetteer remove {self.name}, then import it again") from err
        return f"{self.manifest.sha256[:16]}:{st.st_size}"

    def places(self) -> Iterator[Place]:
        try:
            with open(self.path, encoding="utf-8", newline="") as fh:
                for lineno, row in enumerate(csv.DictReader(fh), 2):
                    yield _from_row(row, self.name, lineno, self.path)
        except OSError as err:
            raise GazetteerError(f"cannot read {self.path}: {err.strerror}; "
                                 f"run: conflictmap gazetteer remove {self.name}, then import it again") from err


def _from_row(row: dict[str, str], source: str, lineno: int, path: Path) -> Place:
    try:
        return Place(id=row["id"], name_ar=row["name_ar"], name_en=row["name_en"], lat=float(row["lat"]),
                     lon=float(row["lon"]), kind=row["kind"], country=row["country"], admin1=row["admin1"],
                     population=int(row["population"] or 0), source=source,
                     alt_names=tuple(a for a in row["alt_names_ar"].split("|") if a))
    except (KeyError, TypeError, ValueError) as err:
        raise GazetteerError(f"{path}:{lineno}: damaged stored row ({err}); "
                             f"run: conflictmap gazetteer remove {source}, then import it again") from None


def _to_csv(places: Iterable[Place]) -> tuple[str, int]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(STORE_COLUMNS)
    n = 0
    for p in places:
        writer.writerow((p.id, p.name_ar, p.name_en, "|".join(p.alt_names), p.kind, repr(p.lat), repr(p.lon),
                         p.country, p.admin1, p.population))
        n += 1
    return buf.getvalue(), n


def _read_manifest(folder: Path) -> Manifest:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["countries"] = tuple(data.get("countries") or ())
    return Manifest(**data)


def default_name(path: str | Path, fmt: str) -> str:
    """``SY.txt`` → ``geonames-sy``; ``ocha_places.csv`` → ``ocha_places``."""
    stem = Path(path).name.split(".")[0].lower()
    stem = re.sub(r"[^a-z0-9_.-]+", "-", stem).strip("-.") or "imported"
    return f"geonames-{stem}" if fmt == "geonames" and not stem.startswith("geonames") else stem


def check_name(name: str) -> str:
    if not _NAME.match(name) or name in RESERVED:
        raise UsageError(f"source name {name!r} is not allowed; use lowercase letters, digits, '-', '_' or '.' "
                         f"(not {', '.join(sorted(RESERVED))}), e.g. --name ocha-2019")
    return name


def import_file(path: str | Path, fmt: str, *, name: str | None = None,
                countries: Sequence[str] | None = None) -> tuple[Manifest, bool]:
    """Parse ``path`` and store it as source ``name``; returns (manifest, replaced_existing).

    Raises InputError (with the line) for a malformed file and leaves any previous import intact.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use --format geonames or --format csv")
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file; check the path", path=str(path))
    name = check_name(name or default_name(path, fmt))
    if fmt == "geonames":
        places = iter_dump(path, countries=countries)
    else:
        places = iter_csv(path, prefix=name)
    if countries:
        wanted = {c.upper() for c in countries}
        places = (p for p in places if p.country in wanted)
    text, rows = _to_csv(places)  # parses everything first: a bad line aborts before anything is written
    if rows == 0:
        raise InputError("no usable places (none with an Arabic name"
                         + (f" in {','.join(countries)}" if countries else "") + "); nothing imported", path=str(path))
    folder = store_root() / name
    replaced = (folder / "manifest.json").exists()
    manifest = Manifest(name=name, format=fmt, origin=str(path.resolve()), rows=rows,
                        sha256=hashlib.sha256(text.encode()).hexdigest(),
                        imported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        countries=tuple(c.upper() for c in countries or ()))
    atomic_write_text(folder / "places.csv", text)
    atomic_write_text(folder / "manifest.json",
                      json.dumps({**manifest.__dict__, "countries": list(manifest.countries)}, ensure_ascii=False, indent=1))
    return manifest, replaced


def list_imported() -> list[Source]:
    """Every stored import, in name order. A damaged one is skipped with a warning, never fatal at startup."""
    root = store_root()
    if not root.is_dir():
        return []
    sources: list[Source] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            sources.append(ImportedSource(folder, _read_manifest(folder)))
        except (OSError, ValueError, TypeError) as err:
            log.warning("skipping damaged imported source %s (%s); run: conflictmap gazetteer remove %s",
                        folder, err, folder.name)
    return sources


def remove_imported(name: str) -> Path:
    """Delete stored source ``name``; UsageError listing the known names if there is none."""
    folder = store_root() / name
    if not name or "/" in name or name.startswith(".") or not folder.is_dir():
        known = ", ".join(p.name for p in sorted(store_root().glob("*")) if p.is_dir()) or "none"
        raise UsageError(f"no imported source named {name!r} (imported: {known}); see: conflictmap gazetteer sources")
    try:
        shutil.rmtree(folder)
    except OSError as err:
        raise GazetteerError(f"cannot remove {folder}: {err.strerror}; delete that folder by hand") from err
    return folder
