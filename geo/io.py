"""Reading and writing events, snapshots and comparisons: GeoJSON, GeoPackage, CSV.

The only place axis order is converted: records carry named ``lat``/``lon``; GeoJSON
and shapely get ``(lon, lat)`` here and nowhere else. Every writer is atomic (a
temporary file beside the target, then ``os.replace``), so a failed export leaves the
previous file intact. CSV cells are neutralised against formula injection because
analysts open these files in spreadsheets.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from core.errors import InputError, OutputError, UsageError
from core.fsio import atomic_write_text, is_stdout, writes_through
from geo.acled import COLUMNS, events_to_rows, read_acled_rows
from geo.csvcells import write_csv
from geo.model import Change, Comparison, PlaceState, Snapshot
from geo.store import EventStore, check_event_values
from records.event import Event
from records.schema import EVENT_PROPERTIES, event_from_properties, event_properties, iso

log = logging.getLogger(__name__)

FORMATS = ("geojson", "gpkg", "csv")

# ---------------------------------------------------------------- small converters

def lonlat(lat: float, lon: float) -> list[float]:
    """GeoJSON position order (RFC 7946 §3.1.1): longitude first."""
    if not -90.0 <= lat <= 90.0:
        raise UsageError(f"latitude {lat} is outside [-90, 90]; were latitude and longitude swapped?")
    return [float(lon), float(lat)]


def _point(lat: float | None, lon: float | None) -> dict | None:
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": lonlat(lat, lon)}


# ---------------------------------------------------------------- events ⇄ GeoJSON

def events_to_geojson(events: Iterable[Event]) -> dict:
    """An RFC 7946 FeatureCollection (WGS84, lon/lat, no ``crs`` member); unresolved events get null geometry."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": _point(e.lat, e.lon) if e.located else None,
             "properties": event_properties(e)}
            for e in events
        ],
    }


def events_from_geojson(collection: dict) -> list[Event]:
    """Events back from a FeatureCollection written by :func:`events_to_geojson` (or any with the same properties)."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise InputError("not a GeoJSON FeatureCollection: expected {\"type\": \"FeatureCollection\", ...}")
    events = []
    for i, feature in enumerate(collection.get("features") or []):
        geom = feature.get("geometry")
        lat = lon = None
        if geom:
            if geom.get("type") != "Point":
                raise InputError(f"feature {i}: event geometry must be a Point, not {geom.get('type')}")
            try:
                lon, lat = (float(c) for c in geom["coordinates"][:2])
            except (KeyError, TypeError, ValueError):
                raise InputError(f"feature {i}: a Point needs numeric [longitude, latitude] coordinates") from None
        try:
            event = event_from_properties(feature.get("properties") or {}, lat, lon)
        except InputError as err:
            raise InputError(f"feature {i}: {err}") from err
        check_event_values(event, f"feature {i}")  # a latitude of 200 or a NaN never enters a snapshot or map
        events.append(event)
    return events


# ---------------------------------------------------------------- loading

def load_events(path: str | os.PathLike[str]) -> list[Event]:
    """Events from an events GeoJSON file, an event store or an ACLED-style CSV, by sniffing the file."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except OSError as err:
        raise InputError(f"cannot read {p}: {err.strerror or err}; check the path") from err
    if head.startswith(b"SQLite format 3"):
        with EventStore(p, readonly=True) as store:
            return store.events()
    if p.suffix.lower() == ".csv":
        groups, problems = read_acled_rows(p)
        for problem in problems:  # the good rows are drawn; each bad one is said once
            log.warning("skipped %s", problem)
        return [e for _, events in groups for e in events]
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{p} is neither an events GeoJSON file nor an event store: {err}") from err
    try:
        return events_from_geojson(data)
    except InputError as err:
        raise InputError(f"{p}: {err}") from err


# ---------------------------------------------------------------- writers

def check_format(path: str | os.PathLike[str], fmt: str | None) -> str:
    """The output format: as given, or from the file suffix; a UsageError names the choices."""
    if fmt is None:
        fmt = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv"}.get(Path(path).suffix.lower())
    if fmt is None and writes_through(path):
        fmt = "geojson"  # -o - or -o /dev/stdout: GeoJSON unless the name says otherwise
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format for {path}: use one of {', '.join(FORMATS)} "
                         "(or a .geojson/.gpkg/.csv file name)")
    return fmt


def write_geojson(path: str | os.PathLike[str], collection: dict) -> None:
    """A FeatureCollection to disk, UTF-8, atomically."""
    atomic_write_text(path, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")


def write_gpkg(path: str | os.PathLike[str], collection: dict, layer: str, columns: Sequence[str] = ()) -> None:
    """A FeatureCollection as a GeoPackage layer: written to a temp file beside the target, then renamed.

    ``columns`` gives an empty layer its fields, so an empty export still has the right schema.
    """
    import geopandas as gpd  # lazy: heavy third-party import, kept off start-up
    import pandas as pd  # lazy: heavy third-party import, kept off start-up

    if writes_through(path):
        raise UsageError(f"cannot write a GeoPackage to {'standard output' if is_stdout(path) else path}: "
                         "it needs a regular file; use GeoJSON or CSV there")
    target = Path(os.path.realpath(path))
    feats = collection["features"]
    if feats:
        gdf = gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")
        cols = list(feats[0]["properties"])
        gdf = gdf[[c for c in cols if c in gdf.columns] + ["geometry"]]
    else:
        gdf = gpd.GeoDataFrame({**{c: pd.Series(dtype="object") for c in columns}, "geometry": []},
                               geometry="geometry", crs="EPSG:4326")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".gpkg", dir=target.parent)
        os.close(fd)
        os.unlink(tmp)  # GDAL wants to create the file itself
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}; check the folder exists and is writable") from err
    try:
        gdf.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio")
        os.replace(tmp, target)
    except Exception as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {target}: {err}; the previous file (if any) is unchanged") from err


