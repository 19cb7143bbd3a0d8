"""The claim grammar on news it was not written against (issue 13, round 3): carried coordinated subjects,
masdars with a genitive agent, participles, exceptives after a negation, falls and losses, attacks that are
not captures, and who the actor is. Sentences written for these tests; the fake gazetteer of test_rules."""
from __future__ import annotations

import pytest

from tests.extract.test_rules import claims


# --- 1. a subject carried to the next sentence keeps every coordinated force ---------------------------------

def test_carried_subject_keeps_every_coordinated_force():
    got = claims("سيطرت فصائل المعارضة وهيئة تحرير الشام على مدينة سراقب. كما فرضت سيطرتها على بلدة كفرنبل.")
    assert {("كفرنبل", "fsa_opposition", "captured"), ("كفرنبل", "hts_nusra", "captured")} <= got


def test_carried_subject_from_a_sentence_without_a_claim_keeps_its_coordination():
    got = claims("تقدمت قوات النظام وحزب الله نحو الريف الغربي. وسيطرت صباح اليوم على بلدة مضايا.")
    assert {("مضايا", "government", "captured"), ("مضايا", "hezbollah_iran", "captured")} <= got


def test_the_loser_is_not_carried_as_the_next_subject():
    got = claims("طردت قوات سوريا الديمقراطية تنظيم داعش من مدينة منبج. ثم سيطرت على بلدة جرابلس.")
    assert ("جرابلس", "sdf", "captured") in got
    assert ("جرابلس", "isis", "captured") not in got


def test_an_ally_is_not_carried_with_the_subject():
    got = claims("تقدمت قوات النظام والفصائل المتحالفة معها نحو المدينة. ثم سيطرت على مدينة تدمر.")
    assert ("تدمر", "government", "captured") in got
