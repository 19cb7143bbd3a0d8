#!/usr/bin/env python3
"""Fit the event ranker of extract/ranker.py and decide, on articles it never saw, whether it helps.

    CONFLICTMAP_SHARED=/path/to/shared python scripts/train_ranker.py      (scikit-learn: requirements-dev.txt)

Runs the rules (ranker off) over the visible sets — the seeds, dev, dev2, read from the shared folder at run time
— labels every located event right or wrong with the project's scorer matching (an event matched to any gold claim,
required or optional, is right), and describes each by its provenance only (``extract.ranker.features``: rule,
relation, place kind, how the actor was found, its place among the article's events; never a word of the text).

Honest figures: articles are split into folds (GroupKFold by article); for each outer fold the regularisation and the
keep-threshold are chosen by an inner grouped cross-validation on the other articles only, the model is fitted on
them, and the fold's articles are scored with it. The F1 of every set is then recomputed with the scorer, rules only
vs rules + ranker, each article judged by a model that never saw it. A second check fits on seeds + dev only and
scores dev2 whole. The final model (the same selection run on every article) is written to
extract/data/ranker.json as feature names and numbers, with ``default_on`` true only if the out-of-fold F1 rose on
both dev and dev2.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.fsio import atomic_write_text  # noqa: E402
from core.paths import shared_dir  # noqa: E402
from evaluation.scorer import load_gold, match  # noqa: E402
from extract.forces import load_lexicon  # noqa: E402
from extract.pipeline import extract_article  # noqa: E402
from extract.ranker import RANKER_JSON, features  # noqa: E402
from gazetteer import load_gazetteer  # noqa: E402
from readers.articles import iter_articles  # noqa: E402

C_GRID = (0.03, 0.1, 0.3, 1.0)
THRESHOLDS = (0.0,) + tuple(round(0.05 * i, 2) for i in range(1, 15))  # 0: keep every event
OUTER, INNER = 5, 4
MIN_COUNT = 10  # a one-hot value (rule=…, force=…) seen on fewer events is left out: too rare to weigh


@dataclass
class Data:
    """Every located event of the visible sets: features, label, article (set:id), set; and the gold by article."""

    feats: list[dict]
    label: np.ndarray
    article: np.ndarray
    set_of: np.ndarray
    preds: list[dict]
    gold: dict[str, list[dict]]
    rows_of: dict[str, list[int]]


def set_paths(shared: Path, name: str) -> tuple[Path, Path, Path]:
    """(articles, meta, gold) of one visible set."""
    if name == "seeds":
        return shared / "seeds", shared / "gold" / "seeds_metadata.jsonl", shared / "gold" / "seeds.jsonl"
    return shared / name / "articles", shared / name / "meta.jsonl", shared / name / "gold.jsonl"


def collect(shared: Path, sets: list[str]) -> Data:
    """Run the rules (ranker off) over the sets and label each located event with the scorer's matching."""
    gaz, forces = load_gazetteer(), load_lexicon()
    feats, labels, arts, names, preds, gold, rows_of = [], [], [], [], [], {}, {}
    for name in sets:
        folder, meta, gold_path = set_paths(shared, name)
        rows = load_gold(gold_path)
        for g in rows:
            gold.setdefault(f"{name}:{g['article']}", []).append({**g, "article": f"{name}:{g['article']}"})
        for art in iter_articles([str(folder)], meta_path=str(meta), on_error="raise"):
            key = f"{name}:{art.id}"
            located = [e for e in extract_article(art, gazetteer=gaz, forces=forces, ranker=False) if e.located]
            ps = [{"article": key, "force": e.force, "relation": e.relation, "lat": e.lat, "lon": e.lon,
                   "mention": e.mention} for e in located]
            right = match(gold.get(key, []), ps)
            feats += features(located, len(art.text))
            labels += [i in right for i in range(len(ps))]
            rows_of[key] = list(range(len(preds), len(preds) + len(ps)))
            arts += [key] * len(ps)
            names += [name] * len(ps)
            preds += ps
    return Data(feats, np.array(labels), np.array(arts), np.array(names), preds, gold, rows_of)


def f1(data: Data, keep: dict[int, bool], articles: set[str]) -> tuple[float, float, float]:
    """(P, R, F1) of the kept events against the gold of ``articles``, matched article by article as the scorer does
    (an article with gold and no event counts its claims as missed)."""
    tp = found = n = required = 0
    for a in articles:
        g = data.gold.get(a, [])
        ps = [data.preds[i] for i in data.rows_of.get(a, ()) if keep.get(i, True)]
        m = match(g, ps)
        hit = {gi for gi, _ in m.values()}
        tp, n = tp + len(m), n + len(ps)
        required += sum(1 for x in g if x.get("required"))
        found += sum(1 for gi, x in enumerate(g) if x.get("required") and gi in hit)
    p, r = (tp / n if n else 0.0), (found / required if required else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(X, y, c: float):
    """A standardised L2 logistic regression."""
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(X), y)
    return scaler, model


def probs(X, y, rows: np.ndarray, test: np.ndarray, c: float) -> np.ndarray:
    scaler, model = fit(X[rows], y[rows], c)
    return model.predict_proba(scaler.transform(X[test]))[:, 1]


def folds(data: Data, rows: np.ndarray, k: int):
    """Grouped folds of ``rows``: every event of an article falls in the same fold."""
    return GroupKFold(n_splits=k).split(rows, groups=data.article[rows])


