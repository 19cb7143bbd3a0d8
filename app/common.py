"""Helpers for packages registering CLI subcommands."""
from __future__ import annotations

import argparse
from typing import Callable

from core.errors import NotImplementedYet
from records.forces import load_forces, use_extra_forces


def add_command(sub: argparse._SubParsersAction, name: str, *, help: str, example: str, formatter: type,
                func: Callable[[argparse.Namespace], int] | None = None) -> argparse.ArgumentParser:
    """Add a subcommand whose --help ends with a runnable example."""
    parser = sub.add_parser(name, help=help, description=help, epilog=f"example:\n  {example}",
                            formatter_class=formatter)
    parser.set_defaults(func=func or not_implemented(name))
    add_global_options(parser)
    return parser


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """``-v``/``-q`` accepted after the command too (``conflictmap ingest … -q``), as before it.

    ``SUPPRESS`` defaults: given here they set the value, left out they keep the one given before the command.
    """
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="more logging on stderr (-vv for debug)")
    parser.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress bar and only errors on stderr")


def not_implemented(name: str, issue: int | None = None) -> Callable[[argparse.Namespace], int]:
    """A handler for a command whose issue has not landed: exit 2 with a clear message, no output."""

    def handler(args: argparse.Namespace) -> int:
        where = f" (issue {issue})" if issue else ""
        raise NotImplementedYet(f"'{name}' is not implemented yet{where}")

    return handler


def add_forces_option(p: argparse.ArgumentParser) -> None:
    """--forces FILE for the commands that draw maps: custom forces get their names and colours."""
    p.add_argument("--forces", metavar="FILE", help="the extra forces file given to extract/ingest, so its forces "
                   "are drawn with their names and colours")


def use_forces(args: argparse.Namespace) -> None:
    """Load --forces once (a bad file is one clear error before any work) and make the map use it."""
    path = getattr(args, "forces", None)
    if path:
        load_forces(path)
        use_extra_forces(path)
