"""Recall of the claim grammar on general constructions (issue 13, session 4): the masdar of control inside a
reporting clause, sites named after a known town, list shapes, operations and fighting over a list, relative
clauses of control after a list, and a fall with no agent after a list. Sentences written for these tests (real
place names, invented wording), with negatives. Real gazetteer and force lexicon."""
from __future__ import annotations

import pytest

from tests.extract.test_list_shapes import run  # noqa: F401  (the fixture: real gazetteer and forces)


def claims(evs) -> set[tuple[str, str, str]]:
    return {(e.mention, e.force, e.relation) for e in evs}


# 1. the masdar of control, its force in the genitive, inside a reporting or other clause
@pytest.mark.parametrize("text, place, force, relation", [
    ("أكد مصدر ميداني سيطرة مقاتلي المعارضة على بلدة كفرنبل بعد معارك عنيفة.", "كفرنبل", "fsa_opposition", "captured"),
    ("وتظهر مقاطع مصورة سيطرة قوات سوريا الديمقراطية على مدينة الطبقة.", "الطبقة", "sdf", "captured"),
    ("قتل عدد من العناصر، وسيطرة تنظيم داعش على حي الشيخ مقصود.", "الشيخ مقصود", "isis", "captured"),
    ("وفرض مقاتلو المعارضة سيطرتهم على كامل مدينة إدلب.", "إدلب", "fsa_opposition", "captured"),
    ("وتحدث ناشطون عن انسحاب عناصر التنظيم من مدينة الشدادي وبلدة الهول.", "الهول", "isis", "withdrew"),
    ("وأفاد مراسل ميداني بانسحاب قوات النظام من بلدة مورك ومن قرية الهبيط.", "الهبيط", "government", "withdrew"),
    ("انسحب تنظيم داعش من مدينة تدمر، ومن بلدتي القريتين ومهين.", "مهين", "isis", "withdrew"),
    # the masdar left out before a second force and its object (gapping)
    ("وجاء ذلك بعد سيطرة مقاتلي المعارضة على بلدة كفرنبل، ومقاتلي هيئة تحرير الشام على مدينة سراقب.", "سراقب",
     "hts_nusra", "captured"),
    ("وأكد المصدر سيطرة قوات النظام على بلدة مورك، وتنظيم داعش على مدينة تدمر.", "تدمر", "isis", "captured"),
    ("سيطرت قوات النظام على بلدة مورك، والفصائل على بلدتي الهبيط وعابدين.", "عابدين", "fsa_opposition", "captured"),
])
def test_a_masdar_of_control_with_its_force_in_the_genitive(run, text, place, force, relation):
    assert (place, force, relation) in claims(run(text))


@pytest.mark.parametrize("text", [
    "نفى مصدر ميداني سيطرة مقاتلي المعارضة على بلدة كفرنبل.",
    "تحاول قوات النظام فرض سيطرتها على مدينة داريا.",
    "وطالب المجلس المحلي بانسحاب قوات النظام من مدينة حلب.",
])
def test_a_denied_attempted_or_demanded_control_is_no_claim(run, text):
    assert not [e for e in run(text) if e.relation in ("captured", "withdrew")]


# 2. a camp, crossing, base, field or airport named after a known town: placed at that town
@pytest.mark.parametrize("text, force", [
    ("سيطرت قوات النظام على معسكر كفرنبودة بعد اشتباكات.", "government"),
    ("وسيطر تنظيم داعش على منفذ الراعي الحدودي.", "isis"),
    ("سيطرت قوات النظام على معسكر الحامدية جنوب معرة النعمان.", "government"),
    ("سيطرت قوات النظام على بلدة كفرنبودة، ومعسكر الحامدية القريب منها.", "government"),
])
def test_a_site_named_after_a_known_town_is_placed_at_the_town(run, text, force):
    evs = [e for e in run(text) if e.force == force and e.relation == "captured"]
    assert evs and evs[0].lat is not None


def test_a_site_named_after_a_name_many_villages_bear_stays_unplaced_with_no_place_near(run):
    evs = run("سيطرت قوات النظام على معسكر الحامدية.")
    assert all(e.lat is None for e in evs)


def test_a_site_named_after_a_town_under_attack_is_no_capture(run):
    assert not [e for e in run("قصفت الطائرات الحربية معسكر كفرنبودة.") if e.relation == "captured"]


