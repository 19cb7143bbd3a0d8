"""The memos and fast constructors taken for speed give the answers of the plain path they replace.

- ``pipeline._claims`` keeps ``find_claims``'s answer per sentence: a hit gives what a fresh call gives, any other
  argument (places, forces, the subject handed on, the claim continued) is a miss, and a grammar loaded from a
  file is never memoised;
- ``pipeline._calibrated`` is ``Grammar.calibrate``;
- ``records.event.make_event`` makes the value ``Event`` makes (equal, same hash, fields in order, still frozen).
"""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from arabic.normalize import normalize
from extract import pipeline
from extract.rules import DEFAULT, Span, find_claims
from records.event import Event, make_event
from tests.extract.test_pipeline import run
from tests.extract.test_rules import LEX

# our own sentences: a capture, a withdrawal, a denial, a pro-drop continuation, a force and a place with no claim
SENTENCES = [
    ("سيطرت قوات النظام على مدينة تدمر بعد معارك عنيفة", ["تدمر"]),
    ("وانسحب تنظيم الدولة من بلدة السخنة ومن قرية أراك", ["السخنة", "أراك"]),
    ("ونفت فصائل المعارضة سيطرة قوات النظام على مدينة تدمر", ["تدمر"]),
    ("وسيطرت بعد ذلك على مدينة تدمر", ["تدمر"]),
    ("زار وفد من قوات النظام مدينة تدمر للاطلاع على الأوضاع", ["تدمر"]),
]


def _spans(sent: str, names: list[str]) -> tuple[list[Span], list[Span]]:
    places = sorted(Span(sent.index(normalize(n)), sent.index(normalize(n)) + len(normalize(n))) for n in names)
    forces = [Span(s, e, fid) for s, e, fid in LEX.spans_normalized(sent)]
    return places, forces


@pytest.mark.parametrize("text,names", SENTENCES)
@pytest.mark.parametrize("prev", [(), ("isis",), ("government", "sdf")])
def test_memoised_claims_equal_a_fresh_call(text, names, prev):
    sent = normalize(text)
    places, forces = _spans(sent, names)
    pipeline._claims_memo.clear()
    fresh = find_claims(sent, list(places), list(forces), prev)
    miss = pipeline._claims(sent, list(places), list(forces), prev, None, DEFAULT)
    hit = pipeline._claims(sent, list(places), list(forces), prev, None, DEFAULT)
    assert miss == hit == fresh
    hit[0].append("changed by a caller")  # a caller's list is its own: the memo is not changed through it
    assert pipeline._claims(sent, list(places), list(forces), prev, None, DEFAULT) == fresh


def test_a_sentence_read_with_other_arguments_is_a_miss():
    sent = normalize(SENTENCES[3][0])  # pro-drop: the claim depends on the subject handed on
    places, forces = _spans(sent, SENTENCES[3][1])
    pipeline._claims_memo.clear()
    for prev, cont in [(("government",), None), (("isis",), None), ((), None), ((), ("sdf", "captured"))]:
        assert pipeline._claims(sent, places, forces, prev, cont, DEFAULT) == find_claims(sent, places, forces, prev,
                                                                                          continues=cont)
    assert pipeline._claims(sent, [], forces, ("isis",), None, DEFAULT) == find_claims(sent, [], forces, ("isis",))


def test_a_grammar_other_than_the_packaged_one_is_not_memoised():
    other = dataclasses.replace(DEFAULT)
    sent = normalize(SENTENCES[0][0])
    places, forces = _spans(sent, SENTENCES[0][1])
    pipeline._claims_memo.clear()
    assert pipeline._claims(sent, places, forces, (), None, other) == find_claims(sent, places, forces, ())
    assert not pipeline._claims_memo


def test_an_article_read_twice_gives_the_same_events():
    text = "سيطرت قوات النظام على مدينة تدمر. وسيطرت بعد ذلك على مدينة تدمر. زار وفد من قوات النظام مدينة تدمر."
    pipeline._claims_memo.clear()
    cold = run(text, date(2016, 3, 27))
    assert cold and run(text, date(2016, 3, 27)) == cold


@pytest.mark.parametrize("raw", [0.0, 0.35, 0.5, 0.56, 0.7, 0.8 * 0.9, 0.9, 1.0])
def test_calibrated_is_the_grammar_calibration(raw):
    pipeline._CALIBRATED.clear()
    assert pipeline._calibrated(DEFAULT, raw) == pipeline._calibrated(DEFAULT, raw) == DEFAULT.calibrate(raw)


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
