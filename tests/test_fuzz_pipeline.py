"""Fuzzing the whole text pipeline (issue 7): bytes in any container → readers → extraction → GeoJSON, and
metamorphic checks: invisible characters inside names and odd spacing change nothing that was extracted.

Default example counts are small; ``CONFLICTMAP_FUZZ_EXAMPLES`` or ``bench/fuzz.py`` runs them longer.
The templates, noise and containers live in ``testing/fuzz.py``.
"""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from testing.fuzz import (TEMPLATES, add_noise, check_file_through_pipeline, check_noise_changes_nothing, claims,
                          known_dates, respace, wrap)
from testing.properties import FUZZ, arabic_text, check_pipeline, examples


# ---------------------------------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def resources():
    from extract.forces import load_lexicon
    from gazetteer import load_gazetteer

    return load_gazetteer(), load_lexicon()


@settings(max_examples=examples(60), **FUZZ)
@given(claim=claims(), published=known_dates, data=st.data())
def test_invisible_characters_inside_names_change_nothing(resources, claim, published, data) -> None:
    text, spans = claim
    check_noise_changes_nothing(text, add_noise(text, spans, data.draw), published, *resources)


@settings(max_examples=examples(40), **FUZZ)
@given(claim=claims(), published=known_dates, data=st.data())
def test_odd_spacing_changes_nothing(resources, claim, published, data) -> None:
    text, _ = claim
    check_noise_changes_nothing(text, respace(text, data.draw), published, *resources)


@settings(max_examples=examples(40), **FUZZ)
@given(text=st.one_of(arabic_text, claims().map(lambda c: c[0])),
       container=st.sampled_from(["txt", "jsonl", "csv", "html"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]))
def test_any_text_in_any_container_goes_through_the_pipeline(resources, text, container, encoding) -> None:
    ext, data = wrap(text, container, encoding)
    check_file_through_pipeline(data, ext, *resources)


@pytest.mark.parametrize("first,again", [("سم\u00adسمون", "سمسمون"), ("سمسمون", "سمسمو\u0651ن"),
                                         ("سمـسمون", "سمسمون"), ("سم\u200fسمون", "سم\u200dسمون")])
def test_a_name_named_again_is_found_however_either_time_is_spelled(resources, first: str, again: str) -> None:
    """A place found once after a cue word is found again without it, whatever invisible marks either spelling has."""
    text = f"سيطرت قوات النظام على مدينة {first} بعد معارك.\nوانسحب تنظيم داعش من {again} أمس."
    plain = text.replace(first, "سمسمون").replace(again, "سمسمون")
    published = date(2016, 3, 27)
    check_noise_changes_nothing(plain, text, published, *resources)
    assert len(check_pipeline(plain, published, *resources)) == 2  # one claim in each sentence


def test_noise_check_is_not_vacuous(resources) -> None:
    """The templates do give events, and noise inside a name does reach the extractor's input."""
    text = TEMPLATES[0].format(f="قوات النظام", c="مدينة", p="تدمر", d="")
    noisy = text.replace("تدمر", "تد\u200fم\u0651ـر")
    check_noise_changes_nothing(text, noisy, date(2016, 3, 27), *resources)
    events = check_pipeline(noisy, date(2016, 3, 27), *resources)
    assert [(e.force, e.relation, e.mention) for e in events] == [("government", "captured", "تد\u200fم\u0651ـر")]
    _, data = wrap(text, "jsonl", "utf-8")
    assert check_file_through_pipeline(data, ".jsonl", *resources) == 1
