"""Where the extraction errs, by class, for any gold set; and how far its confidence can be trusted.

Why: an F1 says how much is wrong, not what. The classes are those of the claim grammar's known weaknesses
(issue 13): a place read inside a force's name, a region read as its city, a generic noun (المدينة) taken for a
place, the claim given to the other side, the wrong relation, duplicates and homonyms, negated or hypothetical
claims, places the article makes no claim about; and for missed claims, whether the place was never located
(the gazetteer's share), was a later member of a list, or was claimed for another force or relation.
The tests are heuristics over the evidence each event keeps; they point the next person at the errors.
The Arabic they need (normalisation, word lists) comes in as ``Cues``, built by the caller from ``arabic``:
this package stays on its floor (core, records).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from evaluation.scorer import DEFAULT_TOL_KM, _distance, match
from records.event import RELATION_CLASS

FP_CLASSES = ("place in a force name", "region read as its city", "generic noun as a place", "negated or hypothetical",
              "claim given to the other side", "wrong relation", "duplicate or homonym", "no claim on this place")
MISSED_CLASSES = ("place not located", "claimed for another force", "claimed with another relation",
                  "placed at a homonym", "later member of a list", "no claim made")


@dataclass(frozen=True)
class Cues:
    """The Arabic the classes read: the one normalisation, and regex alternations (normalised) of group-name
    heads, region cue words, generic place nouns, and negation/modality/denial words."""

    normalize: Callable[[str], str]
    group_heads: str
    region_cues: str
    generic_nouns: frozenset[str]
    blockers: re.Pattern[str]


THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def load_unlocated(path: str | Path, normalize: Callable[[str], str]) -> set[tuple[str, str]]:
    """(article, normalised mention) of the events an events file could not place (null geometry)."""
    out = set()
    for f in json.loads(Path(path).read_text(encoding="utf-8-sig")).get("features", []):
        props = f.get("properties") or {}
        if not (f.get("geometry") or {}).get("type"):
            source = str(props.get("source", "")).rsplit("/", 1)[-1]
            out.add((source[:-4] if source.endswith(".txt") else source, normalize(props.get("mention") or "")))
    return out


def calibration(gold: list[dict], preds: list[dict], thresholds=THRESHOLDS) -> list[tuple[float, int, float]]:
    """(c, events at confidence ≥ c, share of them that are right) for each threshold: what a filter buys."""
    right = set(match(gold, preds))
    rows = []
    for c in thresholds:
        kept = [i for i, p in enumerate(preds) if (p.get("confidence") or 0) >= c - 1e-9]
        rows.append((c, len(kept), round(sum(i in right for i in kept) / len(kept), 3) if kept else 0.0))
    return rows


def _near(p: dict, g: dict) -> bool:
    return _distance(p, g) <= (g.get("tol_km") or DEFAULT_TOL_KM)


def _fp_class(p: dict, gold: list[dict], cues: Cues) -> str:
    """The class of one false positive (first test that holds, in FP_CLASSES order)."""
    sent, mention = cues.normalize(p.get("sentence") or ""), cues.normalize(p.get("mention") or "")
    bare = re.sub(r"^[وفبل]{0,2}(?:ال)?", "", mention)
    if mention and re.search(r"(?:" + cues.group_heads + r")\s+(?:\S+\s+){0,2}[«\"“]?" + re.escape(mention), sent):
        return FP_CLASSES[0]
    if mention and re.search(r"(?:ب|ال)?(?:" + cues.region_cues + r")\s+" + re.escape(mention), sent):
        return FP_CLASSES[1]
    if bare in cues.generic_nouns:
        return FP_CLASSES[2]
    if cues.blockers.search(sent):
        return FP_CLASSES[3]
    same = [g for g in gold if g["article"] == p["article"] and _near(p, g)]
    cls = RELATION_CLASS.get(p["relation"])
    if any(g["force"] != p["force"] and p["force"] not in g.get("force_alt", ()) for g in same) \
            and not any(g["force"] == p["force"] for g in same):
        return FP_CLASSES[4]
    if any(g["force"] == p["force"] and RELATION_CLASS.get(g["relation"]) != cls for g in same):
        return FP_CLASSES[5]
    if any(g["article"] == p["article"] and g["force"] == p["force"]
           and cues.normalize(g.get("mention") or "") == mention for g in gold) or same:
        return FP_CLASSES[6]
    return FP_CLASSES[7]


def _missed_class(g: dict, preds: list[dict], unlocated: set[tuple[str, str]], normalize: Callable[[str], str]) -> str:
    """The class of one missed required claim."""
    mention = normalize(g.get("mention") or "")
    named = [p for p in preds if p["article"] == g["article"] and normalize(p.get("mention") or "") == mention]
    if (g["article"], mention) in unlocated or any(a == g["article"] and mention and mention in m
                                                   for a, m in unlocated):
        return MISSED_CLASSES[0]
    if any(not _near(p, g) for p in named):
        return MISSED_CLASSES[3]
    if any(p["force"] != g["force"] and p["force"] not in g.get("force_alt", ()) for p in named):
        return MISSED_CLASSES[1]
    if named:
        return MISSED_CLASSES[2]
    evidence = normalize(g.get("evidence") or "")
    if mention and re.search(r"(?:،|,|\s)و?\s*[«\"“(]?\s*(?:\w+\s+)?" + re.escape(mention), evidence) \
            and evidence.find(mention) > 0 and re.search(r"(?:،|,|(?<![\w])و)\s*(?:\w+\s+)?$",
                                                          evidence[:evidence.find(mention)]):
        return MISSED_CLASSES[4]
    return MISSED_CLASSES[5]


def by_class(gold: list[dict], preds: list[dict], unlocated: set[tuple[str, str]], cues: Cues) -> dict[str, Counter]:
    """Counts of false positives and of missed required claims per class."""
    matched = match(gold, preds)
    found = {gi for gi, _ in matched.values()}
    fps = Counter(_fp_class(p, gold, cues) for i, p in enumerate(preds) if i not in matched)
    missed = Counter(_missed_class(g, preds, unlocated, cues.normalize) for i, g in enumerate(gold)
                     if g.get("required") and i not in found)
    return {"false positives": fps, "missed": missed}
