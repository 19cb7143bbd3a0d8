"""An attempt to take a place is an attack on it, never a capture (issue 13: attempts are not claims of control).

"Storming without capture" is ``attacked`` in the gold conventions; an attempt to storm, retake or enter a place
is that. A repelled attempt stays with the repel rule, and plans (تستعد، تخطط) or attempts at anything else (a
withdrawal) claim nothing. The sentences are written for these tests.
"""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def claims(claims_of):
    return claims_of


@pytest.mark.parametrize("text, claim", [
    ("وتحاول قوات النظام اقتحام مدينة سراقب منذ أيام.", ("سراقب", "government", "attacked")),
    ("وكثفت قوات النظام قصفها في محاولة لاستعادة مدينة اللطامنة.", ("اللطامنة", "government", "attacked")),
    ("فشلت محاولة قوات النظام اقتحام بلدة اللطامنة.", ("اللطامنة", "government", "attacked")),
    ("حاول تنظيم داعش دخول مدينة الحسكة من جهة الجنوب.", ("الحسكة", "isis", "attacked")),
])
def test_an_attempt_to_take_is_an_attack(claims, text: str, claim: tuple[str, str, str]) -> None:
    found = claims(text)
    assert claim in found
    assert not any(rel in ("captured", "controls") for _, _, rel in found)


@pytest.mark.parametrize("text", [
    "تستعد قوات النظام لاقتحام مدينة درعا.",  # a plan
    "حاولت قوات النظام الانسحاب من بلدة مورك.",  # an attempt to leave
    "يسعى تنظيم داعش إلى السيطرة على مدينة دير الزور.",  # an aim
])
def test_plans_and_other_attempts_claim_nothing(claims, text: str) -> None:
    assert claims(text) == set()


def test_a_repelled_attempt_is_not_the_defenders_attack(claims) -> None:
    found = claims("وصدت الفصائل محاولة قوات النظام اقتحام بلدة كفرنبودة.")
    assert ("كفرنبودة", "fsa_opposition", "attacked") not in found


def test_an_attempt_that_succeeded_is_a_capture(claims) -> None:
    found = claims("حاولت قوات النظام اقتحام بلدة اللطامنة مرات، ثم تمكنت من السيطرة عليها أمس.")
    assert ("اللطامنة", "government", "captured") in found
