"""CLI commands owned by the extraction package: extract, evaluate."""
from __future__ import annotations

import argparse

from core.commands import add_command, not_implemented


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "extract", help="extract control events from Arabic articles into GeoJSON",
                    example="conflictmap extract examples/ --meta examples/meta.jsonl -o events.geojson",
                    formatter=formatter, func=not_implemented("extract", 4))
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html files, folders, .jsonl/.csv, or - for stdin")
    p.add_argument("-o", "--output", required=True, help="events GeoJSON to write")
    p = add_command(sub, "evaluate", help="score an events GeoJSON against a gold JSONL file",
                    example="conflictmap evaluate ../shared/gold/seeds.jsonl events.geojson",
                    formatter=formatter, func=not_implemented("evaluate", 4))
    p.add_argument("gold")
    p.add_argument("events")
