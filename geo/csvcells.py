"""CSV files for spreadsheets: UTF-8 with BOM, cells neutralised against formula injection.

Analysts open these files in spreadsheets, so a cell a spreadsheet would run as a formula is
defused on write (and ``geo.acled`` strips exactly that one apostrophe on read).
"""
from __future__ import annotations

import csv
import os
from typing import Any, Sequence

from core.fsio import atomic_open

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A CSV cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice).

    Numbers stay numbers: a negative longitude is data, not a formula. A cell that already
    starts with an apostrophe before such a character (or another apostrophe) gets one
    more, so reading back (geo.acled strips exactly one) restores the original text.
    """
    if isinstance(value, str) and (value.startswith(FORMULA_START)
                                   or (value.startswith("'") and value[1:2] and value[1] in FORMULA_START + ("'",))):
        return "'" + value
    return value


def write_csv(path: str | os.PathLike[str], rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """Rows as UTF-8 CSV (with BOM, so spreadsheets pick the encoding for Arabic), cells neutralised, atomically."""
    cols = list(columns or (rows[0].keys() if rows else []))
    with atomic_open(path, "w", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise("" if row.get(k) is None else row.get(k)) for k in cols})
