"""The claim grammar on unseen news, round 4: a force introduced by its name (ما يسمى X), a quoted headline
subject before a present verb of entry, a repelled attack, and an attack that ended in a capture. Sentences
written for these tests; the fake gazetteer of test_rules."""
from __future__ import annotations

import pytest

from tests.extract.test_rules import claims


@pytest.mark.parametrize("text, place, force, relation", [
    ("قصف الطيران مدينة منبج الخاضعة لسيطرة ما تسمى قوات سوريا الديمقراطية.", "منبج", "sdf", "controls"),
    ("وسيطرت ما يعرف بهيئة تحرير الشام على مدينة إدلب.", "إدلب", "hts_nusra", "captured"),
    ("سيطر ما يسمى «جيش الإسلام» على مدينة دوما.", "دوما", "fsa_opposition", "captured"),
    ("دخلت المجموعات المسماة قوات سوريا الديمقراطية مدينة منبج.", "منبج", "sdf", "captured"),
    ("استعادت المجموعات المعروفة بتنظيم داعش بلدة القريتين.", "القريتين", "isis", "captured"),
])
def test_a_force_introduced_by_its_name_is_that_force(text, place, force, relation):
    assert (place, force, relation) in claims(text)


@pytest.mark.parametrize("text, place, force", [
    ("«قسد» تدخل مدينة منبج", "منبج", "sdf"),
    ("\"داعش\" تدخل إلى بلدة القريتين", "القريتين", "isis"),
    ("قوات النظام تدخل مدينة تدمر بعد انسحاب تنظيم داعش", "تدمر", "government"),
])
def test_a_headline_subject_before_a_present_verb_of_entry(text, place, force):
    assert (place, force, "captured") in claims(text)


@pytest.mark.parametrize("text", [
    "تدخل تركي في مدينة منبج يثير المخاوف.",
    "وطالبت قوات سوريا الديمقراطية بتدخل دولي في مدينة منبج.",
    "وقالت قوات النظام إن أي تدخل في مدينة تدمر مرفوض.",
])
def test_the_noun_of_intervention_is_no_entry(text):
    assert not [c for c in claims(text) if c[2] == "captured"]


@pytest.mark.parametrize("text", [
    "صدت قوات النظام هجمات تنظيم داعش على مدينة تدمر.",
    "قوات النظام تصد هجوما لتنظيم داعش على مدينة تدمر.",
    "وتصدت قوات النظام لهجوم عنيف شنه تنظيم داعش على مدينة تدمر.",
])
def test_a_repelled_attack_the_defender_holds_and_the_attacker_attacked(text):
    got = claims(text)
    assert ("تدمر", "government", "controls") in got
    assert ("تدمر", "isis", "controls") not in got and ("تدمر", "isis", "captured") not in got


def test_a_repelled_attack_names_its_attacker():
    assert ("تدمر", "isis", "attacked") in claims("صدت قوات النظام هجمات تنظيم داعش على مدينة تدمر.")


@pytest.mark.parametrize("text", [
    "تم صد هجوم تنظيم داعش على مدينة تدمر.",
    "وقالت مصادر إن هجوما لتنظيم داعش على مدينة تدمر قد تم صده.",
])
def test_a_repelled_attack_with_no_named_defender_gives_no_holder(text):
    assert not [c for c in claims(text) if c[2] in ("controls", "captured")]


def test_an_indefinite_plural_of_attacks_is_an_attack():
    assert claims("هجمات تنظيم داعش على مدينة تدمر مستمرة منذ أيام.") == {("تدمر", "isis", "attacked")}


def test_an_attack_that_ended_in_a_capture_is_the_capture_only():
    assert claims("هاجمت قوات النظام بلدة كفرنبل وسيطرت عليها.") == {("كفرنبل", "government", "captured")}


@pytest.mark.parametrize("text, winner, other", [
    ("سيطرت قوات النظام على مدينة تدمر بعد اشتباكات مع تنظيم داعش.", "government", "isis"),
    ("وبعد اشتباكات مع قوات النظام، سيطر تنظيم داعش على مدينة تدمر.", "isis", "government"),
])
def test_an_outcome_after_fighting_goes_to_the_subject_only(text, winner, other):
    got = claims(text)
    assert ("تدمر", winner, "captured") in got
    assert ("تدمر", other, "captured") not in got


