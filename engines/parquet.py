"""Events as (partitioned) GeoParquet, and snapshots/comparisons over more events than fit in memory.

A partitioned store is a folder of ``part-NNNNNN.parquet`` files, one per extraction
partition, each a GeoParquet file (EPSG:4326 points; unresolved events have a null
geometry, never 0/0). Columns are geo.io's event properties (the scorer contract, mapped
by geo.io both ways, so the list lives in one place); dates are ISO strings, as at every
other I/O boundary. Column types come from the ``Event`` annotations, not from each file's
values, so a partition where a column happens to be all-null still has the same schema as
the others and the folder reads as one table.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from core.errors import InputError, UsageError
from core.fsio import atomic_open
from geo.compare import compare, summarise
from geo.io import events_to_geojson
from geo.model import Comparison, Snapshot
from geo.snapshot import EventIndex, snapshot
from records.event import Event
from records.schema import EVENT_PROPERTIES, OPTIONAL_PROPERTIES, event_from_properties

CRS = "EPSG:4326"
PART = "part-{:06d}.parquet"
_PART_RE = re.compile(r"^part-\d{6,}\.parquet$")
_ANNOTATIONS = {f.name: str(f.type) for f in dataclasses.fields(Event)}


def _dtype(name: str) -> str:
    """The pandas dtype of an event property: nullable ints and floats from the Event annotation, else strings."""
    text = _ANNOTATIONS.get(name, "str")
    if text.startswith("int"):
        return "Int64"
    if text.startswith("float"):
        return "Float64"
    return "string"


def events_to_frame(events: Iterable[Event]):
    """A GeoDataFrame with one row per event, in order: geo.io's properties plus a lon/lat point (or null)."""
    import geopandas as gpd  # lazy: heavy third-party import, kept off start-up
    import pandas as pd  # lazy: heavy third-party import, kept off start-up

    features = events_to_geojson(events)["features"]
    columns = {name: pd.array([f["properties"][name] for f in features], dtype=_dtype(name))
               for name in EVENT_PROPERTIES}
    geometry = gpd.GeoSeries.from_xy(
        [f["geometry"]["coordinates"][0] if f["geometry"] else float("nan") for f in features],
        [f["geometry"]["coordinates"][1] if f["geometry"] else float("nan") for f in features], crs=CRS)
    geometry[[f["geometry"] is None for f in features]] = None
    return gpd.GeoDataFrame(columns, geometry=geometry, crs=CRS)


def _plain(value: Any) -> Any:
    """pandas/numpy scalars and NA back to plain Python values."""
    import pandas as pd  # lazy: heavy third-party import, kept off start-up

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def frame_to_events(frame) -> list[Event]:
    """The events of a frame written by ``events_to_frame``, through geo.io's property mapping."""
    missing = [n for n in EVENT_PROPERTIES if n not in frame.columns and n not in OPTIONAL_PROPERTIES]
    if missing:
        raise InputError(f"not an events GeoParquet table: missing columns {', '.join(missing)}; "
                         "write it with engines.parquet.write_events_parquet")
    names = [n for n in EVENT_PROPERTIES if n in frame.columns]  # a table written before issue 12 lacks a few
    events = []
    for row, point in zip(frame[names].itertuples(index=False, name=None), frame.geometry):
        props = {n: _plain(v) for n, v in zip(names, row)}
        lat, lon = (point.y, point.x) if point is not None and not point.is_empty else (None, None)
        events.append(event_from_properties(props, lat, lon))
    return events


def write_events_parquet(path: str | Path, events: Iterable[Event]) -> Path:
    """Write events as one GeoParquet file, atomically."""
    frame = events_to_frame(events)
    with atomic_open(path, "wb") as fh:
        frame.to_parquet(fh, index=False)
    return Path(path)


def read_events_parquet(path: str | Path) -> list[Event]:
    """The events of one GeoParquet file, or of every part in a partitioned folder, in order."""
    import geopandas as gpd  # lazy: heavy third-party import, kept off start-up

    files = part_files(path) if Path(path).is_dir() else [Path(path)]
    events: list[Event] = []
    for file in files:
        try:
            frame = gpd.read_parquet(file)
        except (OSError, ValueError) as err:
            raise InputError(f"cannot read events GeoParquet: {err}", path=str(file)) from err
        events.extend(frame_to_events(frame))
    return events


def write_partition(out_dir: str | Path, index: int, events: list[Event]) -> Path | None:
    """Write one partition's events as ``out_dir/part-<index>.parquet``; nothing when it has none.

    Runs on the worker that extracted the partition, so events never travel to the client.
    """
    if not events:
        return None
    return write_events_parquet(Path(out_dir) / PART.format(index), events)


def part_files(out_dir: str | Path) -> list[Path]:
    """The partition files of a folder, in partition (input) order."""
    folder = Path(out_dir)
    if not folder.is_dir():
        raise InputError("no such folder of GeoParquet partitions; run `conflictmap extract ... --out-dir DIR` "
                         "first", path=str(folder))
    return sorted((p for p in folder.iterdir() if _PART_RE.match(p.name)), key=lambda p: int(p.name[5:-8]))