def write_events(path: str | os.PathLike[str], events: Sequence[Event], fmt: str | None = None) -> None:
    """Events to ``path`` as geojson | gpkg | csv (ACLED-style columns), atomically."""
    fmt = check_format(path, fmt)
    if fmt == "csv":
        write_csv(path, events_to_rows(events), COLUMNS)
    elif fmt == "gpkg":
        write_gpkg(path, events_to_geojson(events), "events", EVENT_PROPERTIES)
    else:
        write_geojson(path, events_to_geojson(events))


# ---------------------------------------------------------------- snapshots and comparisons

def _evidence_json(evidence) -> list[dict]:
    return [{"source": ev.source, "force": ev.force, "relation": ev.relation, "date": iso(ev.date),
             "sentence": ev.sentence, "rule": ev.rule, "confidence": ev.confidence, "url": ev.url,
             "outlet": ev.outlet} for ev in evidence]


def snapshot_rows(snap: Snapshot) -> list[dict[str, Any]]:
    """One flat row per place (for CSV and tables); evidence collapsed to its sources."""
    return [{
        "date": iso(snap.date), "place_id": p.place_id, "place_ar": p.name_ar, "place_en": p.name_en,
        "kind": p.kind, "pcode": p.pcode, "admin1": p.admin1, "admin1_code": p.admin1_code, "admin2": p.admin2,
        "admin2_code": p.admin2_code, "admin3": p.admin3, "admin3_code": p.admin3_code, "country": p.country,
        "latitude": p.lat, "longitude": p.lon,
        "force": p.force, "forces": ";".join(p.forces), "state": p.state, "since": iso(p.since),
        "last_seen": iso(p.last_seen), "confidence": round(p.confidence, 3), "n_sources": p.n_sources,
        "stale": p.stale, "sources": ";".join(dict.fromkeys(ev.source for ev in p.evidence)),
    } for p in snap.places]


def snapshot_to_geojson(snap: Snapshot) -> dict:
    """A FeatureCollection with one Point per place: force, state, since, confidence, evidence (a list)."""
    return {"type": "FeatureCollection", "features": _row_features(snapshot_rows(snap), snap.places)}


def comparison_rows(cmp: Comparison) -> list[dict[str, Any]]:
    """One flat row per place for the comparison CSV."""
    return [{
        "date_from": iso(cmp.date_from), "date_to": iso(cmp.date_to), "place_id": c.place_id,
        "place_ar": c.name_ar, "place_en": c.name_en, "kind": c.kind, "latitude": c.lat, "longitude": c.lon,
        "change": c.change, "from_force": c.from_force, "to_force": c.to_force, "from_state": c.from_state,
        "to_state": c.to_state, "sources": ";".join(dict.fromkeys(ev.source for ev in c.evidence)),
    } for c in cmp.changes]


def comparison_to_geojson(cmp: Comparison) -> dict:
    """Features with ``change`` = gained/lost/changed_hands/contested/unchanged; the per-force summary as a member."""
    return {"type": "FeatureCollection", "features": _row_features(comparison_rows(cmp), cmp.changes),
            "summary": cmp.summary}


def _row_features(rows: list[dict[str, Any]], records: Sequence[PlaceState | Change]) -> list[dict]:
    """Point features from flat CSV-style rows: coordinates become the geometry, evidence a list."""
    feats = []
    for row, rec in zip(rows, records):
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        props["evidence"] = _evidence_json(rec.evidence)
        feats.append({"type": "Feature", "geometry": _point(rec.lat, rec.lon), "properties": props})
    return feats


def _flatten_for_gpkg(collection: dict) -> dict:
    """GeoPackage columns are scalars: evidence lists become JSON text."""
    feats = [{**f, "properties": {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                                  for k, v in f["properties"].items()}} for f in collection["features"]]
    return {"type": "FeatureCollection", "features": feats}


def write_snapshot(path: str | os.PathLike[str], snap: Snapshot, fmt: str | None = None) -> None:
    """A snapshot to geojson | gpkg | csv, atomically."""
    _write_places(path, fmt, "snapshot", lambda: snapshot_rows(snap), lambda: snapshot_to_geojson(snap))


def write_comparison(path: str | os.PathLike[str], cmp: Comparison, fmt: str | None = None) -> None:
    """A comparison to geojson | gpkg | csv, atomically."""
    _write_places(path, fmt, "comparison", lambda: comparison_rows(cmp), lambda: comparison_to_geojson(cmp))


def _write_places(path: str | os.PathLike[str], fmt: str | None, layer: str,
                  rows: Callable[[], list[dict[str, Any]]], collection: Callable[[], dict]) -> None:
    """One place-per-row table as CSV rows, or as a FeatureCollection in GeoJSON or a GeoPackage layer."""
    fmt = check_format(path, fmt)
    if fmt == "csv":
        write_csv(path, rows())
    elif fmt == "gpkg":
        write_gpkg(path, _flatten_for_gpkg(collection()), layer)
    else:
        write_geojson(path, collection())
