"""What changed between two dates: per place, and summed per force.

A place's change is read off the two snapshots (same policy for both):
``contested`` if it became contested, else by holder: ``gained`` (nobody → a force),
``lost`` (a force → nobody known), ``changed_hands`` (one force → another) or
``unchanged``. The evidence is every control claim dated after ``date_from`` up to
``date_to``, so the analyst sees why.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable

from geo.areas import control_areas
from geo.model import Change, Comparison, PlaceState, Snapshot
from geo.snapshot import EventIndex, as_index, evidence, snapshot
from records.event import Event

CHANGE_ORDER = {"changed_hands": 0, "gained": 1, "lost": 2, "contested": 3, "unchanged": 4}


def classify(before: PlaceState | None, after: PlaceState | None) -> str:
    """One place's change between two states (None = not known yet)."""
    f1 = before.force if before else None
    f2 = after.force if after else None
    if after is not None and after.state == "contested" and (before is None or before.state != "contested"):
        return "contested"
    if f1 == f2:
        return "unchanged"
    if f1 is None:
        return "gained"
    if f2 is None:
        return "lost"
    return "changed_hands"


def compare(events: Iterable[Event] | EventIndex, date_from: date, date_to: date, *, areas: bool = False,
            max_evidence: int = 20, **policy) -> Comparison:
    """Compare control on ``date_from`` and ``date_to``; ``areas=True`` adds approximate km² per force."""
    index = as_index(events)
    s1 = snapshot(index, date_from, max_evidence=max_evidence, **policy)
    s2 = snapshot(index, date_to, max_evidence=max_evidence, **policy)
    st1 = {p.place_id: p for p in s1.places}
    st2 = {p.place_id: p for p in s2.places}
    changes = []
    for pid in sorted(st1.keys() | st2.keys()):
        a, b = st1.get(pid), st2.get(pid)
        ref = b or a
        between = [e for e in index.between(pid, date_from, date_to) if e.relation != "attacked"]
        shown = sorted(between, key=lambda e: e.effective_date, reverse=True)[:max_evidence]
        changes.append(Change(
            place_id=pid, name_ar=ref.name_ar, name_en=ref.name_en, lat=ref.lat, lon=ref.lon, kind=ref.kind,
            change=classify(a, b), from_force=a.force if a else None, to_force=b.force if b else None,
            from_state=a.state if a else "unknown", to_state=b.state if b else "unknown",
            evidence=tuple(evidence(e) for e in shown),
        ))
    return Comparison(date_from=date_from, date_to=date_to, changes=tuple(changes),
                      summary=summarise(changes, s1, s2, areas=areas))


def summarise(changes: Iterable[Change], s1: Snapshot, s2: Snapshot, *, areas: bool = False) -> dict[str, dict[str, float]]:
    """Per force: places gained, lost, held on each date (and approximate area in km² when asked)."""
    table: dict[str, dict[str, float]] = defaultdict(lambda: {"gained": 0, "lost": 0, "held_from": 0, "held_to": 0})
    for c in changes:
        if c.change in ("gained", "changed_hands") and c.to_force:
            table[c.to_force]["gained"] += 1
        if c.change in ("lost", "changed_hands") and c.from_force:
            table[c.from_force]["lost"] += 1
    for snap, key in ((s1, "held_from"), (s2, "held_to")):
        for p in snap.places:
            if p.force and p.state in ("held", "besieged"):
                table[p.force][key] += 1
    if areas:
        for snap, key in ((s1, "area_from_km2"), (s2, "area_to_km2")):
            for row in control_areas(snap).itertuples():
                table[row.force][key] = round(float(row.area_km2), 1)
        for row in table.values():
            row.setdefault("area_from_km2", 0.0)
            row.setdefault("area_to_km2", 0.0)
    return {f: dict(v) for f, v in sorted(table.items())}


def render_comparison(cmp: Comparison, *, show_unchanged: bool = False) -> str:
    """A plain text report: the changes (largest first), then the per-force summary table."""
    counts: dict[str, int] = defaultdict(int)
    for c in cmp.changes:
        counts[c.change] += 1
    lines = [f"compare {cmp.date_from.isoformat()} → {cmp.date_to.isoformat()}: " +
             ", ".join(f"{counts[k]} {k}" for k in CHANGE_ORDER if counts[k])]
    shown = [c for c in cmp.changes if show_unchanged or c.change != "unchanged"]
    if shown:
        lines.append(f"{'place':<30} {'change':<14} {'from':<16} {'to':<16} sources")
        for c in sorted(shown, key=lambda c: (CHANGE_ORDER[c.change], c.name_en or c.name_ar)):
            name = f"{c.name_en} ({c.name_ar})" if c.name_en and c.name_ar else (c.name_en or c.name_ar)
            src = ", ".join(dict.fromkeys(ev.source for ev in c.evidence))
            lines.append(f"{name[:30]:<30} {c.change:<14} {(c.from_force or '-')[:16]:<16} "
                         f"{(c.to_force or '-')[:16]:<16} {src[:60]}")
    else:
        lines.append("no place changed control between these dates")
    if cmp.summary:
        keys = ["gained", "lost", "held_from", "held_to"]
        if any("area_to_km2" in v for v in cmp.summary.values()):
            keys += ["area_from_km2", "area_to_km2"]
        lines += ["", f"{'force':<18} " + " ".join(f"{k:>13}" for k in keys)]
        for force, row in cmp.summary.items():
            lines.append(f"{force[:18]:<18} " + " ".join(f"{row.get(k, 0):>13g}" for k in keys))
        if "area_to_km2" in keys:
            lines.append("areas are approximate (Voronoi cells around held places), for display only")
    return "\n".join(lines)