# 3-6. every member of a list gets the claim: list shapes (a direction adverb after each member, two cue nouns,
# an opener then a dual after a comma, an unknown first member), operations and fighting over a list, a relative
# clause of control after a list or a dual, a fall with no agent after a list (the force of the claim just made)
@pytest.mark.parametrize("text, force, relation, members", [
    ("سيطرت قوات النظام على كفرنبودة شرقاً والهبيط شمالاً وعابدين جنوباً.", "government", "captured",
     {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على بلدات وقرى كفرنبودة والهبيط وعابدين.", "government", "captured",
     {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على عدة مناطق، أبرزها بلدة كفرنبودة، وقريتي الهبيط وعابدين.", "government", "captured",
     {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على مناطق جديدة أهمها مدينة خان شيخون، قريتي الهبيط وعابدين.", "government", "captured",
     {"خان شيخون", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على مناطق زغربيل وكفرنبودة والهبيط.", "government", "captured", {"كفرنبودة", "الهبيط"}),
    ("وتمكنت قوات النظام من السيطرة على نقاط عدة منها تلة الحمرا وقريتا الهبيط وعابدين.", "government", "captured",
     {"الهبيط", "عابدين"}),
    ("تواصل قوات النظام عملياتها في قرى كفرنبودة والهبيط وعابدين.", "government", "contested",
     {"كفرنبودة", "الهبيط", "عابدين"}),
    ("وتواصل قوات سوريا الديمقراطية عملياتها العسكرية في قريتي تل حميس وتل براك.", "sdf", "contested",
     {"تل حميس", "تل براك"}),
    ("وتخوض فصائل المعارضة معاركها في حيي جوبر والقابون.", "fsa_opposition", "contested", {"جوبر", "القابون"}),
    ("وتشن قوات النظام عملية عسكرية في بلدتي الهبيط وعابدين.", "government", "contested", {"الهبيط", "عابدين"}),
    ("وبدأت قوات سوريا الديمقراطية عملية عسكرية واسعة في قرى تل حميس وتل براك.", "sdf", "contested",
     {"تل حميس", "تل براك"}),
    ("وتدور معارك بين قوات النظام وفصائل المعارضة في حيي جوبر والقابون.", "government", "contested",
     {"جوبر", "القابون"}),
    ("قصفت الطائرات بلدتي الفوعة وكفريا اللتين يسيطر عليهما النظام.", "government", "controls", {"الفوعة", "كفريا"}),
    ("قصفت المدفعية حيي الشيخ مقصود والأشرفية الخاضعين لسيطرة وحدات حماية الشعب.", "sdf", "controls",
     {"الشيخ مقصود", "الأشرفية"}),
    ("قصف تنظيم داعش بلدات مارع وتل رفعت وأعزاز التي تسيطر عليها فصائل المعارضة.", "fsa_opposition", "controls",
     {"مارع", "تل رفعت", "أعزاز"}),
    ("وقال المصدر إن فصائل المعارضة سيطرت على بلدة مورك. وأضاف أن بلدات الهبيط وعابدين وكفرنبودة سقطت جميعها.",
     "fsa_opposition", "captured", {"الهبيط", "عابدين", "كفرنبودة"}),
    ("سيطر تنظيم داعش على مدينة تدمر، وقال ناشطون إن بلدات القريتين ومهين والسخنة سقطت تباعاً.", "isis", "captured",
     {"القريتين", "مهين", "السخنة"}),
])
def test_every_member_of_a_list_gets_the_claim(run, text, force, relation, members):
    got = {e.mention for e in run(text) if e.force == force and e.relation == relation}
    assert members <= got


# the negatives of 4-6: operations ended, stopped, planned or around a place; a fall with no force to carry or no
# place before it; a list bombed with no word of who holds it
@pytest.mark.parametrize("text, relation", [
    ("أعلنت قوات النظام انتهاء عملياتها في حي جوبر.", "contested"),
    ("وأوقفت قوات سوريا الديمقراطية عملياتها العسكرية في قرية تل حميس.", "contested"),
    ("وتستعد فصائل المعارضة لبدء عملياتها في حي جوبر.", "contested"),
    ("وقالت قوات النظام إن عملياتها في المنطقة مستمرة.", "contested"),
    ("وتواصل قوات النظام عملياتها في محيط مدينة تدمر.", "contested"),
    ("وتهدد تركيا بشن عملية عسكرية في مدينة منبج.", "contested"),
    ("وتستعد قوات النظام لإطلاق عملية عسكرية في بلدة الهبيط.", "contested"),
    ("وتحدثت مصادر عن عملية عسكرية مرتقبة لقوات النظام في بلدة الهبيط.", "contested"),
    ("وتعتزم قوات سوريا الديمقراطية بدء عملية عسكرية واسعة في مدينة الرقة.", "contested"),
    ("قال الناشطون إن بلدات الهبيط وعابدين وكفرنبودة سقطت جميعها.", "captured"),
    ("سقطت قذائف على بلدات الهبيط وعابدين وكفرنبودة.", "captured"),
    ("وسقطت جميع القذائف في بلدة كفرنبودة.", "captured"),
    ("قصفت قوات النظام بلدات الهبيط وعابدين وكفرنبودة التي سقطت جميعها الشهر الماضي.", "captured"),
    ("قصفت طائرات النظام بلدتي الفوعة وكفريا.", "controls"),
    ("وتمكنت قوات النظام من السيطرة على عدد من الأحياء في مدينة تدمر.", "captured"),
])
def test_no_claim_without_its_words(run, text, relation):
    assert not [e for e in run(text) if e.relation == relation]


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على بلدة مورك، وتنظيم داعش على أطراف مدينة تدمر.",
    "سيطرت قوات النظام على بلدة مورك، واعتمد تنظيم داعش على مدينة تدمر.",
    "قصفت قوات النظام بلدة مورك، وتنظيم داعش على مدينة تدمر.",
])
def test_no_gapped_claim_without_a_place_right_after_on_or_a_claim_of_control(run, text):
    assert not [e for e in run(text) if e.force == "isis"]


@pytest.mark.parametrize("text", [
    "انسحبت قوات النظام من بلدة مورك ومن ثم سيطرت على قرية الهبيط.",
    "انسحبت قوات النظام من بلدة مورك ومن محيط قرية الهبيط.",
])
def test_a_from_phrase_that_is_no_second_object_is_not_withdrawn_from(run, text):
    assert ("الهبيط", "government", "withdrew") not in claims(run(text))