def set_f1(data: Data, rows: np.ndarray, p: np.ndarray, t: float) -> float:
    """Mean over the sets present of the F1 on the articles of ``rows`` with events under ``t`` dropped."""
    keep = {int(i): bool(q >= t) for i, q in zip(rows, p)}
    out = []
    for s in sorted(set(data.set_of[rows])):
        out.append(f1(data, keep, set(data.article[rows][data.set_of[rows] == s]))[2])
    return float(np.mean(out))


def select(data: Data, X, rows: np.ndarray) -> tuple[float, float, float]:
    """(C, threshold, F1) maximising the inner out-of-fold F1 on ``rows`` (mean over the sets present)."""
    best = (C_GRID[0], 0.0, -1.0)
    for c in C_GRID:
        p = np.zeros(len(rows))
        for tr, te in folds(data, rows, INNER):
            p[te] = probs(X, data.label, rows[tr], rows[te], c)
        for t in THRESHOLDS:
            score = set_f1(data, rows, p, t)
            if score > best[2] + 1e-9:
                best = (c, t, score)
    return best


def outer(data: Data, X) -> tuple[dict[int, float], dict[int, float]]:
    """Out-of-fold probability and the threshold its fold chose, per event (each scored by a model that never saw
    its article)."""
    rows = np.arange(len(data.preds))
    prob, thr = {}, {}
    for tr, te in folds(data, rows, OUTER):
        c, t, _ = select(data, X, rows[tr])
        for i, q in zip(rows[te], probs(X, data.label, rows[tr], rows[te], c)):
            prob[int(i)], thr[int(i)] = float(q), t
    return prob, thr


def report(data: Data, keep: dict[int, bool], sets: list[str]) -> dict:
    """Rules only vs rules + ranker, per set, with every article of the set (those without events too)."""
    out = {}
    for s in sets:
        arts = {a for a in data.gold if a.startswith(s + ":")} | {a for a in data.rows_of if a.startswith(s + ":")}
        rules, ranked = f1(data, {}, arts), f1(data, keep, arts)
        out[s] = {"rules": [round(x, 3) for x in rules], "ranker": [round(x, 3) for x in ranked]}
        print(f"  {s:6s} rules P/R/F1 {rules[0]:.3f} {rules[1]:.3f} {rules[2]:.3f}   "
              f"+ranker {ranked[0]:.3f} {ranked[1]:.3f} {ranked[2]:.3f}")
    return out


def hold_out_dev2(data: Data, X) -> dict:
    """Fit (and select) on seeds + dev only, score dev2 whole: the plainest held-out check."""
    train = np.flatnonzero(data.set_of != "dev2")
    test = np.flatnonzero(data.set_of == "dev2")
    c, t, _ = select(data, X, train)
    p = probs(X, data.label, train, test, c)
    print(f"fitted on the other sets only, dev2 held out whole (C {c}, threshold {t}):")
    return {"C": c, "threshold": t, **report(data, {int(i): bool(q >= t) for i, q in zip(test, p)}, ["dev2"])}


def export(vec: DictVectorizer, scaler, model) -> tuple[list[str], list[float], float]:
    """The model on the raw features: the standardisation folded into the weights (w/scale, b - sum w*mean/scale)."""
    w = model.coef_[0] / scaler.scale_
    b = float(model.intercept_[0] - np.sum(w * scaler.mean_))
    names = vec.get_feature_names_out()
    kept = [(n, float(x)) for n, x in zip(names, w) if abs(x) > 1e-9]
    return [n for n, _ in kept], [round(x, 6) for _, x in kept], round(b, 6)


def main(argv: list[str]) -> int:
    shared = shared_dir()
    sets = argv or ["seeds", "dev", "dev2"]
    data = collect(shared, sets)
    seen = Counter(k for f in data.feats for k in f if "=" in k)
    vec = DictVectorizer(sparse=False)
    X = vec.fit_transform([{k: v for k, v in f.items() if "=" not in k or seen[k] >= MIN_COUNT} for f in data.feats])
    print(f"ranker: {len(data.preds)} located events ({int(data.label.sum())} right) in {len(data.rows_of)} articles, "
          f"{X.shape[1]} features")
    prob, thr = outer(data, X)
    print(f"out of fold ({OUTER} grouped folds, C and threshold chosen inside each):")
    oof = report(data, {i: prob[i] >= thr[i] for i in prob}, sets)
    held = hold_out_dev2(data, X) if "dev2" in sets and len(sets) > 1 else None
    c, t, inner = select(data, X, np.arange(len(data.preds)))
    scaler, model = fit(X, data.label, c)
    names, weights, b = export(vec, scaler, model)
    wins = all(oof[s]["ranker"][2] > oof[s]["rules"][2] for s in ("dev", "dev2") if s in oof)
    doc = {"_comment": "Made by scripts/train_ranker.py: a logistic model of 'this event is right' over the event's "
                       "provenance (feature names, weights on the raw features, intercept); events under the "
                       "threshold are dropped. default_on only if the out-of-fold F1 rose on dev and dev2. "
                       "Refit after a rule change: python scripts/train_ranker.py",
           "trained": date.today().isoformat(), "trained_on": sets, "events": len(data.preds),
           "C": c, "threshold": t, "default_on": wins and t > 0, "out_of_fold": oof, "dev2_held_out": held,
           "intercept": b, "features": names, "weights": weights}
    atomic_write_text(RANKER_JSON, json.dumps(doc, ensure_ascii=True, indent=1) + "\n")
    print(f"final: C {c}, threshold {t} (inner F1 {inner:.3f}), {len(names)} features, default_on {doc['default_on']}"
          f" -> {RANKER_JSON}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