def read_partitioned(out_dir: str | Path):
    """A lazy dask-geopandas GeoDataFrame over every partition of ``out_dir`` (one dask partition per file)."""
    try:
        import dask_geopandas  # lazy: heavy third-party import, kept off start-up
    except ImportError as err:
        raise UsageError("reading partitioned GeoParquet needs the dask extra: "
                         "pip install 'conflictmap[dask]'") from err
    files = part_files(out_dir)
    if not files:
        raise InputError("no part-*.parquet files in this folder", path=str(out_dir))
    return dask_geopandas.read_parquet([str(p) for p in files])


# ---------------------------------------------------------------- snapshots and comparisons out of core

def _relevant(out_dir: str | Path, upto: date):
    """The events a snapshot on ``upto`` can use, lazily: resolved, placed, dated on or before ``upto``.

    Each row gets ``_seq``, its position in the whole table, so each place's events can be put
    back in input order after the shuffle (the snapshot's sort is stable: ties keep input order).
    """
    frame = read_partitioned(out_dir).map_partitions(_number_rows)
    effective = frame["date"].fillna(frame["published"])
    keep = (frame["status"].isin(["resolved", "approximate"]) & frame["place_id"].notnull() & frame.geometry.notnull()
            & effective.notnull() & (effective <= upto.isoformat()))
    return frame[keep]


def _number_rows(part, partition_info=None):
    """Add ``_seq``: partition number in the high bits, row position in the low bits (input order)."""
    import numpy as np  # lazy: heavy third-party import, kept off start-up

    number = (partition_info or {}).get("number", 0)
    return part.assign(_seq=np.arange(len(part), dtype="int64") + (int(number) << 32))


def _by_place(out_dir: str | Path, upto: date, npartitions: int | None):
    """Delayed frames each holding *every* relevant event of a set of places (shuffled on ``place_id``)."""
    frame = _relevant(out_dir, upto)
    return frame.shuffle("place_id", npartitions=npartitions or frame.npartitions).to_delayed()


def _events_in_order(part) -> list[Event]:
    import geopandas as gpd  # lazy: heavy third-party import, kept off start-up

    part = part.sort_values("_seq", kind="stable")
    return frame_to_events(gpd.GeoDataFrame(part, geometry="geometry", crs=CRS))


def _snapshot_part(part, on: date, policy: dict) -> tuple:
    return snapshot(_events_in_order(part), on, **policy).places


def snapshot_partitioned(out_dir: str | Path, on: date, *, npartitions: int | None = None, **policy):
    """``geo.snapshot.snapshot`` over a partitioned GeoParquet folder too large to load whole.

    Why the result equals ``snapshot(read_events_parquet(out_dir), on)``: a snapshot is
    computed place by place, each place from its own resolved, dated events up to ``on``
    and nothing else, and its places come out sorted by ``place_id``. So (1) events that
    cannot count (unresolved, unplaced, undated, dated after ``on``) are dropped in each
    partition; (2) the rest are shuffled on ``place_id``, so each place's events all land in
    one partition, restored to input order (``_seq``) because same-day ties keep it; (3) the
    ordinary snapshot runs per partition, where only a share of the places is in memory; (4)
    the place states are merged in ``place_id`` order. Runs on the current Dask scheduler
    (a ``distributed.Client`` if one is active, else local threads).
    """
    import dask  # lazy: heavy third-party import, kept off start-up

    parts = _by_place(out_dir, on, npartitions)
    found = dask.compute(*[dask.delayed(_snapshot_part)(p, on, policy) for p in parts])
    return Snapshot(date=on, places=tuple(sorted((s for places in found for s in places), key=lambda s: s.place_id)))


def _compare_part(part, date_from: date, date_to: date, max_evidence: int, policy: dict) -> tuple:
    index = EventIndex(_events_in_order(part))
    cmp = compare(index, date_from, date_to, max_evidence=max_evidence, **policy)
    s1 = snapshot(index, date_from, max_evidence=max_evidence, **policy)
    s2 = snapshot(index, date_to, max_evidence=max_evidence, **policy)
    return cmp.changes, s1.places, s2.places


def compare_partitioned(out_dir: str | Path, date_from: date, date_to: date, *, areas: bool = False,
                        max_evidence: int = 20, npartitions: int | None = None, **policy):
    """``geo.compare.compare`` over a partitioned GeoParquet folder, by the same per-place argument.

    A change is read off one place's two states and its own events between the dates, so the
    places are shuffled apart as in ``snapshot_partitioned`` (keeping events up to the later
    date); the per-force summary is then computed once from all changes and both merged
    snapshots, exactly as ``compare`` does.
    """
    import dask  # lazy: heavy third-party import, kept off start-up

    parts = _by_place(out_dir, max(date_from, date_to), npartitions)
    found = dask.compute(*[dask.delayed(_compare_part)(p, date_from, date_to, max_evidence, policy) for p in parts])
    by_id = lambda x: x.place_id  # noqa: E731
    changes = tuple(sorted((c for f in found for c in f[0]), key=by_id))
    s1 = Snapshot(date_from, tuple(sorted((s for f in found for s in f[1]), key=by_id)))
    s2 = Snapshot(date_to, tuple(sorted((s for f in found for s in f[2]), key=by_id)))
    return Comparison(date_from=date_from, date_to=date_to, changes=changes,
                      summary=summarise(changes, s1, s2, areas=areas))
