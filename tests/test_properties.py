"""Property tests of the text pipeline (issue 7): normalisation is idempotent, extraction never raises on any
Unicode text and always gives valid RFC 7946 GeoJSON, and every offset points back at the source text.

The strategies and checks live in ``testing/properties.py`` so ``bench/fuzz.py`` runs the very same properties
with thousands of examples. ``CONFLICTMAP_FUZZ_EXAMPLES`` scales every property here (default: a few hundred in all).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.io import events_to_geojson
from testing.properties import (FUZZ, any_text, arabic_text, check_events, check_geojson, check_normalize,
                                check_pipeline, check_scan, examples, published_dates)


# ---------------------------------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def resources():
    """The gazetteer and force lexicon, loaded once for the module (a warm cache makes this fast)."""
    from extract.forces import load_lexicon
    from gazetteer import load_gazetteer

    return load_gazetteer(), load_lexicon()


@settings(max_examples=examples(150), **FUZZ)
@given(text=st.one_of(any_text, arabic_text))
def test_normalisation_is_idempotent(text: str) -> None:
    check_normalize(text)


@pytest.mark.parametrize("text", ["ﹰ", "ا ﹰ ب", "ﻻ\x00", "ﷺ ", " \u200f ", "\u064b" * 3, "ﻻ\u2028ﻻ"])
def test_normalisation_is_idempotent_on_presentation_forms_that_fold_to_space_or_nothing(text: str) -> None:
    check_normalize(text)


@settings(max_examples=examples(60), **FUZZ)
@given(text=st.one_of(any_text, arabic_text))
def test_scan_offsets_point_at_the_surface(resources, text: str) -> None:
    check_scan(text, resources[0])


@settings(max_examples=examples(100), **FUZZ)
@given(text=arabic_text, published=published_dates)
def test_extraction_of_news_like_text_never_raises_and_gives_valid_geojson(resources, text: str, published) -> None:
    check_pipeline(text, published, *resources)


@settings(max_examples=examples(60), **FUZZ)
@given(text=any_text, published=published_dates)
def test_extraction_of_any_unicode_never_raises_and_gives_valid_geojson(resources, text: str, published) -> None:
    check_pipeline(text, published, *resources)


def test_the_checks_can_fail_on_a_real_claim(resources) -> None:
    """Guard against vacuous properties: a plain claim gives an event and the checks see through a bad offset."""
    text = "سيطرت قوات النظام على مدينة تدمر بعد معارك عنيفة."
    events = check_pipeline(text, date(2016, 3, 27), *resources)
    assert [(e.force, e.relation, e.mention) for e in events] == [("government", "captured", "تدمر")]
    with pytest.raises(AssertionError):
        check_events(text, [replace(events[0], mention_start=events[0].mention_start + 1)], {"government"}, None)
    with pytest.raises(AssertionError):
        check_geojson({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [events[0].lat, events[0].lon]},
             "properties": events_to_geojson(events)["features"][0]["properties"]}]}, events)


def test_the_checks_accept_a_site_drawn_at_its_anchor(resources) -> None:
    """A neighbourhood the gazetteer does not know, in a city it does, is an approximate event with a point."""
    text = "وسيطرت قوات النظام على حي سمسمون في مدينة حلب بعد معارك عنيفة."
    events = check_pipeline(text, date(2016, 12, 1), *resources)
    assert [(e.mention, e.status, e.anchor_ar) for e in events] == [("سمسمون", "approximate", "حلب")]
