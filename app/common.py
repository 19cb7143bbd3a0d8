"""Helpers for packages registering CLI subcommands."""
from __future__ import annotations

import argparse
from typing import Callable

from core.errors import NotImplementedYet


def add_command(sub: argparse._SubParsersAction, name: str, *, help: str, example: str, formatter: type,
                func: Callable[[argparse.Namespace], int] | None = None) -> argparse.ArgumentParser:
    """Add a subcommand whose --help ends with a runnable example."""
    parser = sub.add_parser(name, help=help, description=help, epilog=f"example:\n  {example}",
                            formatter_class=formatter)
    parser.set_defaults(func=func or not_implemented(name))
    return parser


def not_implemented(name: str, issue: int | None = None) -> Callable[[argparse.Namespace], int]:
    """A handler for a command whose issue has not landed: exit 2 with a clear message, no output."""

    def handler(args: argparse.Namespace) -> int:
        where = f" (issue {issue})" if issue else ""
        raise NotImplementedYet(f"'{name}' is not implemented yet{where}")

    return handler
