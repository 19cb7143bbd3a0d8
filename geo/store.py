"""The persistent event store: one SQLite file that is also a valid GeoPackage.

Why SQLite: one transaction per article makes ingest resumable and crash-safe (a
SIGKILL loses at most the article in flight, never a committed one, and never leaves
half an article behind). Why GeoPackage: the same file opens in QGIS/GDAL as an
``events`` point layer (plus an ``articles`` attribute table), so there is no export
step for GIS users. WAL journaling lets readers work while one writer ingests. Two
``ingest`` runs on one store both run to the end: each article is one short write
transaction, so they take turns per article (a writer waits up to ``timeout`` seconds for
the other's transaction, then gets a StoreError saying so). Before a run writes, the
file is checked (``PRAGMA quick_check``) so a damaged store is never written into, and
every event is checked so the store never holds a coordinate or confidence that is
non-finite or out of range.
"""
from __future__ import annotations

import hashlib
import math
import os
import sqlite3
import struct
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from core.errors import InputError, StoreError
from records.article import Article
from records.event import Event
from records.schema import EVENT_PROPERTIES, iso

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_VERSION = 10200
WGS84 = 4326

_INT = {"sentence_start", "mention_start", "mention_end", "force_start", "force_end", "geo_precision"}
_TYPES = {**{c: "INTEGER" for c in _INT}, "confidence": "REAL", "date": "DATE", "published": "DATE"}
_EVENT_COLUMNS = (*EVENT_PROPERTIES, "lat", "lon")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
CREATE TABLE IF NOT EXISTS articles (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL,
  origin TEXT, published DATE, url TEXT, outlet TEXT, ingested_at DATETIME NOT NULL, n_events INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom POINT, article_fid INTEGER NOT NULL,
  {", ".join(f'"{c}" {_TYPES.get(c, "TEXT")}' for c in EVENT_PROPERTIES)}, lat REAL, lon REAL);
CREATE INDEX IF NOT EXISTS events_article ON events(article_fid);
CREATE INDEX IF NOT EXISTS events_place ON events(place_id);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
  VALUES ('events', 'features', 'events', 'control events extracted from articles (conflictmap)', {WGS84}),
         ('articles', 'attributes', 'articles', 'ingested articles and their content hashes', NULL);
INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('events', 'geom', 'POINT', {WGS84}, 0, 0);
"""


# Safe: a pure function of the string; bounded.
@lru_cache(maxsize=65536)
def _day(text: str | None) -> date | None:
    """Stored ISO date → date (cached: a store holds few distinct dates and many events)."""
    return date.fromisoformat(text) if text else None


def _connect_readonly(path: Path, timeout: float) -> sqlite3.Connection:
    """Open for reading; on a read-only folder (WAL needs its -shm file) fall back to immutable mode.

    Immutable mode is safe there: nobody can be writing to a store in a folder nobody can write to.
    """
    uri = f"file:{quote(str(path.resolve()))}"
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, isolation_level=None)


def gpkg_point(lat: float, lon: float) -> bytes:
    """GeoPackage binary for a point: 'GP' header (v0, little-endian, no envelope, SRS 4326) + WKB (lon, lat)."""
    return b"GP\x00\x01" + struct.pack("<i", WGS84) + struct.pack("<BIdd", 1, 1, lon, lat)


def content_hash(article: Article) -> str:
    """The article's hash as given by the reader, or sha256 of its text."""
    return article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def check_event_values(e: Event, where: str) -> None:
    """``InputError`` unless the event's coordinates and confidence are finite and in range.

    The last gate before the store: a NaN or a latitude of 200 stored once would break
    every later map, snapshot and export of the store.
    """
    if e.lat is not None or e.lon is not None:
        if e.lat is None or e.lon is None or not (math.isfinite(e.lat) and math.isfinite(e.lon)) \
                or not (-90 <= e.lat <= 90 and -180 <= e.lon <= 180):
            raise InputError(f"event at {e.place_id or e.mention!r} has coordinates ({str(e.lat)[:30]}, "
                             f"{str(e.lon)[:30]}); latitude must be in [-90, 90] and longitude in [-180, 180]",
                             path=where)
    if e.confidence is not None and not (math.isfinite(e.confidence) and 0 <= e.confidence <= 1):
        raise InputError(f"event confidence {str(e.confidence)[:30]} is not a number in [0, 1]", path=where)


