"""One error hierarchy for the whole tool.

Each error also inherits the builtin it refines (geopy's habit), so callers can
catch either. Messages say what to do, not only what went wrong. ``exit_code``
is what the CLI returns when the error reaches it.
"""
from __future__ import annotations


class MapperError(Exception):
    """Root of every error this tool raises on purpose."""

    exit_code = 1


class UsageError(MapperError, ValueError):
    """The command line or a parameter is wrong; the message says the right form."""

    exit_code = 2


class NotImplementedYet(MapperError, NotImplementedError):
    """A command whose issue has not landed yet (never fake output)."""

    exit_code = 2


class InputError(MapperError, ValueError):
    """One input (file, line, record) could not be used.

    ``path`` and ``line`` locate it so the report names the exact place.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = path or ""
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.reason = message


class GazetteerError(MapperError):
    """The gazetteer's data or cache could not be loaded or built."""


class StoreError(MapperError, OSError):
    """The event store is locked, corrupt or not writable."""


class OutputError(MapperError, OSError):
    """An output file could not be written; the previous file is left intact."""
