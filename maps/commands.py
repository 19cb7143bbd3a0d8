"""CLI commands owned by maps/: map."""
from __future__ import annotations

import argparse

from core.commands import add_command, not_implemented


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "map", help="draw a layered control map (HTML)",
                    example="conflictmap map --db events.gpkg --offline -o map.html", formatter=formatter,
                    func=not_implemented("map", 6))
    p.add_argument("-o", "--output", required=True)
