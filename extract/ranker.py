"""A small learnt ranker over the rules' events: a logistic model of "is this event right?".

The rules stay the explanation of every event (``rule``, the sentence, the offsets); the ranker only reads an
event's provenance — which rule fired, the relation, how the place and the actor were found, how the event sits
among the article's other events — never the words, so its fitted parameters (``extract/data/ranker.json``,
written by ``scripts/train_ranker.py``) are plain numbers under plain feature names and the installed tool needs
nothing from the shared folder. At run time it is a dot product and a sigmoid per located event: an event whose
probability falls under the threshold chosen on held-out articles is dropped. Unlocated events pass untouched
(no point, nothing the model was fitted on). The model file says whether it is on by default: only when it beat
the rules alone on articles it never saw.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from arabic.normalize import normalize_short
from records.event import RELATION_CLASS, Event

_norm = normalize_short
RANKER_JSON = Path(__file__).resolve().parent / "data" / "ranker.json"


def _key(e: Event) -> str:
    return e.place_id or e.mention


@dataclass
class _Context:
    """What an event's features read from the article's other located events."""

    places: Counter  # place → its events
    top: int  # the events of the most-claimed place
    by_sentence: dict[int, list[Event]]
    n_forces: int
    first: int  # the first sentence making a claim (often the headline)
    rivals: dict[tuple, set]  # (place, class) → the forces claiming it: two sides cannot both hold a place
    turns: dict[tuple, set]  # (place, force) → its classes: one force both taking and losing a place
    points: dict[str, tuple[float, float]]
    country: str  # the article's most claimed country
    text_len: int


def features(events: Sequence[Event], text_len: int) -> list[dict[str, float]]:
    """The feature dict of each event of one article (in order): its provenance and its place among the others.

    Categorical values are one-hot names (``rule=capture``); the rest are small numbers. The same function feeds
    training and run time, so the two can never disagree."""
    places = Counter(_key(e) for e in events)
    cx = _Context(places, max(places.values(), default=0), {}, len({e.force for e in events}),
                  min((e.sentence_start for e in events), default=0), {}, {},
                  {_key(e): (e.lat, e.lon) for e in events if e.lat is not None},
                  Counter(e.country for e in events).most_common(1)[0][0] if events else "", text_len)
    for e in events:
        key, cls = _key(e), RELATION_CLASS[e.relation]
        cx.by_sentence.setdefault(e.sentence_start, []).append(e)
        cx.rivals.setdefault((key, cls), set()).add(e.force)
        cx.turns.setdefault((key, e.force), set()).add(cls)
    return [_one(e, cx, len(events)) | _where(e, cx) for e in events]


def _where(e: Event, cx: _Context) -> dict[str, float]:
    """How the place sits among the article's other places (a namesake far from them is often the wrong one)
    and whether the gazetteer's name is the one written."""
    key = _key(e)
    km = min((_km(e.lat, e.lon, *p) for k, p in cx.points.items() if k != key), default=None) \
        if e.lat is not None else None
    name, written = _norm(e.place_ar or ""), _norm(e.mention)
    return {"near_km": math.log1p(km) if km is not None else 0.0, "alone": float(km is None),
            "other_country": float(bool(cx.country) and e.country != cx.country),
            "name_as_written": float(bool(name) and (name in written or written in name))}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """An equirectangular distance in km: enough to tell near from far, and cheaper than the haversine."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def _one(e: Event, cx: _Context, n: int) -> dict[str, float]:
    """One event's provenance: the rule, how the actor was found, where it sits in its sentence and article."""
    key, cls = _key(e), RELATION_CLASS[e.relation]
    same = cx.by_sentence[e.sentence_start]
    named = e.force_start is not None
    gap = abs(e.force_start - e.mention_start) if named else 0
    mentions = sorted({x.mention_start for x in same})
    return {f"rule={e.rule}": 1.0, f"relation={e.relation}": 1.0, f"kind={e.kind or 'none'}": 1.0,
            f"status={e.status}": 1.0, f"geo={e.geo_precision}": 1.0, f"force={e.force}": 1.0,
            "confidence": e.confidence, "pro_drop": float(not named), "force_gap": math.log1p(gap),
            "force_after_place": float(named and e.force_start > e.mention_start),
            "reporter": float(e.reporter is not None), "dated": float(e.date_expr is not None),
            "sentence_pos": e.sentence_start / max(1, cx.text_len),
            "first_claim_sentence": float(e.sentence_start == cx.first),
            "sentence_events": math.log1p(len(same)), "sentence_places": math.log1p(len(mentions)),
            "sentence_forces": float(len({x.force for x in same})),
            "list_position": float(mentions.index(e.mention_start)),
            "place_events": math.log1p(cx.places[key]), "top_place": float(cx.places[key] == cx.top),
            "article_events": math.log1p(n), "article_forces": float(cx.n_forces),
            "mention_len": math.log1p(len(e.mention)),
            "rival_force": float(len(cx.rivals[key, cls]) > 1), "other_class": float(len(cx.turns[key, e.force]) > 1)}


@dataclass(frozen=True)
class Ranker:
    """A fitted logistic model: weights by feature name, an intercept, the threshold to keep an event."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    default_on: bool = False

    def probability(self, feats: dict[str, float]) -> float:
        """P(right | features): a dot product over the names the model knows (others weigh nothing), a sigmoid."""
        w = self.weights
        z = self.intercept + sum(v * w[k] for k, v in feats.items() if k in w)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def apply(self, events: list[Event], text_len: int) -> list[Event]:
        """The events kept: every unlocated one, and the located ones the model gives at least the threshold."""
        located = [e for e in events if e.located]
        if not located:
            return events
        drop = {id(e) for e, f in zip(located, features(located, text_len)) if self.probability(f) < self.threshold}
        return [e for e in events if id(e) not in drop] if drop else events


def read_ranker(path: str | Path) -> Ranker:
    """The ranker of a JSON file written by scripts/train_ranker.py."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return Ranker(dict(zip(doc["features"], doc["weights"])), doc["intercept"], doc["threshold"],
                  bool(doc.get("default_on")))


@lru_cache(maxsize=1)
def packaged() -> Ranker | None:
    """The shipped ranker (None when no model file is installed); loaded once per process."""
    return read_ranker(RANKER_JSON) if RANKER_JSON.exists() else None


def rank(events: list[Event], text_len: int, use: bool | None = None) -> list[Event]:
    """``events`` filtered by the shipped ranker: ``use`` True/False forces it on/off, None follows the model
    file's ``default_on`` (set only when it beat the rules on held-out articles)."""
    if use is False:
        return events
    r = packaged()
    if r is None or not (use or r.default_on):
        return events
    return r.apply(events, text_len)
