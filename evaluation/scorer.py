"""Score extracted events against a gold JSONL file (the semantics of ``shared/eval/score.py``).

Our own implementation, so ``conflictmap evaluate`` works without the shared folder. Matching:
a prediction matches a gold claim of the same article and force (or one of ``force_alt``) whose
relation class (hold / lose / contest / attack, also through ``relation_alt``) is the same and
whose point lies within ``tol_km`` (15 by default); gold claims without coordinates match on the
mention as written. Required claims are matched first, each to its nearest free prediction, so
optional claims never take a match from a required one. Recall counts required claims only;
precision counts every located prediction, and matching an optional claim is not a false positive.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InputError
from records.event import RELATION_CLASS

DEFAULT_TOL_KM = 15.0


@dataclass
class Score:
    """The figures ``evaluate`` prints; ``missed``/``false_positives`` list (article, mention, force, relation)."""

    predictions: int
    true_positives: int
    false_positives: int
    required: int
    required_found: int
    precision: float
    recall: float
    f1: float
    date_accuracy: float | None
    median_km: float | None
    missed: list[tuple] = field(default_factory=list)
    false_positive_list: list[tuple] = field(default_factory=list)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def load_gold(path: str | Path) -> list[dict]:
    """Gold claims, one JSON object a line; a bad line is an InputError naming it."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as err:
        raise InputError(f"cannot read gold file: {err.strerror or err}", path=str(path)) from err
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            _ = row["article"], row["force"], row["relation"]
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"not a gold claim ({err}); each line needs article, force, relation", path=str(path),
                             line=n) from err
        out.append(row)
    return out


def load_predictions(path: str | Path) -> list[dict]:
    """Located predictions of an events GeoJSON (features without a Point are not predictions)."""
    try:
        collection = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        features = collection.get("features", [])
    except OSError as err:
        raise InputError(f"cannot read events file: {err.strerror or err}", path=str(path)) from err
    except (ValueError, AttributeError) as err:
        raise InputError(f"not a GeoJSON FeatureCollection ({err}); write one with 'conflictmap extract'",
                         path=str(path)) from err
    out = []
    for f in features:
        props, geom = f.get("properties") or {}, f.get("geometry") or {}
        if geom.get("type") != "Point":
            continue
        lon, lat = geom["coordinates"][:2]
        source = str(props.get("source", "")).rsplit("/", 1)[-1]
        source = source[:-4] if source.endswith(".txt") else source
        out.append({"article": source, "force": props.get("force"), "relation": props.get("relation"),
                    "lat": lat, "lon": lon, "date": props.get("date"), "mention": props.get("mention")})
    return out


def _distance(pred: dict, gold: dict) -> float:
    if gold.get("lat") is None or gold.get("lon") is None:
        return 0.0 if pred.get("mention") == gold.get("mention") else math.inf
    return haversine_km(pred["lat"], pred["lon"], gold["lat"], gold["lon"])


def _compatible(pred: dict, gold: dict) -> bool:
    if pred["article"] != gold["article"]:
        return False
    if pred["force"] != gold["force"] and pred["force"] not in gold.get("force_alt", ()):
        return False
    classes = {RELATION_CLASS.get(gold["relation"])} | {RELATION_CLASS.get(r) for r in gold.get("relation_alt", ())}
    return RELATION_CLASS.get(pred["relation"]) in classes


def score(gold: list[dict], preds: list[dict]) -> Score:
    """Match predictions to gold claims and compute precision, recall, F1 and date accuracy."""
    order = sorted(range(len(gold)), key=lambda i: not gold[i].get("required"))
    pred_to_gold: dict[int, int] = {}
    matched_gold: set[int] = set()
    distances: list[float] = []
    dates_ok = dates_n = 0
    for gi in order:
        g = gold[gi]
        tol = g.get("tol_km") or DEFAULT_TOL_KM
        best: tuple[int, float, tuple[bool, float]] | None = None
        for pi, p in enumerate(preds):
            if pi in pred_to_gold or not _compatible(p, g):
                continue
            d = _distance(p, g)
            # as ../shared/eval/score.py: within tolerance, a prediction naming the place as the gold does
            # beats a nearer one that does not
            rank_key = (p.get("mention") != g.get("mention"), d)
            if d <= tol and (best is None or rank_key < best[2]):
                best = (pi, d, rank_key)
        if best is None:
            continue
        pred_to_gold[best[0]] = gi
        matched_gold.add(gi)
        distances.append(best[1])
        if g.get("date"):
            dates_n += 1
            dates_ok += preds[best[0]]["date"] == g["date"]
    required = [i for i, g in enumerate(gold) if g.get("required")]
    found = [i for i in required if i in matched_gold]
    tp = len(pred_to_gold)
    precision = tp / len(preds) if preds else 0.0
    recall = len(found) / len(required) if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    key = lambda r: (r["article"], r.get("mention"), r["force"], r["relation"])  # noqa: E731
    return Score(
        predictions=len(preds), true_positives=tp, false_positives=len(preds) - tp, required=len(required),
        required_found=len(found), precision=round(precision, 3), recall=round(recall, 3), f1=round(f1, 3),
        date_accuracy=round(dates_ok / dates_n, 3) if dates_n else None,
        median_km=round(sorted(distances)[len(distances) // 2], 1) if distances else None,
        missed=[key(gold[i]) for i in required if i not in matched_gold],
        false_positive_list=[key(p) for i, p in enumerate(preds) if i not in pred_to_gold])


def evaluate_files(gold_path: str | Path, events_path: str | Path) -> Score:
    return score(load_gold(gold_path), load_predictions(events_path))
