"""ACLED-style CSV: our events as rows an ACLED workflow can join, and ACLED rows back as events.

ACLED describes events with actor1/actor2 and an event/sub-event type; we describe a
force's relation to a place. The mapping is lossy both ways, so our own columns
(``force``, ``relation``, ``place_id``, ``date_precision`` …) ride along on the right and
the reader prefers them when present, which makes export → ingest a faithful round trip.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

from core.errors import InputError
from geo.csvcells import FORMULA_START
from records.article import Article
from records.event import RELATIONS, Event
from records.forces import FORCES_JSON
from records.schema import iso, parse_date

# ACLED's 31 columns, in the order ACLED's own R package checks for.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
COLUMNS = (
    *ACLED_COLUMNS,
    # ours, so a round trip loses nothing
    "force", "relation", "date", "place_id", "place_ar", "kind", "pcode", "admin1_code", "admin2_code", "admin3_code",
    "date_precision", "date_expr", "published", "confidence", "rule", "url", "outlet", "status",
)
DISORDER_TYPE = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
                 "Strategic developments": "Strategic developments"}

# ACLED's "Government regains territory" covers state forces and their allies.
GOVERNMENT_SIDE = frozenset({"government", "iraq_gov", "russia", "hezbollah_iran"})
AIR_FORCES = frozenset({"russia", "coalition"})
AIR_WORDS = ("غارة", "غارات", "طيران", "طائرة", "طائرات", "مسيرة", "مسيّرة", "الجوي", "جوية")

SUB_EVENT_TYPE = {  # sub_event_type → event_type, as in ACLED's codebook
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Armed clash": "Battles",
    "Non-violent transfer of territory": "Strategic developments",
    "Air/drone strike": "Explosions/Remote violence",
}
# ACLED time_precision: 1 the day is known, 2 a week or month, 3 only a longer span.
TIME_PRECISION = {"day": 1, "week": 2, "month": 2, "year": 3}
PRECISION_BACK = {1: "day", 2: "month", 3: "year"}

def _codebook() -> dict:
    """geo/data/acled.json: inter codes per force, region per country, geo_precision per place kind."""
    path = Path(__file__).resolve().parent / "data" / "acled.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


CODEBOOK = _codebook()
# ACLED geo_precision: 1 the town itself, 2 near a town or a part of a region, 3 a larger region.
GEO_PRECISION: dict[str, int] = CODEBOOK.get("geo_precision", {})
INTER: dict[str, int] = CODEBOOK.get("inter", {})
REGION: dict[str, str] = CODEBOOK.get("region", {})
COUNTRIES = {"SY": ("Syria", 760), "IQ": ("Iraq", 368), "TR": ("Turkey", 792), "LB": ("Lebanon", 422),
             "JO": ("Jordan", 400), "IL": ("Israel", 376), "SA": ("Saudi Arabia", 682), "IR": ("Iran", 364)}


def sub_event_type(event: Event) -> str:
    """The ACLED sub-event type closest to a relation (captured by whom, air or ground)."""
    r = event.relation
    if r == "captured":
        return "Government regains territory" if event.force in GOVERNMENT_SIDE else "Non-state actor overtakes territory"
    if r in ("controls", "withdrew", "lost"):
        return "Non-violent transfer of territory"
    if r == "attacked" and (event.force in AIR_FORCES or any(w in event.sentence for w in AIR_WORDS)):
        return "Air/drone strike"
    return "Armed clash"


def _force_names() -> dict[str, str]:
    """force id → English name, from the force lexicon (ids stand in when it is unavailable)."""
    path = FORCES_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {f["id"]: f.get("name_en") or f["id"] for f in data.get("forces", [])}
    except (OSError, ValueError, KeyError):
        return {}


def _force_lookup() -> dict[str, str]:
    """Any known spelling of a force (id, names, aliases; lower-cased) → force id."""
    path = FORCES_JSON
    table: dict[str, str] = {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return table
    for f in data.get("forces", []):
        for name in (f["id"], f.get("name_en"), f.get("name_ar"), *(f.get("aliases") or [])):
            if name:
                table[str(name).strip().lower()] = f["id"]
    return table


def geo_precision(event: Event) -> int:
    """ACLED geo_precision: the event's own (a sub-site placed at its anchor), else by place kind."""
    if event.geo_precision in (1, 2, 3):
        return event.geo_precision
    if event.status == "approximate":
        return 2
    return GEO_PRECISION.get(event.kind, 1)


