"""The learnt event ranker: its runtime scorer, its threshold filter, the CLI flag, and a model file free of text."""
from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from datetime import date

import pytest

from extract.ranker import RANKER_JSON, Ranker, features, packaged, rank, read_ranker
from extract.pipeline import extract_article
from records.article import Article
from testing.factories import ev, unresolved
from tests.conftest import run_cli
from tests.extract.test_rules import GAZ, LEX

DAY = date(2017, 3, 1)
# my own sentences: one capture with its force named, one claim carried to the next sentence, and a sentence
# naming a force and a place with no claim at all
ARTICLE = ("سيطرت قوات النظام صباح اليوم على مدينة تدمر بعد اشتباكات مع تنظيم داعش.\n"
           "وتقدمت نحو بلدة منبج وسيطرت عليها.\n"
           "وزار وفد من قوات سوريا الديمقراطية مدينة الرقة لبحث الخدمات.\n")


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_probability_is_the_sigmoid_of_the_dot_product():
    r = Ranker({"confidence": 2.0, "rule=capture": 0.5, "pro_drop": -1.5}, -1.0, 0.5)
    assert r.probability({"confidence": 0.8, "rule=capture": 1.0, "pro_drop": 1.0}) == pytest.approx(
        sigmoid(-1.0 + 1.6 + 0.5 - 1.5))
    # a name the model never saw weighs nothing (a rule added after the fit)
    assert r.probability({"confidence": 0.8, "rule=brand_new": 1.0}) == pytest.approx(sigmoid(-1.0 + 1.6))
    assert r.probability({"confidence": -1000.0}) == 0.0  # no overflow far out


def test_the_shipped_model_gives_what_its_file_says():
    doc = json.loads(RANKER_JSON.read_text(encoding="utf-8"))
    r = read_ranker(RANKER_JSON)
    feats = features([ev("a", "isis", "captured", DAY), ev("a", "government", "lost", DAY, "p:palmyra")], 500)[0]
    w = dict(zip(doc["features"], doc["weights"]))
    z = doc["intercept"] + sum(v * w.get(k, 0.0) for k, v in feats.items())
    assert r.probability(feats) == pytest.approx(sigmoid(z))
    assert r.threshold == doc["threshold"] and r.default_on == doc["default_on"]


def test_features_read_provenance_and_neighbours():
    a = replace(ev("a", "isis", "captured", DAY), rule="capture", force_start=20, mention_start=3)
    b = replace(ev("a", "government", "captured", DAY), rule="capture", sentence_start=80, mention_start=90)
    c = ev("a", "isis", "attacked", DAY, "p:daraa")  # far from the other places: a namesake would be suspect
    d = ev("a", "sdf", "captured", DAY, "p:manbij")
    fa, fb, fc, _ = features([a, b, c, d], 400)
    assert fa["rule=capture"] == 1 and fa["force=isis"] == 1 and fa["pro_drop"] == 0 and fa["force_after_place"] == 1
    assert fa["rival_force"] == 1 and fb["rival_force"] == 1  # two forces take one place: one of them is wrong
    assert fc["pro_drop"] == 1 and fc["rival_force"] == 0 and fc["near_km"] > fa["near_km"]
    assert fa["top_place"] == 1 and fc["top_place"] == 0 and fa["name_as_written"] == 1
    assert all(isinstance(v, float) for v in fa.values())


def test_threshold_drops_the_unlikely_and_keeps_the_unlocated():
    good = replace(ev("a", "isis", "captured", DAY), rule="capture")
    bad = replace(ev("a", "isis", "attacked", DAY, "p:manbij"), rule="weak_guess")
    lost = unresolved("a")
    r = Ranker({"rule=weak_guess": -10.0}, 2.0, 0.5)
    assert r.apply([good, bad, lost], 300) == [good, lost]
    assert Ranker({}, -10.0, 0.5).apply([lost], 300) == [lost]  # nothing located: nothing to judge
    assert Ranker({}, 2.0, 0.5).apply([good, bad], 300) == [good, bad]


def test_rank_follows_the_switch():
    events = [ev("a", "isis", "captured", DAY)]
    assert rank(events, 100, False) is events
    r = packaged()
    assert r is not None
    assert rank(events, 100, None) == (r.apply(events, 100) if r.default_on else events)
    assert rank(events, 100, True) == r.apply(events, 100)


def test_pipeline_hook_keeps_rule_and_evidence():
    art = Article("r1", ARTICLE, DAY)
    off = extract_article(art, gazetteer=GAZ, forces=LEX, ranker=False)
    on = extract_article(art, gazetteer=GAZ, forces=LEX, ranker=True)
    assert off, "the rules find the captures"
    assert all(e in off for e in on)  # the ranker only drops: every kept event is the rules' event, unchanged
    assert not any(e.mention == "الرقة" for e in off)  # the visit is no claim, with or without the ranker
    default = extract_article(art, gazetteer=GAZ, forces=LEX)
    assert default == (on if packaged().default_on else off)


def test_cli_flag_end_to_end(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r1.txt").write_text(ARTICLE, encoding="utf-8")
    keys = {}
    for flag in ("--ranker", "--no-ranker"):
        out = tmp_path / f"{flag}.geojson"
        r = run_cli("extract", str(folder), "--published", DAY.isoformat(), "--jobs", "1", flag, "-o", str(out))
        assert r.returncode == 0, r.stderr
        keys[flag] = sorted((f["properties"]["mention"], f["properties"]["force"], f["properties"]["relation"])
                            for f in json.loads(out.read_text(encoding="utf-8"))["features"])
    off = extract_article(Article("r1", ARTICLE, DAY), gazetteer=GAZ, forces=LEX, ranker=False)
    kept = packaged().apply(off, len(ARTICLE))
    assert keys["--no-ranker"] == sorted((e.mention, e.force, e.relation) for e in off)
    assert keys["--ranker"] == sorted((e.mention, e.force, e.relation) for e in kept)


def test_model_file_holds_numbers_and_names_not_text():
    doc = json.loads(RANKER_JSON.read_text(encoding="utf-8"))
    text = json.dumps(doc, ensure_ascii=False)  # \u escapes decoded: Arabic written escaped is caught too
    assert not re.search(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]", text)
    assert len(doc["features"]) == len(doc["weights"]) and all(isinstance(w, float) for w in doc["weights"])
    assert all(re.fullmatch(r"[a-z_]+(=[A-Za-z0-9_.:-]*)?", n) for n in doc["features"])
    assert set(doc) == {"_comment", "trained", "trained_on", "events", "C", "threshold", "default_on", "out_of_fold",
                        "dev2_held_out", "intercept", "features", "weights"}


def test_default_on_only_if_it_won_on_held_out_articles():
    doc = json.loads(RANKER_JSON.read_text(encoding="utf-8"))
    won = all(doc["out_of_fold"][s]["ranker"][2] > doc["out_of_fold"][s]["rules"][2] for s in ("dev", "dev2"))
    assert not doc["default_on"] or won
