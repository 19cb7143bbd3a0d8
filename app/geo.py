"""CLI commands over the event store and the geo package: ingest, snapshot, compare, export."""
from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from app.common import add_command
from app.extract import add_input_options, read_articles
from core.errors import InputError, UsageError

# The handlers below import the packages they run inside themselves: cli.py builds every command's parser at
# start-up and `--help` must stay fast, so this module imports at its top only what the parsers need.


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "ingest", help="extract articles into a persistent event store (resumable, one transaction "
                    "per article; the store is a GeoPackage that opens in QGIS)",
                    example="conflictmap ingest examples/articles --meta examples/meta.jsonl --db events.gpkg", formatter=formatter, func=run_ingest)
    p.add_argument("paths", nargs="+", metavar="PATH", help="articles (as for 'extract'), or ACLED-style CSV files "
                   "with --format acled")
    p.add_argument("--db", required=True, metavar="STORE", help="event store (SQLite/GeoPackage file), created if missing")
    p.add_argument("--format", choices=("text", "acled"), default="text",
                   help="text: extract events from articles; acled: read ACLED-style CSV rows as events")
    add_input_options(p)

    p = add_command(sub, "snapshot", help="who controls each place on a date",
                    example="conflictmap snapshot --db events.gpkg --date 2017-12-31 -o snapshot.geojson",
                    formatter=formatter, func=run_snapshot)
    add_source_options(p)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the snapshot date")
    p.add_argument("-o", "--output", metavar="FILE", help="write .geojson, .gpkg or .csv (else a table on stdout)")
    _add_policy(p)

    p = add_command(sub, "compare", help="what changed hands between two dates",
                    example="conflictmap compare --db events.gpkg --from 2015-12-31 --to 2017-12-31 --csv changes.csv",
                    formatter=formatter, func=run_compare)
    add_source_options(p)
    p.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD", help="the earlier date")
    p.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD", help="the later date")
    p.add_argument("-o", "--output", metavar="FILE", help="write the changes as .geojson, .gpkg or .csv")
    p.add_argument("--csv", metavar="FILE", help="also write the changes as CSV")
    p.add_argument("--map", metavar="HTML", help="also draw a side-by-side comparison map")
    p.add_argument("--offline", action="store_true", help="with --map: a self-contained HTML file, no tiles")
    p.add_argument("--areas", action="store_true", help="add approximate control areas (km²) to the summary")
    p.add_argument("--all", action="store_true", help="list unchanged places too")
    _add_policy(p)

    p = add_command(sub, "export", help="export events, snapshots or comparisons as GeoJSON, GeoPackage or CSV "
                    "(CSV has ACLED-style columns)",
                    example="conflictmap export --db events.gpkg --what events --format csv -o events.csv",
                    formatter=formatter, func=run_export)
    add_source_options(p)
    p.add_argument("--what", choices=("events", "snapshot", "comparison"), default="events", help="what to export")
    p.add_argument("--format", choices=("geojson", "gpkg", "csv"), required=True,
                   help="GeoJSON (RFC 7946), GeoPackage layer, or CSV with ACLED-style columns")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write (replaced atomically)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="snapshot date (with --what snapshot)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="earlier date (with --what comparison)")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="later date (with --what comparison)")
    _add_policy(p)


# ------------------------------------------------------------------ shared options

def add_source_options(p: argparse.ArgumentParser) -> None:
    """--db | --events | --parquet (+ --scheduler): where a command reads its events from (map uses it too)."""
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", metavar="STORE", help="event store written by 'ingest'")
    source.add_argument("--events", metavar="FILE", help="events GeoJSON written by 'extract' (or a --parquet folder)")
    source.add_argument("--parquet", metavar="DIR", help="partitioned GeoParquet written by 'extract --out-dir'; "
                        "snapshot and compare read it with dask-geopandas, never whole into memory")
    p.add_argument("--scheduler", metavar="ADDR", help="with --parquet: compute on this Dask scheduler "
                   "(tcp://host:8786) instead of threads in this process")


def _add_policy(p: argparse.ArgumentParser) -> None:
    p.add_argument("--window-days", type=int, default=14, metavar="N",
                   help="claims by different forces this close together make a place contested")
    p.add_argument("--stale-after-days", type=int, default=365, metavar="N",
                   help="a state whose latest claim is older than this is marked stale, confidence lowered")