@pytest.mark.parametrize("text, places, force", [
    ("قصف الطيران بلدتي كفرنبل وسراقب اللتين يسيطر عليهما تنظيم داعش.", ("كفرنبل", "سراقب"), "isis"),
    ("وتقدمت قوات النظام نحو بلدتي مضايا والزبداني اللتين تسيطر عليهما فصائل المعارضة.", ("مضايا", "الزبداني"),
     "fsa_opposition"),
])
def test_a_dual_antecedent_of_a_relative_control_gives_both_members(text, places, force):
    got = claims(text)
    assert all((p, force, "controls") in got for p in places)


@pytest.mark.parametrize("text, place, force", [
    ("أكد المرصد سيطرة مقاتلي المعارضة على بلدة مارع.", "مارع", "fsa_opposition"),
    ("وتأتي سيطرة المقاتلين الأكراد على مدينة منبج بعد أسابيع من المعارك.", "منبج", "sdf"),
    ("فرضت فصائل المعارضة، مدعومة بقوات تركية، سيطرتها على مدينة الباب.", "الباب", "fsa_opposition"),
    ("سيطرة الكتائب المعارضة على بلدة مارع جاءت بعد معارك.", "مارع", "fsa_opposition"),
])
def test_a_masdar_with_a_genitive_force(text, place, force):
    assert (place, force, "captured") in claims(text)


@pytest.mark.parametrize("text", [
    "وأكد المتحدث أن قوات سوريا الديمقراطية يستطيعون دخول مدينة منبج في أي وقت.",
    "قوات النظام قادرة على استعادة مدينة تدمر خلال أيام.",
    "وقال إن بإمكان فصائل المعارضة السيطرة على بلدة كفرنبل.",
    "وقال قائد في قوات سوريا الديمقراطية إن موضوع تحرير مدينة منبج أصبح محسوما.",
    "وناقش وفد فصائل المعارضة ملف السيطرة على مدينة إدلب.",
    "وطرحت قوات النظام فكرة دخول مدينة تدمر دون قتال.",
])
def test_an_ability_or_a_topic_of_talk_is_no_capture(text):
    assert not [c for c in claims(text) if c[2] in ("captured", "controls")]


@pytest.mark.parametrize("text, place, force", [
    ("تمكنت قوات النظام من دخول مدينة تدمر.", "تدمر", "government"),
    ("حررت قوات سوريا الديمقراطية مدينة منبج بعد نقاش طويل في ملف المدينة.", "منبج", "sdf"),
])
def test_a_success_is_still_a_capture(text, place, force):
    assert (place, force, "captured") in claims(text)


@pytest.mark.parametrize("text, defender, attacker", [
    ("وقالت مصادر إن قوات النظام صدت هجوما لعناصر تنظيم داعش على مدينة تدمر.", "government", "isis"),
    ("فصائل المعارضة صدت هجوما شنته قوات النظام على بلدة كفرنبل.", "fsa_opposition", "government"),
])
def test_a_force_one_word_after_an_attack_noun_is_the_attacker_not_the_subject(text, defender, attacker):
    got = claims(text)
    place = "تدمر" if "تدمر" in text else "كفرنبل"
    assert (place, defender, "controls") in got
    assert (place, attacker, "controls") not in got


@pytest.mark.parametrize("text", [
    "وكانت قوات النظام تستخدم المطار منطلقا لقصف مدينة إدلب.",
    "وتتخذ قوات النظام من الحاجز قاعدة لاستهداف بلدة كفرنبل.",
    "ويستخدم تنظيم داعش الجبل منصة لشن هجمات على مدينة تدمر.",
])
def test_a_place_used_as_a_launch_pad_for_attacks_is_no_attack_event(text):
    assert not [c for c in claims(text) if c[2] == "attacked"]


def test_a_direct_shelling_is_still_an_attack():
    assert claims("قصفت قوات النظام مدينة إدلب من المطار.") == {("إدلب", "government", "attacked")}


@pytest.mark.parametrize("text", [
    "وتمكنت فصائل المعارضة من فك الحصار عن مدينة حلب.",
    "ونجحت قوات النظام في كسر الحصار عن بلدة كفرنبل.",
])
def test_breaking_a_siege_is_no_claim_on_the_place(text):
    assert not [c for c in claims(text) if c[2] in ("captured", "controls", "besieged")]


@pytest.mark.parametrize("text, besieger", [
    ("ويعيش سكان بلدتي مضايا والزبداني المحاصرتين من قبل قوات النظام ظروفا صعبة.", "government"),
    ("وتعاني بلدتا مضايا والزبداني المحاصرتان أوضاعا صعبة.", None),
])
def test_a_dual_besieged_antecedent_takes_its_besieger_when_named(text, besieger):
    got = {c for c in claims(text) if c[2] == "besieged"}
    assert got == ({("مضايا", besieger, "besieged"), ("الزبداني", besieger, "besieged")} if besieger else set())
