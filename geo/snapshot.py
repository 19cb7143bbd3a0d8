"""Who controls each place on a date, how sure we are, and which claims say so.

Rules (per place, resolved events only, ordered by effective date = event date or else
publication date):

- a hold claim (captured/controls) makes its force the holder; ``since`` is the first
  claim of the holder's unbroken run;
- a later lost/withdrew by the holder ends the hold (state ``unknown``; a capture by
  another force reported alongside is itself a hold claim and wins);
- ``besieged`` by another force after the hold → state ``besieged`` (holder kept);
  ``contested`` after the hold → state ``contested``;
- hold claims by *different* forces within ``contest_window_days`` of the latest one →
  ``contested``, unless the earlier claim is explained: a ``controls`` followed by
  another force's capture (it was taken from them), or a claim its force later withdrew;
- ``attacked`` never changes control;
- on the same day, outcomes win over fighting: attack < contest/siege < loss < controls
  < capture (so "X captured the town after Y withdrew" ends with X).

Confidence combines the supporting sources as independent witnesses (1 - Π(1 - c), max
confidence per source), and a state whose latest support is older than
``stale_after_days`` is marked ``stale`` and its confidence scaled down by
horizon/age (never below a quarter): old news is reported, not silently trusted.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, timedelta
from operator import itemgetter
from typing import Iterable, Sequence

from geo.model import PlaceState, Snapshot
from records.event import Event, Evidence

HOLD = frozenset({"captured", "controls"})
LOSE = frozenset({"lost", "withdrew"})
SAME_DAY_ORDER = {"attacked": 0, "contested": 1, "besieged": 1, "lost": 2, "withdrew": 2, "controls": 3, "captured": 4}


def evidence(e: Event) -> Evidence:
    """The part of an event shown as evidence."""
    return Evidence(source=e.source, force=e.force, relation=e.relation, sentence=e.sentence,
                    date=e.effective_date, rule=e.rule, confidence=e.confidence, url=e.url, outlet=e.outlet)


class EventIndex:
    """Resolved, dated events grouped by place and sorted, built once and reused for many dates.

    Snapshots and comparisons on a million events stay practical because each date only
    walks the events of each place up to that date (found by bisection).
    """

    def __init__(self, events: Iterable[Event]) -> None:
        groups: dict[str, list[tuple[date, int, Event]]] = defaultdict(list)
        order = SAME_DAY_ORDER.get
        for e in events:
            day = e.date or e.published  # effective_date, inlined: this loop sees every event
            if day and e.place_id and e.located:
                groups[e.place_id].append((day, order(e.relation, 0), e))
        self.places: dict[str, list[Event]] = {}
        self.dates: dict[str, list[date]] = {}
        for pid in sorted(groups):
            keyed = sorted(groups[pid], key=itemgetter(0, 1))  # stable: input order breaks ties
            self.places[pid] = [k[2] for k in keyed]
            self.dates[pid] = [k[0] for k in keyed]

    def upto(self, place_id: str, on: date) -> list[Event]:
        """The events of one place dated on or before ``on``."""
        return self.places[place_id][: bisect_right(self.dates[place_id], on)]

    def between(self, place_id: str, after: date, upto: date) -> list[Event]:
        """The events of one place dated after ``after`` and on or before ``upto``."""
        dates = self.dates[place_id]
        return self.places[place_id][bisect_right(dates, after): bisect_right(dates, upto)]


def as_index(events: Iterable[Event] | EventIndex) -> EventIndex:
    return events if isinstance(events, EventIndex) else EventIndex(events)


def snapshot(events: Iterable[Event] | EventIndex, on: date, *, contest_window_days: int = 14,
             stale_after_days: int = 365, max_evidence: int = 20) -> Snapshot:
    """Control of every place with a control claim on or before ``on`` (see the module docstring for the rules)."""
    index = as_index(events)
    places = []
    for pid in index.places:
        evs = index.upto(pid, on)
        if evs:
            state = place_state(evs, on, contest_window_days=contest_window_days,
                                stale_after_days=stale_after_days, max_evidence=max_evidence)
            if state is not None:
                places.append(state)
    return Snapshot(date=on, places=tuple(places))


def combine(confidences: dict[str, float]) -> float:
    """Independent sources reinforce each other: 1 - Π(1 - c), capped below certainty."""
    miss = 1.0
    for c in confidences.values():
        miss *= 1.0 - min(max(c, 0.0), 1.0)
    return min(1.0 - miss, 0.99)


def place_state(evs: Sequence[Event], on: date, *, contest_window_days: int = 14, stale_after_days: int = 365,
                max_evidence: int = 20) -> PlaceState | None:
    """The state of one place from its events (sorted, all on or before ``on``); None if only attacks are known."""
    holder: str | None = None
    state = "unknown"
    start = 0  # index where the current state began
    others: list[str] = []  # besieger / contesting forces
    since: date | None = None
    last_hold = -1
    for i, e in enumerate(evs):
        r = e.relation
        if r in HOLD:
            if e.force != holder:
                since, start = e.effective_date, i
            holder, state, others, last_hold = e.force, "held", [], i
        elif r in LOSE and holder is not None and e.force == holder:
            holder, state, others, since, start = None, "unknown", [], e.effective_date, i
        elif r == "contested" or (r == "besieged" and e.force != holder):
            if holder is None and state == "unknown":
                start = i
            state = "besieged" if r == "besieged" else "contested"
            if e.force != holder:
                others = [*dict.fromkeys([*others, e.force])]
    if last_hold < 0 and state == "unknown" and not any(e.relation in LOSE for e in evs):
        return None  # attacks only: nothing is claimed about control
    if state == "held":
        rivals = _rivals(evs, last_hold, contest_window_days)
        if rivals:
            state, others = "contested", rivals
            start = min(start, _window_start(evs, last_hold, contest_window_days))
    support = [e for e in evs[start:] if e.relation != "attacked"] or [evs[-1]]
    agreeing = [e for e in support if state != "held" or (e.force == holder and e.relation in HOLD)] or support
    per_source: dict[str, float] = {}
    for e in agreeing:
        per_source[e.source] = max(per_source.get(e.source, 0.0), e.confidence)
    confidence = combine(per_source)
    last_seen = agreeing[-1].effective_date  # events are sorted by date
    age = (on - last_seen).days
    stale = age > stale_after_days
    if stale:
        confidence *= max(0.25, stale_after_days / age)
    latest = evs[-1]
    forces = tuple(dict.fromkeys(f for f in (holder, *others) if f))
    shown = support[: -max_evidence - 1: -1] if max_evidence else []  # the latest first
    return PlaceState(
        place_id=latest.place_id or "", name_ar=latest.place_ar, name_en=latest.place_en, lat=latest.lat,
        lon=latest.lon, kind=latest.kind, admin1=latest.admin1, country=latest.country, force=holder,
        forces=forces, state=state, since=since, last_seen=last_seen, confidence=round(confidence, 4),
        n_sources=len({e.source for e in support}), evidence=tuple(evidence(e) for e in shown), stale=stale,
        admin1_code=latest.admin1_code, admin2=latest.admin2, admin2_code=latest.admin2_code, admin3=latest.admin3,
        admin3_code=latest.admin3_code, pcode=latest.pcode,
    )


def days_before(day: date, days: int) -> date:
    """``day - days`` clamped to ``date.min``: an event file dated 0001-01-01 must not stop a snapshot."""
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


def _window_start(evs: Sequence[Event], last_hold: int, window: int) -> int:
    lo = days_before(evs[last_hold].effective_date, window)
    return bisect_left(evs, lo, key=lambda e: e.effective_date)


def _rivals(evs: Sequence[Event], last_hold: int, window: int) -> list[str]:
    """Forces other than the holder whose hold claims in the window are not explained away."""
    holder = evs[last_hold].force
    lo = days_before(evs[last_hold].effective_date, window)
    latest_claim: dict[str, int] = {}
    first = _window_start(evs, last_hold, window)
    for i in range(first, last_hold + 1):
        e = evs[i]
        if e.relation in HOLD and e.force != holder and e.effective_date >= lo:
            latest_claim[e.force] = i
    rivals = []
    for force, i in latest_claim.items():
        claim, after = evs[i], evs[i + 1:]
        taken = claim.relation == "controls" and any(e.relation == "captured" and e.force != force for e in after)
        withdrawn = any(e.relation in LOSE and e.force == force for e in after)
        if not (taken or withdrawn):
            rivals.append(force)
    return rivals


def render_snapshot(snap: Snapshot, limit: int | None = None) -> str:
    """A plain text table for the terminal: one line per place, held first, most confident first."""
    order = {"held": 0, "contested": 1, "besieged": 2, "unknown": 3}
    rows = sorted(snap.places, key=lambda p: (order.get(p.state, 9), -p.confidence, p.name_en or p.name_ar))
    counts: dict[str, int] = defaultdict(int)
    for p in snap.places:
        counts[p.state] += 1
    head = f"snapshot {snap.date.isoformat()}: {len(snap.places)} places (" + \
        ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], 9))) + ")"
    lines = [head, f"{'place':<28} {'force':<18} {'state':<10} {'since':<10} {'last seen':<10} {'conf':>5} {'src':>4}"]
    for p in rows[:limit]:
        name = p.name_en or p.name_ar
        if p.name_ar and p.name_en:
            name = f"{p.name_en} ({p.name_ar})"
        force = p.force or "-"
        if p.state == "contested":
            force = "/".join(p.forces) or "-"
        elif p.state == "besieged" and not p.force:
            force = "- (by " + ",".join(p.forces) + ")"
        lines.append(f"{name[:28]:<28} {force[:18]:<18} {p.state + ('*' if p.stale else ''):<10} "
                     f"{p.since.isoformat() if p.since else '-':<10} "
                     f"{p.last_seen.isoformat() if p.last_seen else '-':<10} {p.confidence:>5.2f} {p.n_sources:>4}")
    if limit is not None and len(rows) > limit:
        lines.append(f"... {len(rows) - limit} more (use -o FILE for all)")
    if any(p.stale for p in snap.places):
        lines.append("* stale: the latest supporting claim is older than the staleness horizon; confidence lowered")
    return "\n".join(lines)
