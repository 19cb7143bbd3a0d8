"""CLI commands owned by the gazetteer: gazetteer lookup|import|fetch|sources|remove."""
from __future__ import annotations

import argparse

from core.commands import add_command, not_implemented


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "gazetteer", help="look up Arabic place names; import or list gazetteer sources",
                    example="conflictmap gazetteer lookup الرقة التنف", formatter=formatter)
    gsub = p.add_subparsers(dest="gazetteer_command", metavar="SUBCOMMAND", required=True)
    q = add_command(gsub, "lookup", help="ranked candidates for place names", example="conflictmap gazetteer lookup الرقة",
                    formatter=formatter, func=not_implemented("gazetteer lookup", 3))
    q.add_argument("names", nargs="+")
    q = add_command(gsub, "import", help="add a GeoNames dump or CSV as a gazetteer source",
                    example="conflictmap gazetteer import SY.txt --format geonames", formatter=formatter,
                    func=not_implemented("gazetteer import", 3))
    q.add_argument("file")
