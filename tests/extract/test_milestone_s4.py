"""Claim grammar added after the session-4 merge (issue 13), each with negatives.

- a set of places after the object, named by a list opener (من A وبعض القرى …، أبرزها B وC), is more object;
- civilians leaving, evacuated or displaced (خروج المدنيين) is no withdrawal of anyone;
- a place after الواقعة في/ب/على only locates the object;
- a negated light verb (لم تقم X بحصار Y) claims nothing;
- a coalition and its member claiming one place (فصائل المعارضة وهيئة تحرير الشام) is one claim, the coalition's.
The sentences are written for these tests.
"""
from __future__ import annotations

import pytest


def test_a_set_named_by_a_list_opener_is_more_object(claims_of) -> None:
    found = claims_of("وأفاد المرصد بانسحاب الفصائل من خان شيخون وبعض القرى الواقعة بريف حماة الشمالي، "
                      "أبرزها بلدات كفرزيتا واللطامنة، وقريتي لحايا ولطمين.")
    assert {m for m, f, r in found if r == "withdrew"} == {"خان شيخون", "كفرزيتا", "اللطامنة", "لحايا", "لطمين"}


def test_a_set_without_an_opener_adds_nothing(claims_of) -> None:
    found = claims_of("وسيطرت قوات النظام على مدينة مورك وعدد من القرى المحيطة بها.")
    assert found == {("مورك", "government", "captured")}


@pytest.mark.parametrize("text", [
    "وتستهدف الفصائل الممر الآمن المخصص لخروج المدنيين المحاصرين في الغوطة الشرقية.",
    "وبدأت عملية إجلاء الأهالي من بلدة مضايا.",
])
def test_civilians_leaving_is_no_withdrawal(claims_of, text: str) -> None:
    assert not [c for c in claims_of(text) if c[2] == "withdrew"]


def test_a_force_leaving_after_the_civilians_still_withdrew(claims_of) -> None:
    found = claims_of("وانسحبت فصائل المعارضة من بلدة مضايا بعد خروج المدنيين منها.")
    assert ("مضايا", "fsa_opposition", "withdrew") in found


def test_a_place_after_waqia_only_locates_the_object(claims_of) -> None:
    assert claims_of("واقتحمت قوات النظام صباح اليوم القرية، الواقعة في محافظة حماة.") == set()
    assert ("مورك", "government", "captured") in claims_of("ودخلت قوات النظام بلدة مورك الواقعة في ريف حماة الشمالي.")


@pytest.mark.parametrize("text", ["وقال القيادي: لم نقم بحصار مدينة الرقة.", "ولم تقم قوات النظام بحصار بلدة مضايا."])
def test_a_negated_light_verb_claims_nothing(claims_of, text: str) -> None:
    assert claims_of(text) == set()


def test_the_light_verb_itself_still_claims(claims_of) -> None:
    assert claims_of("وقامت قوات النظام بحصار بلدة مضايا.") == {("مضايا", "government", "besieged")}


@pytest.mark.parametrize("text", ["وسيطرت فصائل المعارضة وهيئة تحرير الشام على مدينة سراقب.",
                                  "وسيطرت هيئة تحرير الشام وفصائل المعارضة على مدينة سراقب."])
def test_a_coalition_and_its_member_make_one_claim(claims_of, text: str) -> None:
    assert claims_of(text) == {("سراقب", "fsa_opposition", "captured")}


def test_a_member_alone_keeps_its_claim_and_other_allies_stay_apart(claims_of) -> None:
    assert claims_of("وسيطرت هيئة تحرير الشام على مدينة سراقب.") == {("سراقب", "hts_nusra", "captured")}
    found = claims_of("وسيطرت قوات النظام وحزب الله على مدينة القصير.")
    assert {f for _, f, _ in found} == {"government", "hezbollah_iran"}


@pytest.mark.parametrize("text, claim", [
    ("سيطر تنظيم داعش على عدة أحياء في مدينة الحسكة.", ("الحسكة", "isis", "contested")),
    ("سيطرت الفصائل على مناطق وسط مدينة حلب.", ("حلب", "fsa_opposition", "contested")),
    ("سيطرت الفصائل على أحياء من مدينة حلب.", ("حلب", "fsa_opposition", "contested")),
])
def test_part_of_a_town_taken_contests_the_town(claims_of, text: str, claim: tuple[str, str, str]) -> None:
    assert claims_of(text) == {claim}


@pytest.mark.parametrize("text", ["سيطرت الفصائل على قرى في ريف حلب.", "سيطرت الفصائل على مدن وبلدات في محافظة إدلب."])
def test_part_of_a_countryside_or_province_claims_nothing(claims_of, text: str) -> None:
    assert claims_of(text) == set()


def test_named_neighbourhoods_are_still_captured(claims_of) -> None:
    found = claims_of("سيطرت الفصائل على أحياء الشعار والصاخور في حلب.")
    assert found == {("الشعار", "fsa_opposition", "captured"), ("الصاخور", "fsa_opposition", "captured")}
