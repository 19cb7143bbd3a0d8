"""The event schema: property names, ISO dates with one error contract, events to and from properties.

The property names are the contract of ``../shared/eval/score.py`` (docs/architecture.md). Every
reader of events (GeoJSON, GeoPackage, the store, GeoParquet, ACLED CSV) goes through
``event_from_properties``, and every bad date anywhere raises the same ``InputError``.
"""
from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from core.errors import InputError
from records.event import Event

# The scorer contract (docs/architecture.md), in this order.
EVENT_PROPERTIES = (
    "source", "force", "relation", "date", "mention", "date_precision", "date_expr", "published", "place_id",
    "place_ar", "place_en", "kind", "pcode", "admin1", "admin1_code", "admin2", "admin2_code", "admin3", "admin3_code",
    "country", "sentence", "sentence_start", "mention_start", "mention_end", "force_mention", "force_start",
    "force_end", "rule", "confidence", "reporter", "url", "outlet", "status", "candidates", "geo_precision",
    "anchor_id", "anchor_ar",
)
# Properties added after files were first written (issues 12, 13): a file without them still reads, with "" for each.
OPTIONAL_PROPERTIES = ("pcode", "admin1_code", "admin2", "admin2_code", "admin3", "admin3_code", "candidates", "geo_precision",
                       "anchor_id", "anchor_ar")
_DATE_FIELDS = ("date", "published")
_INT_FIELDS = ("sentence_start", "mention_start", "mention_end", "force_start", "force_end", "geo_precision")
_REQUIRED_INTS = ("sentence_start", "mention_start", "mention_end")
_TEXT_FIELDS = ("place_ar", "place_en", "kind", "pcode", "admin1", "admin1_code", "admin2", "admin2_code", "admin3",
                "admin3_code", "country", "force_mention", "mention", "sentence", "rule", "candidates", "anchor_ar")
_EVENT_FIELDS = {f.name for f in fields(Event)}


def iso(d: date | None) -> str | None:
    """A date as ISO text (the only date form in files), None stays None."""
    return d.isoformat() if d else None


def parse_date(value: Any) -> date | None:
    """ISO text (or a datetime/Timestamp from geopandas) back to a date; empty → None."""
    value = clean(value)
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date() if hasattr(value, "date") else value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError as err:
        raise InputError(f"bad date {text!r}: write dates as YYYY-MM-DD") from err


def clean(value: Any) -> Any:
    """Missing values from pandas (NaN/NaT/None) → None."""
    if value is None:
        return None
    try:
        if value != value:  # NaN, NaT
            return None
    except (TypeError, ValueError):
        return value
    return value


def event_properties(event: Event) -> dict[str, Any]:
    """The contract properties of one event, dates as ISO text."""
    props = {name: getattr(event, name) for name in EVENT_PROPERTIES}
    for name in _DATE_FIELDS:
        props[name] = iso(props[name])
    return props


def event_from_properties(props: dict[str, Any], lat: float | None, lon: float | None) -> Event:
    """One Event from contract properties (as read back from GeoJSON, GeoPackage or the store)."""
    values = {k: clean(v) for k, v in props.items() if k in _EVENT_FIELDS}
    for name in _DATE_FIELDS:
        values[name] = parse_date(values.get(name))
    for name in _INT_FIELDS:  # JSON/pandas may give floats; required offsets default to 0
        if values.get(name) is not None:
            values[name] = int(values[name])
        elif name in _REQUIRED_INTS:
            values[name] = 0
    for name in _TEXT_FIELDS:
        if values.get(name) is None:
            values[name] = ""
    values["confidence"] = float(values.get("confidence") or 0.0)
    values["status"] = values.get("status") or ("resolved" if lat is not None else "unresolved")
    missing = [k for k in ("source", "force", "relation") if not values.get(k)]
    if missing:
        raise InputError(f"event without {', '.join(missing)}: every event needs source, force and relation")
    return Event(**values, lat=lat, lon=lon)
