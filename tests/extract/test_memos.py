"""The memo and the fast constructor taken for speed give the answers of the plain path they replace.

- ``Grammar.calibrate`` (memoised on the grammar) is its plain computation;
- ``records.event.make_event`` makes the value ``Event`` makes (equal, same hash, fields in order, still frozen).
"""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from extract.rules import DEFAULT
from records.event import Event, make_event

@pytest.mark.parametrize("raw", [0.0, 0.35, 0.5, 0.56, 0.7, 0.8 * 0.9, 0.9, 1.0])
def test_calibrated_is_the_grammar_calibration(raw):
    DEFAULT.calibrated.clear()
    assert DEFAULT.calibrate(raw) == DEFAULT.calibrate(raw) == DEFAULT._calibrate(raw)


REQUIRED = dict(source="a1", force="government", relation="captured", mention="تدمر", mention_start=3,
                mention_end=7, sentence="سيطرت قوات النظام على تدمر", sentence_start=0, rule="capture",
                confidence=0.8)


@pytest.mark.parametrize("extra", [{}, {"status": "resolved", "place_id": "gn:1", "lat": 34.5, "lon": 38.3,
                                        "admin1": "Homs", "date": date(2016, 3, 27), "force_start": 6},
                                   {"status": "ambiguous", "candidates": "[]", "reporter": "المرصد"}])
def test_make_event_is_event(extra):
    plain, fast = Event(**REQUIRED, **extra), make_event(**REQUIRED, **extra)
    assert fast == plain and hash(fast) == hash(plain) and type(fast) is Event
    assert list(vars(fast).items()) == list(vars(plain).items())  # every field, in declaration order
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.force = "isis"  # type: ignore[misc]


def test_make_event_refuses_what_event_refuses():
    missing = {k: v for k, v in REQUIRED.items() if k != "rule"}
    with pytest.raises(TypeError):
        make_event(**missing)
    with pytest.raises(TypeError):
        make_event(**REQUIRED, no_such_field=1)