def parse_day(value: str | None, option: str) -> date | None:
    """An ISO date from the command line, or a UsageError showing the right form."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. {option} 2017-12-31") from None


def _dates(args: argparse.Namespace) -> tuple[date, date]:
    if not args.date_from or not args.date_to:
        raise UsageError("a comparison needs both --from YYYY-MM-DD and --to YYYY-MM-DD")
    d1, d2 = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    if d1 > d2:
        raise UsageError(f"--from {d1} is after --to {d2}; give the earlier date first")
    return d1, d2


def _policy(args: argparse.Namespace) -> dict:
    if args.window_days < 0 or args.stale_after_days < 1:
        raise UsageError("--window-days must be >= 0 and --stale-after-days >= 1")
    return {"contest_window_days": args.window_days, "stale_after_days": args.stale_after_days}


def parquet_dir(args: argparse.Namespace) -> Path | None:
    """The partitioned GeoParquet folder named by --parquet (or by --events DIR), else None."""
    folder = getattr(args, "parquet", None) or (args.events if args.events and Path(args.events).is_dir() else None)
    if getattr(args, "scheduler", None) and not folder:
        raise UsageError("--scheduler works with --parquet DIR only; the other sources are read in this process")
    return Path(folder) if folder else None


@contextlib.contextmanager
def on_scheduler(args: argparse.Namespace) -> Iterator[None]:
    """Run the Dask work inside on the cluster at --scheduler, if one was given (else on local threads)."""
    if not args.scheduler:
        yield
        return
    from engines.parallel import dask_client

    with dask_client(1, args.scheduler):
        yield


def load(args: argparse.Namespace) -> list:
    """The events named by --db, --events or --parquet (the last loaded whole: for exports and maps)."""
    from geo.io import load_events

    folder = parquet_dir(args)
    if folder is not None:
        from engines.parquet import read_events_parquet

        return read_events_parquet(folder)
    path = Path(args.db or args.events)
    if not path.is_file():
        option = "--db" if args.db else "--events"
        how = "'conflictmap ingest … --db FILE'" if args.db else "'conflictmap extract … -o FILE'"
        raise InputError(f"{option} {path}: no such file; create it with {how}")
    return load_events(path)


# ------------------------------------------------------------------ ingest

def _extracted(articles: Iterable, args: argparse.Namespace) -> Iterator:
    """(article, events) or Problem per input, in input order, on the workers the options ask for."""
    from engines.parallel import extract_many

    return extract_many(articles, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                        forces_path=args.forces, on_error="raise" if args.strict else "report")


def run_ingest(args: argparse.Namespace) -> int:
    from core.progress import progress
    from geo.store import EventStore, content_hash

    counts = {"added": 0, "unchanged": 0, "replaced": 0, "failed": 0}

    def report(problem: object) -> None:
        counts["failed"] += 1
        print(f"conflictmap ingest: skipped {problem}", file=sys.stderr)

    with EventStore(args.db) as store:
        if args.format == "acled":
            from geo.acled import read_acled

            for path in args.paths:
                try:
                    groups = read_acled(path)
                except InputError as err:
                    if args.strict:
                        raise
                    report(err)
                    continue
                for article, events in progress(groups, total=len(groups), desc="ingest"):
                    counts[store.ingest(article, events)] += 1
        else:
            def fresh(items: Iterable) -> Iterator:
                """Skip articles already stored with the same content before paying for extraction."""
                for item in items:
                    if hasattr(item, "text") and store.known_hash(item.id) == content_hash(item):
                        counts["unchanged"] += 1
                        continue
                    yield item

            for item in progress(_extracted(fresh(read_articles(args)), args), desc="ingest"):
                if isinstance(item, tuple):
                    counts[store.ingest(*item)] += 1
                else:
                    report(item)
        n_articles, n_events = store.counts()
    print(f"ingest: {counts['added']} added, {counts['unchanged']} unchanged, {counts['replaced']} replaced, "
          f"{counts['failed']} failed; {args.db} now holds {n_articles} articles, {n_events} events")
    return 1 if counts["failed"] else 0


# ------------------------------------------------------------------ snapshot, compare, export

def snapshot_of(args: argparse.Namespace, on: date):
    """The snapshot on ``on`` of the command's source: out of core (dask-geopandas) for a --parquet folder."""
    folder = parquet_dir(args)
    if folder is None:
        from geo.snapshot import snapshot

        return snapshot(load(args), on, **_policy(args))
    from engines.parquet import snapshot_partitioned

    with on_scheduler(args):
        return snapshot_partitioned(folder, on, **_policy(args))


def comparison_of(args: argparse.Namespace, d1: date, d2: date, areas: bool = False, events: list | None = None):
    """The comparison of the command's source (``events`` if already loaded; a --parquet folder out of core)."""
    folder = parquet_dir(args)
    if folder is None or events is not None:
        from geo.compare import compare

        return compare(load(args) if events is None else events, d1, d2, areas=areas, **_policy(args))
    from engines.parquet import compare_partitioned

    with on_scheduler(args):
        return compare_partitioned(folder, d1, d2, areas=areas, **_policy(args))


def run_snapshot(args: argparse.Namespace) -> int:
    from geo.io import write_snapshot
    from geo.snapshot import render_snapshot

    on = parse_day(args.date, "--date")
    snap = snapshot_of(args, on)
    if args.output:
        write_snapshot(args.output, snap)
        print(f"snapshot {on}: {len(snap.places)} places written to {args.output}")
    else:
        print(render_snapshot(snap))
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from geo.compare import render_comparison
    from geo.io import write_comparison

    d1, d2 = _dates(args)
    events = load(args) if args.map else None  # the map draws every event, so they are loaded whole anyway
    cmp = comparison_of(args, d1, d2, areas=args.areas, events=events)
    written = []
    if args.output:
        write_comparison(args.output, cmp)
        written.append(args.output)
    if args.csv:
        write_comparison(args.csv, cmp, "csv")
        written.append(args.csv)
    if args.map:
        from maps.build import save_map  # folium: half a second, only --map needs it
        from maps.compare import compare_map

        save_map(compare_map(events, d1, d2, offline=args.offline), args.map)
        written.append(args.map)
    print(render_comparison(cmp, show_unchanged=args.all))
    for path in written:  # on stderr, so stdout stays the table
        print(f"wrote {path}", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from geo import io

    if args.what == "events":
        events = load(args)
        io.write_events(args.output, events, args.format)
        n = len(events)
    elif args.what == "snapshot":
        if not args.date:
            raise UsageError("--what snapshot needs --date YYYY-MM-DD")
        snap = snapshot_of(args, parse_day(args.date, "--date"))
        io.write_snapshot(args.output, snap, args.format)
        n = len(snap.places)
    else:
        cmp = comparison_of(args, *_dates(args))
        io.write_comparison(args.output, cmp, args.format)
        n = len(cmp.changes)
    print(f"export: {n} {args.what} rows written to {args.output}")
    return 0