def events_to_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    """ACLED-style rows (ACLED's 31 columns, then ours) for the events CSV; unknown ACLED fields are empty."""
    names = _force_names()
    rows = []
    seen: dict[str, int] = {}
    for e in events:
        n = seen[e.source] = seen.get(e.source, 0) + 1
        sub = sub_event_type(e)
        d = e.effective_date
        country, iso_num = COUNTRIES.get(e.country, (e.country, ""))
        located = e.located
        inter1 = INTER.get(e.force, "")
        rows.append({
            "event_id_cnty": f"{e.source}#{n}", "event_date": iso(d), "year": d.year if d else "",
            "time_precision": TIME_PRECISION.get(e.date_precision or "day", 1) if d else "",
            "disorder_type": DISORDER_TYPE[SUB_EVENT_TYPE[sub]], "event_type": SUB_EVENT_TYPE[sub],
            "sub_event_type": sub, "actor1": names.get(e.force, e.force), "assoc_actor_1": "", "inter1": inter1,
            "actor2": "", "assoc_actor_2": "", "inter2": 0 if inter1 != "" else "",
            "interaction": inter1 * 10 if inter1 != "" else "", "civilian_targeting": "", "iso": iso_num,
            "region": REGION.get(e.country, ""), "country": country, "admin1": e.admin1,
            "admin2": e.admin2, "admin3": e.admin3,
            "location": e.place_en or e.place_ar or e.mention, "latitude": e.lat if located else "",
            "longitude": e.lon if located else "", "geo_precision": geo_precision(e) if located else "",
            "source": e.outlet or e.source, "source_scale": "", "notes": e.sentence, "fatalities": "", "tags": "",
            "timestamp": "", "force": e.force, "relation": e.relation, "date": iso(e.date),
            "place_id": e.place_id, "place_ar": e.place_ar, "kind": e.kind, "pcode": e.pcode,
            "admin1_code": e.admin1_code, "admin2_code": e.admin2_code, "admin3_code": e.admin3_code,
            "date_precision": e.date_precision,
            "date_expr": e.date_expr, "published": iso(e.published), "confidence": e.confidence, "rule": e.rule,
            "url": e.url, "outlet": e.outlet, "status": e.status,
        })
    return rows


def _acled_date(text: str) -> date | None:
    """ACLED dates come as ISO or as '12 March 2017' / '12-March-2017' depending on the export."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"bad event_date {text!r}: use YYYY-MM-DD or '12 March 2017'")


def _unneutralise(value: str) -> str:
    """Undo the apostrophe our writer puts before formula-like cells."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_START + ("'",):
        return value[1:]
    return value


def _relation(row: dict[str, str]) -> str:
    rel = (row.get("relation") or "").strip()
    if rel in RELATIONS:
        return rel
    sub = (row.get("sub_event_type") or "").strip().lower()
    if sub in ("government regains territory", "non-state actor overtakes territory"):
        return "captured"
    if sub == "non-violent transfer of territory":
        return "controls"
    return "attacked"  # clashes, strikes, shelling: fighting, no change of control