class EventStore:
    """An append-and-replace store of articles and their events (see module docstring).

    Raises StoreError when the file is not a store, is locked by another writer for
    longer than ``timeout`` seconds, or cannot be written.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                if not self.path.is_file():
                    raise StoreError(f"no event store at {self.path}: create one with 'conflictmap ingest ... --db {self.path}'")
                self.db = _connect_readonly(self.path, timeout)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._check_is_store()
            if not readonly:
                self._check_intact()
                self._init_schema()
        except sqlite3.DatabaseError as err:
            raise self._error(err) from err
        except StoreError:
            raise
        except OSError as err:
            raise StoreError(f"cannot open {self.path}: {err.strerror or err}; check the folder exists and is writable") from err

    # -------------------------------------------------------------- setup

    def _error(self, err: sqlite3.Error) -> StoreError:
        """Translate SQLite's messages into ones that say what to do."""
        msg = str(err).lower()
        if "locked" in msg or "busy" in msg:
            return StoreError(f"the store {self.path} is busy: another process is writing to it; "
                              "wait for it to finish, or ingest into a different --db")
        if "not a database" in msg or "malformed" in msg:
            return StoreError(f"{self.path} is not a readable event store ({err}); "
                              "pass a new file name to --db or restore the file from a backup")
        if "readonly" in msg or "read-only" in msg or "unable to open" in msg or "disk i/o" in msg:
            return StoreError(f"cannot write the store {self.path} ({err}); check permissions and free disk space")
        if "disk is full" in msg or "full" in msg:
            return StoreError(f"the disk is full while writing {self.path}; free space and rerun (committed articles are kept)")
        return StoreError(f"event store {self.path}: {err}")

    def _check_is_store(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" in tables:
            return
        if self.readonly:
            raise StoreError(f"{self.path} is not an event store (no articles table): "
                             "pass a store made by 'conflictmap ingest'")
        foreign = tables - {"gpkg_spatial_ref_sys", "gpkg_contents", "gpkg_geometry_columns", "sqlite_sequence"}
        if foreign:
            raise StoreError(f"{self.path} is an SQLite file but not an event store (tables: "
                             f"{', '.join(sorted(foreign)[:5])}); pass a new file name to --db")

    def _check_intact(self) -> None:
        """Refuse to write into a damaged file (``PRAGMA quick_check``): its readers would all fail after."""
        rows = [r[0] for r in self.db.execute("PRAGMA quick_check(3)").fetchall()]
        if rows and rows != ["ok"]:
            found = "; ".join(" ".join(str(r).split())[:80] for r in rows)
            raise StoreError(f"{self.path} is damaged ({found}); nothing was written: "
                             "restore it from a backup, or ingest into a new --db")

    def _init_schema(self) -> None:
        try:
            self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # another process holds it; WAL is persistent, so it is already set or will be
        self.db.execute("PRAGMA synchronous = NORMAL")  # with WAL: safe against process kills
        if self._schema_ready():
            return  # no write needed, so opening never waits for another writer
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if self.db.execute("PRAGMA application_id").fetchone()[0] != GPKG_APPLICATION_ID:
                self.db.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
                self.db.execute(f"PRAGMA user_version = {GPKG_VERSION}")
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    self.db.execute(statement)
            for column in self._missing_columns():  # a store written before a property existed
                self.db.execute(f'ALTER TABLE events ADD COLUMN "{column}" {_TYPES.get(column, "TEXT")}')
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _schema_ready(self) -> bool:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {"articles", "events", "gpkg_contents", "gpkg_geometry_columns"} <= tables and \
            self.db.execute("PRAGMA application_id").fetchone()[0] == GPKG_APPLICATION_ID and not self._missing_columns()

    def _missing_columns(self) -> list[str]:
        """Event properties the events table lacks (none for a store made by this version)."""
        have = {r[1] for r in self.db.execute("PRAGMA table_info(events)")}
        return [c for c in _EVENT_COLUMNS if have and c not in have]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -------------------------------------------------------------- writing

    def known_hash(self, article_id: str) -> str | None:
        """The stored content hash of an article (to skip extraction of unchanged ones), or None."""
        row = self.db.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def ingest(self, article: Article, events: Sequence[Event]) -> str:
        """Store one article and its events in ONE transaction: "added", "unchanged" or "replaced".

        Same id and content hash → nothing written. Same id, new content → its old events
        are deleted and the new ones inserted, atomically.
        """
        if self.readonly:
            raise StoreError(f"{self.path} was opened read-only")
        for e in events:
            check_event_values(e, article.origin or article.id)
        digest = content_hash(article)
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                result = self._ingest(article, events, digest)
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:  # SQLite rolls back by itself on some errors (disk full)
                    self.db.execute("ROLLBACK")
                raise
        except sqlite3.Error as err:
            raise self._error(err) from err
        return result

    def _ingest(self, article: Article, events: Sequence[Event], digest: str) -> str:
        row = self.db.execute("SELECT fid, content_hash FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row and row[1] == digest:
            return "unchanged"
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        values = (digest, article.origin, iso(article.published), article.url, article.outlet, now, len(events))
        if row:
            fid = row[0]
            self.db.execute("DELETE FROM events WHERE article_fid = ?", (fid,))
            self.db.execute("UPDATE articles SET content_hash = ?, origin = ?, published = ?, url = ?, outlet = ?, "
                            "ingested_at = ?, n_events = ? WHERE fid = ?", (*values, fid))
        else:
            fid = self.db.execute("INSERT INTO articles (content_hash, origin, published, url, outlet, ingested_at, "
                                  "n_events, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (*values, article.id)).lastrowid
        cols = ", ".join(f'"{c}"' for c in _EVENT_COLUMNS)
        marks = ", ".join("?" * (len(_EVENT_COLUMNS) + 2))
        self.db.executemany(f"INSERT INTO events (geom, article_fid, {cols}) VALUES ({marks})",
                            [self._event_row(e, fid) for e in events])
        self._touch_contents(events, now)
        return "replaced" if row else "added"

    @staticmethod
    def _event_row(e: Event, fid: int) -> tuple:
        located = e.located
        geom = gpkg_point(e.lat, e.lon) if located else None
        values = [iso(getattr(e, c)) if c in ("date", "published") else getattr(e, c) for c in EVENT_PROPERTIES]
        return (geom, fid, *values, e.lat if located else None, e.lon if located else None)

    def _touch_contents(self, events: Sequence[Event], now: str) -> None:
        """Keep the GeoPackage extent and last_change current so QGIS zooms to the data."""
        pts = [(e.lon, e.lat) for e in events if e.located]
        self.db.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name IN ('events', 'articles')", (now,))
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            self.db.execute(
                "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?), ?), min_y = min(coalesce(min_y, ?), ?), "
                "max_x = max(coalesce(max_x, ?), ?), max_y = max(coalesce(max_y, ?), ?) WHERE table_name = 'events'",
                (min(xs), min(xs), min(ys), min(ys), max(xs), max(xs), max(ys), max(ys)))

    # -------------------------------------------------------------- reading

    def events(self) -> list[Event]:
        """Every stored event, in ingest order.

        Rows are typed by the schema, so they become Events directly (no per-field
        coercion): reading is the hot path when snapshots run on a large store.
        """
        try:
            missing = set(self._missing_columns())  # a read-only store of an older version: defaults
            names = [c for c in _EVENT_COLUMNS if c not in missing]
            cols = ", ".join(f'"{c}"' for c in names)
            rows = self.db.execute(f"SELECT {cols} FROM events ORDER BY fid").fetchall()
        except sqlite3.Error as err:
            raise self._error(err) from err
        i_date, i_pub = names.index("date"), names.index("published")
        out = []
        for r in rows:
            values = dict(zip(names, r))
            values["date"], values["published"] = _day(r[i_date]), _day(r[i_pub])
            out.append(Event(**values))
        return out

    def articles(self) -> list[dict[str, Any]]:
        """Every stored article's bookkeeping row (id, content_hash, origin, published, url, outlet, ingested_at, n_events)."""
        try:
            cur = self.db.execute("SELECT id, content_hash, origin, published, url, outlet, ingested_at, n_events "
                                  "FROM articles ORDER BY fid")
        except sqlite3.Error as err:
            raise self._error(err) from err
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def counts(self) -> tuple[int, int]:
        """(articles, events) in the store."""
        a = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        e = self.db.execute("SELECT count(*) FROM events").fetchone()[0]
        return a, e
