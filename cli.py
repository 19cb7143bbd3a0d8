#!/usr/bin/env python3
"""conflictmap: Arabic war news → dated control events → snapshots, comparisons and maps.

The front door only: parse arguments, set up logging, call the package that owns the
command, turn typed errors into one clear line and an exit code
(0 ok, 1 some inputs failed, 2 usage error). No domain logic lives here; each package
registers its commands in its ``app/`` module.
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from app import extract as extract_commands
from app import gazetteer as gazetteer_commands
from app import geo as geo_commands
from app import maps as maps_commands
from core import progress
from core.errors import MapperError

EPILOG = """examples:
  conflictmap extract examples/articles --meta examples/meta.jsonl -o events.geojson
  conflictmap ingest examples/articles --meta examples/meta.jsonl --db events.gpkg
  conflictmap snapshot --db events.gpkg --date 2017-12-31 -o snapshot.geojson
  conflictmap compare --db events.gpkg --from 2015-12-31 --to 2017-12-31
  conflictmap map --db events.gpkg --offline -o map.html
  conflictmap gazetteer lookup الرقة التنف

Every command has its own --help with options and an example."""


class _Formatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Keep example blocks as written and show defaults."""


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options plus every package's subcommands."""
    parser = argparse.ArgumentParser(
        prog="conflictmap", description=__doc__.split("\n\n")[0], epilog=EPILOG, formatter_class=_Formatter
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr (-vv for debug)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and only errors on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (extract_commands, geo_commands, maps_commands, gazetteer_commands):
        module.register(sub, _Formatter)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.ERROR if args.quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    progress.QUIET = args.quiet
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except MapperError as err:
        print(f"conflictmap {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"conflictmap {args.command}: interrupted; committed work is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