def _float(value: str | None, name: str) -> float | None:
    """A numeric cell: empty → None; anything else must be a finite number (``InputError`` names the column)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{name} {_shown(value)} is not a number") from None
    if not math.isfinite(number):
        raise InputError(f"{name} {_shown(value)} is not a finite number")
    return number


def _shown(value: str) -> str:
    """A cell for a message: quoted, cut short (a 5,000-digit value is not echoed whole)."""
    return repr(value) if len(value) <= 40 else f"{value[:40]!r}… ({len(value)} characters)"


def _coordinates(row: dict[str, str]) -> tuple[float | None, float | None]:
    """latitude/longitude of a row: both or neither, finite, in range."""
    lat, lon = _float(row.get("latitude"), "latitude"), _float(row.get("longitude"), "longitude")
    if (lat is None) != (lon is None):
        raise InputError("latitude and longitude must both be given or both be empty")
    if lat is not None and not -90 <= lat <= 90:
        raise InputError(f"latitude {lat:g} is outside [-90, 90]; were latitude and longitude swapped?")
    if lon is not None and not -180 <= lon <= 180:
        raise InputError(f"longitude {lon:g} is outside [-180, 180]")
    return lat, lon


def _row_date(row: dict[str, str]) -> date | None:
    day = parse_date(row["date"]) if "date" in row else _acled_date(row.get("event_date", ""))
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError(f"event date {day.isoformat()} is not plausible (before {MIN_YEAR} or after {MAX_YEAR})")
    return day


MIN_YEAR, MAX_YEAR = 1900, 2100


def row_to_event(row: dict[str, str], source: str, lookup: dict[str, str]) -> Event:
    """One ACLED-style row as an Event (our own columns win over the ACLED ones); ``InputError`` if unusable."""
    row = {k: _unneutralise(v or "") if isinstance(v, str) else "" for k, v in row.items() if k}
    actor = row.get("actor1", "").strip()
    force = row.get("force", "").strip() or lookup.get(actor.lower()) or "other"
    lat, lon = _coordinates(row)
    confidence = _float(row.get("confidence"), "confidence")
    if confidence is not None and not 0 <= confidence <= 1:
        raise InputError(f"confidence {confidence:g} is outside [0, 1]")
    location = row.get("location", "").strip()
    precision = row.get("date_precision") or None
    if precision is None and row.get("time_precision", "").strip().isdigit():
        precision = PRECISION_BACK.get(int(row["time_precision"]))
    country = next((code for code, (name, _) in COUNTRIES.items() if name == row.get("country")), row.get("country", ""))
    place_id = row.get("place_id") or (f"acled:{location}:{lat:.4f},{lon:.4f}" if lat is not None and lon is not None
                                       else None)
    return Event(
        source=source, force=force, relation=_relation(row), mention=location, mention_start=0,
        mention_end=len(location), sentence=row.get("notes", ""), sentence_start=0, rule=row.get("rule") or "acled",
        confidence=0.8 if confidence is None else confidence,
        status="resolved" if lat is not None and lon is not None else "unresolved", place_id=place_id,
        place_ar=row.get("place_ar", ""), place_en=location, lat=lat, lon=lon, kind=row.get("kind", ""),
        admin1=row.get("admin1", ""), country=country, date=_row_date(row),
        **{k: row.get(k) or "" for k in ("pcode", "admin1_code", "admin2", "admin2_code", "admin3", "admin3_code")},
        date_precision=precision, date_expr=row.get("date_expr") or None,
        published=parse_date(row.get("published")), force_mention=actor, url=row.get("url") or None,
        outlet=(row.get("outlet") if "outlet" in row else row.get("source")) or None,
    )


def read_acled(path: str | os.PathLike[str]) -> list[tuple[Article, list[Event]]]:
    """``read_acled_rows`` that raises ``InputError`` at the first bad row (for callers that want all or nothing)."""
    return read_acled_rows(path, strict=True)[0]


def read_acled_rows(path: str | os.PathLike[str], strict: bool = False) -> tuple[list[tuple[Article, list[Event]]],
                                                                           list[InputError]]:
    """ACLED-style rows grouped into pseudo-articles so the store can ingest them, and the rows that were bad.

    Rows this tool exported keep their article (``event_id_cnty`` is ``<source>#<n>``); a
    native ACLED row becomes a one-event article ``acled:<event_id_cnty>``. The content hash
    is the rows themselves, so re-ingesting the same CSV adds nothing and an edited row
    replaces only its own article's events. A bad row is one ``InputError`` (file:line: why)
    and the good rows are kept; ``strict`` raises at the first. A file that is not an
    ACLED-style CSV at all raises ``InputError``.
    """
    p = Path(path)
    lookup = _force_lookup()
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    problems: list[InputError] = []
    for line, row in _rows(p, problems):
        ident = _unneutralise((row.get("event_id_cnty") or "").strip()) or f"{p.name}:{line}"
        ours = bool((row.get("force") or "").strip()) and "#" in ident
        key = ident.rsplit("#", 1)[0] if ours else f"acled:{ident}"
        groups.setdefault(key, []).append((line, row))
    out = []
    for source, rows in groups.items():
        events, kept = [], []
        for line, row in rows:
            try:
                events.append(row_to_event(row, source, lookup))
                kept.append((line, row))
            except (InputError, ValueError) as err:
                problems.append(InputError(str(getattr(err, "reason", err)), path=str(p), line=line))
        if not events:
            continue
        digest = hashlib.sha256(json.dumps([r for _, r in kept], sort_keys=True, ensure_ascii=False).encode())
        first = events[0]
        article = Article(id=source, text="\n".join(e.sentence for e in events), published=first.published or first.date,
                          url=first.url, outlet=first.outlet, origin=f"{p}:{kept[0][0]}", content_hash=digest.hexdigest())
        out.append((article, events))
    problems.sort(key=lambda err: err.line or 0)
    if strict and problems:
        raise problems[0]
    return out, problems


def _rows(p: Path, problems: list[InputError]) -> list[tuple[int, dict[str, str]]]:
    """The file's rows with their first line numbers; a short or overlong row is a problem, not a row."""
    rows = []
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"event_date", "latitude", "longitude"} <= set(reader.fieldnames):
                raise InputError("not an ACLED-style CSV: needs at least event_date, latitude and longitude columns",
                                 path=str(p))
            width = len(reader.fieldnames)
            line = reader.line_num + 1
            for row in reader:
                if None in row or None in row.values():
                    count = width + len(row.get(None) or ()) - sum(v is None for k, v in row.items() if k is not None)
                    hint = " (an unterminated quote?)" if any("\n" in (v or "") for v in row.values()
                                                                if isinstance(v, str)) else ""
                    problems.append(InputError(f"{count} fields where the header has {width}{hint}", path=str(p),
                                               line=line))
                else:
                    rows.append((line, row))
                line = reader.line_num + 1
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(p)) from err
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"not a UTF-8 CSV file: {err}", path=str(p)) from err
    return rows
