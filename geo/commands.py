"""CLI commands owned by geo/: ingest, snapshot, compare, export."""
from __future__ import annotations

import argparse

from core.commands import add_command, not_implemented


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "ingest", help="extract articles into a persistent event store",
                    example="conflictmap ingest examples/ --db events.gpkg", formatter=formatter,
                    func=not_implemented("ingest", 5))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", required=True, help="event store (SQLite/GeoPackage file)")
    p = add_command(sub, "snapshot", help="who controls each place on a date",
                    example="conflictmap snapshot --db events.gpkg --date 2017-12-31 -o snapshot.geojson",
                    formatter=formatter, func=not_implemented("snapshot", 5))
    p.add_argument("--date", required=True)
    p = add_command(sub, "compare", help="what changed hands between two dates",
                    example="conflictmap compare --db events.gpkg --from 2015-12-31 --to 2017-12-31",
                    formatter=formatter, func=not_implemented("compare", 5))
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p = add_command(sub, "export", help="export events, snapshots or comparisons as GeoJSON, GeoPackage or CSV",
                    example="conflictmap export --db events.gpkg --format csv -o events.csv",
                    formatter=formatter, func=not_implemented("export", 5))
    p.add_argument("--format", choices=("geojson", "gpkg", "csv"), required=True)
