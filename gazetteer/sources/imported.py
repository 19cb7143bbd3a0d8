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
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from core.errors import GazetteerError, InputError, UsageError
from core.fsio import atomic_open, atomic_write_text
from core.paths import data_dir
from gazetteer.bulk import check_fits, valid_coordinates
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
    """One stored import; reads its converted ``places.csv``.

    ``bulk``: the index keeps its places as compact columns (gazetteer/bulk.py); ``rows`` lets the
    index check that they fit in memory before building.
    """

    bulk = True

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest
        self.name = manifest.name
        self.rows = manifest.rows

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
        path = self.path
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                for lineno, row in enumerate(csv.DictReader(fh), 2):
                    yield _from_row(row, self.name, lineno, path)
        except OSError as err:
            raise GazetteerError(f"cannot read {self.path}: {err.strerror}; "
                                 f"run: conflictmap gazetteer remove {self.name}, then import it again") from err


def _from_row(row: dict[str, str], source: str, lineno: int, path: Path) -> Place:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        if not valid_coordinates(lat, lon):
            raise ValueError(f"invalid coordinates {row['lat']!r}, {row['lon']!r}")
        return Place(id=row["id"], name_ar=row["name_ar"], name_en=row["name_en"], lat=lat,
                     lon=lon, kind=row["kind"], country=row["country"], admin1=row["admin1"],
                     population=int(row["population"] or 0), source=source,
                     alt_names=tuple(a for a in row["alt_names_ar"].split("|") if a))
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise GazetteerError(f"{path}:{lineno}: damaged stored row ({err}); "
                             f"run: conflictmap gazetteer remove {source}, then import it again") from None


def _write_store(places: Iterable[Place], fh) -> tuple[int, str]:
    """Write ``places`` to ``fh`` in the store layout, one row at a time; returns (rows, sha256 of the text)."""
    digest = hashlib.sha256()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(STORE_COLUMNS)
    n = 0
    for p in places:
        writer.writerow((p.id, p.name_ar, p.name_en, "|".join(p.alt_names), p.kind, repr(p.lat), repr(p.lon),
                         p.country, p.admin1, p.population))
        n += 1
        if buf.tell() > 1 << 20:
            _flush(buf, fh, digest)
    _flush(buf, fh, digest)
    return n, digest.hexdigest()


def _flush(buf: io.StringIO, fh, digest) -> None:
    text = buf.getvalue()
    fh.write(text)
    digest.update(text.encode())
    buf.seek(0)
    buf.truncate()


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


def import_file(path: str | Path, fmt: str, *, name: str | None = None, countries: Sequence[str] | None = None,
                problems: list[InputError] | None = None) -> tuple[Manifest, bool]:
    """Parse ``path`` and store it as source ``name``; returns (manifest, replaced_existing).

    With a ``problems`` list, a bad row (bad coordinates, not UTF-8 …) is appended there as an
    InputError naming its line and the good rows are kept; without one the first bad row raises.
    A file that is not a place list at all, or has no usable row, raises InputError; a list too big
    to index in the memory available raises GazetteerError. Either way any previous import is left
    intact: rows stream to a staging file that replaces the stored copy only at the end.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use --format geonames or --format csv")
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file; check the path", path=str(path))
    name = check_name(name or default_name(path, fmt))
    if fmt == "geonames":
        places = iter_dump(path, countries=countries, problems=problems)
    else:
        places = iter_csv(path, prefix=name, problems=problems)
    if countries:
        wanted = {c.upper() for c in countries}
        places = (p for p in places if p.country in wanted)
    others = sum(s.rows for s in list_imported() if s.name != name)
    folder = store_root() / name
    staging = store_root() / f".{name}.places.csv"
    with atomic_open(staging, "w") as fh:
        rows, sha = _write_store(_fitting(places, others, path), fh)
        if rows == 0:
            raise InputError("no usable places (none with an Arabic name"
                             + (f" in {','.join(countries)}" if countries else "") + "); nothing imported",
                             path=str(path))
    replaced = (folder / "manifest.json").exists()
    manifest = Manifest(name=name, format=fmt, origin=str(path.resolve()), rows=rows, sha256=sha,
                        imported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        countries=tuple(c.upper() for c in countries or ()))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.replace(staging, folder / "places.csv")
    except OSError as err:
        staging.unlink(missing_ok=True)
        raise GazetteerError(f"cannot store the import in {folder}: {err.strerror or err}") from err
    atomic_write_text(folder / "manifest.json",
                      json.dumps({**manifest.__dict__, "countries": list(manifest.countries)}, ensure_ascii=False, indent=1))
    return manifest, replaced


def _fitting(places: Iterable[Place], others: int, path: Path) -> Iterator[Place]:
    """``places``, stopping with GazetteerError (naming ``path``) as soon as they and the ``others``
    already imported would not fit in memory once indexed."""
    n = 0
    for n, place in enumerate(places, 1):
        if n % 100_000 == 0:
            check_fits(n + others, str(path))
        yield place
    check_fits(n + others, str(path))


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
