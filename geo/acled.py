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

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "iso", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    # ours, so a round trip loses nothing
    "force", "relation", "date", "place_id", "place_ar", "kind", "date_precision", "date_expr", "published",
    "confidence", "rule", "url", "outlet", "status",
)

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
# ACLED geo_precision: 1 the town itself, 2 a part of a region, 3 a region/province.
GEO_PRECISION = {"district": 2, "subdistrict": 2, "governorate": 3, "region": 3, "country": 3}
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


def events_to_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    """ACLED-style rows (plus our columns) for the events CSV."""
    names = _force_names()
    rows = []
    seen: dict[str, int] = {}
    for e in events:
        n = seen[e.source] = seen.get(e.source, 0) + 1
        sub = sub_event_type(e)
        d = e.effective_date
        country, iso_num = COUNTRIES.get(e.country, (e.country, ""))
        resolved = e.status == "resolved" and e.lat is not None
        rows.append({
            "event_id_cnty": f"{e.source}#{n}", "event_date": iso(d), "year": d.year if d else "",
            "time_precision": TIME_PRECISION.get(e.date_precision or "day", 1) if d else "",
            "event_type": SUB_EVENT_TYPE[sub], "sub_event_type": sub, "actor1": names.get(e.force, e.force),
            "actor2": "", "country": country, "iso": iso_num, "admin1": e.admin1,
            "location": e.place_en or e.place_ar or e.mention, "latitude": e.lat if resolved else "",
            "longitude": e.lon if resolved else "", "geo_precision": GEO_PRECISION.get(e.kind, 1) if resolved else "",
            "source": e.outlet or e.source, "notes": e.sentence, "force": e.force, "relation": e.relation,
            "date": iso(e.date),
            "place_id": e.place_id, "place_ar": e.place_ar, "kind": e.kind, "date_precision": e.date_precision,
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


def _float(value: str | None) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def row_to_event(row: dict[str, str], source: str, lookup: dict[str, str]) -> Event:
    """One ACLED-style row as an Event (our own columns win over the ACLED ones)."""
    row = {k: _unneutralise(v or "") if isinstance(v, str) else "" for k, v in row.items() if k}
    actor = row.get("actor1", "").strip()
    force = row.get("force", "").strip() or lookup.get(actor.lower()) or "other"
    lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
    if lat is not None and not -90 <= lat <= 90:
        raise InputError(f"latitude {lat} is outside [-90, 90]; were latitude and longitude swapped?")
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
        confidence=float(row.get("confidence") or 0.8),
        status="resolved" if lat is not None and lon is not None else "unresolved", place_id=place_id,
        place_ar=row.get("place_ar", ""), place_en=location, lat=lat, lon=lon, kind=row.get("kind", ""),
        admin1=row.get("admin1", ""), country=country, date=parse_date(row["date"]) if "date" in row else _acled_date(row.get("event_date", "")),
        date_precision=precision, date_expr=row.get("date_expr") or None,
        published=parse_date(row.get("published")), force_mention=actor, url=row.get("url") or None,
        outlet=(row.get("outlet") if "outlet" in row else row.get("source")) or None,
    )


def read_acled(path: str | os.PathLike[str]) -> list[tuple[Article, list[Event]]]:
    """ACLED-style rows grouped into pseudo-articles so the store can ingest them.

    Rows this tool exported keep their article (``event_id_cnty`` is ``<source>#<n>``); a
    native ACLED row becomes a one-event article ``acled:<event_id_cnty>``. The content hash
    is the rows themselves, so re-ingesting the same CSV adds nothing and an edited row
    replaces only its own article's events.
    """
    p = Path(path)
    lookup = _force_lookup()
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"event_date", "latitude", "longitude"} <= set(reader.fieldnames):
                raise InputError("not an ACLED-style CSV: needs at least event_date, latitude and longitude columns",
                                 path=str(p))
            for line, row in enumerate(reader, start=2):
                ident = _unneutralise((row.get("event_id_cnty") or "").strip()) or f"{p.name}:{line}"
                ours = bool((row.get("force") or "").strip()) and "#" in ident
                key = ident.rsplit("#", 1)[0] if ours else f"acled:{ident}"
                groups.setdefault(key, []).append((line, row))
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(p)) from err
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"not a UTF-8 CSV file: {err}", path=str(p)) from err
    out = []
    for source, rows in groups.items():
        events = []
        for line, row in rows:
            try:
                events.append(row_to_event(row, source, lookup))
            except (InputError, ValueError) as err:
                raise InputError(str(getattr(err, "reason", err)), path=str(p), line=line) from err
        digest = hashlib.sha256(json.dumps([r for _, r in rows], sort_keys=True, ensure_ascii=False).encode())
        first = events[0]
        article = Article(id=source, text="\n".join(e.sentence for e in events), published=first.published or first.date,
                          url=first.url, outlet=first.outlet, origin=f"{p}:{rows[0][0]}", content_hash=digest.hexdigest())
        out.append((article, events))
    return out
