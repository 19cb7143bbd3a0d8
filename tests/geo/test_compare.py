"""Comparisons between two dates and the approximate control areas."""
from __future__ import annotations

from datetime import date

import pytest

from geo.areas import control_areas, country_outlines
from geo.compare import classify, compare, render_comparison
from geo.snapshot import snapshot
from testing.factories import ev

D1, D2 = date(2015, 12, 31), date(2017, 12, 31)
EVENTS = [
    ev("a1", "isis", "captured", date(2014, 1, 13), "p:raqqa"),
    ev("a2", "sdf", "captured", date(2017, 10, 17), "p:raqqa"),
    ev("a3", "isis", "controls", date(2015, 5, 21), "p:palmyra"),
    ev("a4", "isis", "withdrew", date(2017, 3, 2), "p:palmyra"),
    ev("a5", "sdf", "captured", date(2016, 8, 12), "p:manbij"),
    ev("a6", "fsa_opposition", "controls", date(2015, 6, 1), "p:daraa"),
    ev("a7", "government", "contested", date(2017, 6, 1), "p:daraa"),
]


def changes(cmp):
    return {c.place_id: (c.change, c.from_force, c.to_force) for c in cmp.changes}


def test_each_kind_of_change_with_the_events_that_explain_it():
    cmp = compare(EVENTS, D1, D2)
    assert changes(cmp) == {
        "p:raqqa": ("changed_hands", "isis", "sdf"),
        "p:palmyra": ("lost", "isis", None),
        "p:manbij": ("gained", None, "sdf"),
        "p:daraa": ("contested", "fsa_opposition", "fsa_opposition"),
    }
    raqqa = next(c for c in cmp.changes if c.place_id == "p:raqqa")
    assert [e.source for e in raqqa.evidence] == ["a2"]  # only what happened between the dates
    assert (raqqa.from_state, raqqa.to_state) == ("held", "held")


def test_summary_counts_per_force():
    s = compare(EVENTS, D1, D2).summary
    assert s["sdf"] == {"gained": 2, "lost": 0, "held_from": 0, "held_to": 2}
    assert s["isis"] == {"gained": 0, "lost": 2, "held_from": 2, "held_to": 0}
    assert s["fsa_opposition"]["held_from"] == 1


def test_no_change_between_equal_dates():
    cmp = compare(EVENTS, D2, D2)
    assert {c.change for c in cmp.changes} == {"unchanged"}
    assert "no place changed control" in render_comparison(cmp)


def test_text_table_lists_the_change():
    text = render_comparison(compare(EVENTS, D1, D2))
    line = next(l for l in text.splitlines() if l.startswith("Raqqa"))
    assert "changed_hands" in line and "isis" in line and "sdf" in line and "a2" in line
    assert "Manbij" in text and "unchanged" not in text.split("\n", 1)[1].split("force")[0]


def test_classify_handles_places_unknown_on_one_date():
    states = {p.place_id: p for p in snapshot(EVENTS, D2).places}
    assert classify(None, states["p:raqqa"]) == "gained"
    assert classify(states["p:raqqa"], None) == "lost"
    assert classify(None, states["p:daraa"]) == "contested"
    assert classify(None, None) == "unchanged"


def test_country_outlines_come_from_the_installed_package():
    syria = country_outlines(["SYR"])
    assert list(syria.iso_a3) == ["SYR"]
    minx, miny, maxx, maxy = syria.total_bounds
    assert 35 < minx < 37 and 41 < maxx < 43 and 32 < miny < 33.5 and 37 < maxy < 38


def test_control_areas_are_dissolved_per_force_clipped_and_labelled_approximate():
    snap = snapshot(EVENTS, date(2017, 12, 31))
    areas = control_areas(snap)
    assert set(areas.force) == {"sdf"}  # Daraa is contested, Palmyra abandoned
    assert areas.approximate.all() and areas.crs.to_epsg() == 4326
    total = areas.area_km2.sum()
    assert 100_000 < total < 190_000  # Syria is about 185,000 km²; contested Daraa is cut out
    whole = control_areas(snapshot(EVENTS[:1], date(2015, 1, 1)))
    assert list(whole.force) == ["isis"] and whole.area_km2.iloc[0] == pytest.approx(186_000, rel=0.05)
    assert control_areas(snapshot([], D1)).empty


def test_contested_places_are_cut_out_of_the_areas():
    base = [ev("a1", "isis", "controls", date(2016, 1, 1), "p:raqqa"),
            ev("a2", "sdf", "controls", date(2016, 1, 1), "p:manbij")]
    plain = control_areas(snapshot(base, D2))
    cut = control_areas(snapshot(base + [ev("a3", "government", "contested", date(2016, 1, 1), "p:palmyra")], D2))
    assert cut.area_km2.sum() < plain.area_km2.sum()
    assert not cut.geometry.union_all().contains(__import__("shapely").Point(38.28, 34.56))


def test_compare_with_areas_adds_km2_to_the_summary():
    s = compare(EVENTS, D1, D2, areas=True).summary
    assert s["isis"]["area_from_km2"] > 0 and s["isis"]["area_to_km2"] == 0
    assert s["sdf"]["area_to_km2"] > 0
