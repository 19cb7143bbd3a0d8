"""Ranking with scores and reasons, priors, cues, fuzzy fallback and abstention."""
from __future__ import annotations


from gazetteer.resolve import CONFIDENT, decide, distance_km, rank
from tests.gazetteer.conftest import P


def test_raqqa_is_raqqa_in_syria(gaz):
    best = gaz.lookup("الرقة")[0]
    assert best.place.country == "SY" and best.place.name_en == "Ar Raqqah"
    assert abs(best.place.lat - 35.95) < 0.1 and abs(best.place.lon - 39.01) < 0.1
    assert best.score >= CONFIDENT and best.why


def test_sukhnah_is_the_syrian_town(gaz):
    best = gaz.lookup("السخنة")[0]
    assert best.place.country == "SY" and best.place.admin1 == "Homs" and best.score >= CONFIDENT


def test_scores_are_in_unit_interval_and_best_first(gaz):
    for name in ("حلب", "الرقة", "دمشق", "الموصل", "تدمر"):
        cands = gaz.lookup(name)
        assert cands
        scores = [c.score for c in cands]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_governorate_wins_only_with_its_cue(gaz):
    assert gaz.lookup("حلب")[0].place.kind != "governorate"
    best = gaz.lookup("محافظة حلب")[0]
    assert best.place.kind == "governorate" and best.place.admin1 == "Aleppo"


def test_country_prior_prefers_syria():
    sy = P("sy", "س", 35.0, 38.0, country="SY")
    tr = P("tr", "س", 39.0, 30.0, country="TR")
    assert rank([tr, sy])[0].place.id == "sy"


def test_population_prior():
    small = P("small", "س", 35.0, 38.0, population=800)
    big = P("big", "س", 33.0, 36.0, population=300_000, kind="city")
    cands = rank([small, big])
    assert cands[0].place.id == "big" and cands[0].score > cands[1].score


def test_equal_namesakes_are_ambiguous(toy):
    cands = toy.lookup("بيتا")
    assert len(cands) == 2 and decide(cands) == "ambiguous"


def test_context_breaks_the_tie(toy):
    gamma = toy.lookup("غاما")[0].place
    cands = toy.lookup("بيتا", context=[gamma])
    assert cands[0].place.id == "beta-far" and any("near" in w for w in cands[0].why)


def test_fuzzy_fallback_has_lower_confidence(toy):
    exact = toy.lookup("دلتا الجديدة")[0]
    typo = toy.lookup("دلتا الجدبدة")  # one letter off
    assert typo and typo[0].place.id == "delta-new"
    assert typo[0].score < exact.score and "fuzzy match" in typo[0].why
    assert toy.lookup("دلتا الجزيرة الكبرى") == []  # too far off: no guess


def test_nothing_fits_gives_empty_list(toy, gaz):
    assert toy.lookup("زنبقستان") == []
    assert gaz.lookup("") == []
    assert decide([]) == "unresolved"


def test_lookup_accepts_clitics_cues_and_english(gaz):
    assert gaz.lookup("وبالرقة")[0].place.name_en == "Ar Raqqah"
    assert gaz.lookup("مدينة الرقة")[0].place.kind == "city"
    assert gaz.lookup("Ar Raqqah")[0].place.country == "SY"


def test_distance_km():
    a, b = P("a", "a", 33.51, 36.29), P("b", "b", 36.20, 37.16)  # Damascus → Aleppo ≈ 310 km
    assert 290 < distance_km(a, b) < 330


def test_ranking_distance_approximation_is_close_to_haversine():
    from gazetteer.resolve import _approx_km

    pairs = [((33.51, 36.29), (36.20, 37.16)), ((35.95, 39.01), (34.55, 38.27)), ((36.34, 43.13), (33.50, 38.64))]
    for (la1, lo1), (la2, lo2) in pairs:
        a, b = P("a", "a", la1, lo1), P("b", "b", la2, lo2)
        assert abs(_approx_km(a, b) - distance_km(a, b)) / distance_km(a, b) < 0.02
