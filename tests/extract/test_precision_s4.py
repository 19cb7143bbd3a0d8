"""Precision of the claim grammar (issue 13, session 4): constructions that name a place or a force without
claiming it. Each class has negatives and the nearby positives that must survive. Sentences written for these
tests (none comes from an evaluation set); real gazetteer and force lexicon."""
from __future__ import annotations

from datetime import date

import pytest

from extract.forces import load_lexicon as load_forces
from extract.pipeline import extract_article
from gazetteer import load_gazetteer
from records.article import Article


@pytest.fixture(scope="module")
def claims():
    gaz, forces = load_gazetteer(), load_forces()

    def run(text: str) -> set[tuple[str, str, str]]:
        evs = extract_article(Article(id="t", text=text, published=date(2017, 3, 1)), gazetteer=gaz, forces=forces)
        return {(e.mention, e.force, e.relation) for e in evs}

    return run


def _places(got):
    return {p for p, _, _ in got}


# 1. places inside a road's name ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على طريق حلب - دمشق الدولي.",
    "سيطرت قوات النظام على أوتوستراد حلب-دمشق بالكامل.",
    "سيطرت فصائل المعارضة على الطريق الدولي حماة - حلب.",
    "سيطرت قوات سوريا الديمقراطية على الطريق السريع الرقة الحسكة.",
    "قطعت فصائل المعارضة طريق الرقة - الحسكة.",
    "تدور اشتباكات عنيفة بين قوات النظام وفصائل المعارضة على أوتوستراد حلب - دمشق.",
    "أعلنت قوات النظام فتح طريق حلب - دمشق الدولي بعد السيطرة عليه.",
    "باتت الطريق بين حماة وحلب تحت سيطرة قوات النظام.",
    "تسيطر قوات النظام على الطريق الذي يربط حلب بدمشق.",
    "وأغلق مقاتلو المعارضة أمس الطريقين الدوليين “دمشق-حلب” و“حماة-حلب”.",
])
def test_a_road_named_by_its_ends_claims_neither_end(claims, text):
    assert not _places(claims(text)) & {"حلب", "دمشق", "دمشق الدولي", "حماة", "الرقة", "الحسكة"}


@pytest.mark.parametrize("text", [
    "فتحت قوات النظام طريق خناصر - أثريا بعد طرد تنظيم داعش منه.",
    "سيطرت قوات النظام على طريق السخنة - تدمر وطردت تنظيم داعش منه.",
])
def test_the_pronoun_after_a_road_is_the_road(claims, text):
    assert not _places(claims(text)) & {"أثريا", "خناصر", "تدمر", "السخنة"}


@pytest.mark.parametrize("text, place", [
    ("سيطرت قوات النظام على مدينة سراقب الواقعة على طريق حلب - دمشق.", "سراقب"),
    ("سيطرت قوات النظام على الطريق الدولي حلب - دمشق، وسيطرت على مدينة سراقب.", "سراقب"),
    ("سيطرت قوات النظام على بلدة خان طومان على طريق حلب دمشق.", "خان طومان"),
])
def test_a_place_on_a_road_is_still_taken(claims, text, place):
    got = claims(text)
    assert (place, "government", "captured") in got
    assert not _places(got) & {"حلب", "دمشق"}


# 2. descriptions of where the object lies --------------------------------------------------------------------

@pytest.mark.parametrize("text, place, other", [
    ("سيطرت قوات النظام على بلدة كفرنبودة الواقعة في محافظة حماة.", "كفرنبودة", "حماة"),
    ("سيطرت قوات النظام على بلدة السخنة على بعد 70 كلم عن مدينة تدمر.", "السخنة", "تدمر"),
    ("سيطرت قوات النظام على بلدة السخنة، على بعد 70 كلم شرق مدينة تدمر.", "السخنة", "تدمر"),
    ("سيطرت قوات النظام على قرية الهبيط على تخوم مدينة إدلب.", "الهبيط", "إدلب"),
    ("سيطرت قوات النظام على قرية الهبيط بالقرب من مدينة خان شيخون.", "الهبيط", "خان شيخون"),
    ("دخلت قوات النظام بلدة الهبيط الواقعة على تخوم مدينة خان شيخون.", "الهبيط", "خان شيخون"),
    ("قرية الهبيط الواقعة على بعد 10 كم من مدينة خان شيخون، التي سيطرت عليها قوات النظام أمس.", "الهبيط",
     "خان شيخون"),
])
def test_the_place_that_locates_the_object_is_not_taken(claims, text, place, other):
    got = claims(text)
    assert (place, "government", "captured") in got
    assert other not in _places(got)


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على قرى على بعد كيلومترات من مدينة سراقب.",
    "باتت قوات النظام على بعد 5 كم من مدينة سراقب.",
    "وصلت قوات النظام إلى مسافة 5 كم من مدينة سراقب.",
])
def test_a_place_a_distance_away_is_not_reached(claims, text):
    assert "سراقب" not in _places(claims(text))


def test_a_list_goes_on_past_a_distance_phrase(claims):
    got = claims("سيطرت قوات النظام على بلدة مورك على بعد 10 كم من مدينة خان شيخون وقرية الهبيط.")
    assert {("مورك", "government", "captured"), ("الهبيط", "government", "captured")} <= got
    assert "خان شيخون" not in _places(got)


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على ثلاث قرى بمحور سراقب.",
    "سيطرت قوات النظام على قرى على محور خان شيخون.",
    "تقدمت قوات النظام على محور مورك وتمكنت من السيطرة عليه.",
    "اندلعت اشتباكات على محور مورك، وسيطرت قوات النظام عليها بعد ساعات.",
    "شنت قوات النظام هجوما على محور سراقب، وتمكنت من السيطرة عليه.",
])
def test_an_axis_is_a_direction_not_a_place_taken(claims, text):
    got = claims(text)
    assert not [c for c in got if c[2] == "captured"]
    assert "بمحور" not in _places(got)


@pytest.mark.parametrize("text, place, force", [
    ("شنت قوات النظام هجوما على بلدة السخنة على بعد 70 كلم من تدمر، وسيطرت عليها.", "السخنة", "government"),
    ("هاجمت فصائل المعارضة بلدة مورك الواقعة في ريف حماة الشمالي، وتمكنت من السيطرة عليها.", "مورك",
     "fsa_opposition"),
])
def test_a_pronoun_stands_for_the_place_not_for_what_locates_it(claims, text, place, force):
    got = claims(text)
    assert (place, force, "captured") in got
    assert not [c for c in got if c[0] != place and c[2] == "captured"]


def test_a_place_on_an_axis_is_taken(claims):
    assert ("مورك", "government", "captured") in claims("سيطرت قوات النظام على بلدة مورك على محور خان شيخون.")


# 3. words of time that are village names ---------------------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("سيطرت قوات النظام على تدمر وبحلول المساء كانت قد سيطرت على السخنة.", "السخنة"),
    ("سيطرت قوات النظام على بلدة مورك، وبحلول المساء سيطرت على قرية الهبيط.", "الهبيط"),
    ("دخلت قوات النظام مدينة تدمر وبحلول المساء سيطرت على السخنة.", "تدمر"),
])
def test_by_the_time_of_is_no_place(claims, text, place):
    got = claims(text)
    assert (place, "government", "captured") in got
    assert "حلول" not in _places(got)


def test_the_village_named_after_a_cue_is_still_a_place(claims):
    assert ("حلول", "government", "captured") in claims("سيطرت قوات النظام على قرية حلول.")


def test_about_to_is_no_place(claims):
    assert "صدد" not in _places(claims("قالت مصادر إن قوات النظام بصدد السيطرة على مدينة تدمر."))


# 4. where a withdrawal went ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "انسحبت فصائل المعارضة نحو بلدة سراقب.",
    "انسحبت قوات النظام إلى مدينة حماة.",
    "انسحبت قوات النظام باتجاه مدينة حماة.",
    "انسحب المسلحون باتجاه البادية وهي مناطق السخنة، القريتين، حميمة.",
    "انسحب عناصر تنظيم داعش إلى مناطق سيطرتهم في الميادين والبوكمال.",
])
def test_the_destination_of_a_withdrawal_is_not_withdrawn_from(claims, text):
    assert not [c for c in claims(text) if c[2] == "withdrew"]


@pytest.mark.parametrize("text, place, force, other", [
    ("انسحبت قوات النظام من بلدة مورك نحو مدينة حماة.", "مورك", "government", "حماة"),
    ("انسحب مسلحو تنظيم داعش من مدينة تدمر باتجاه ريف دير الزور وهي الميادين والبوكمال.", "تدمر", "isis",
     "الميادين"),
    ("انسحب تنظيم داعش من مدينة تدمر، متجها نحو مدينة السخنة.", "تدمر", "isis", "السخنة"),
])
def test_the_place_left_is_withdrawn_from(claims, text, place, force, other):
    got = claims(text)
    assert (place, force, "withdrew") in got
    assert (other, force, "withdrew") not in got


def test_about_so_many_percent_is_no_destination(claims):
    got = claims("ويسيطر تنظيم داعش على نحو ثلاثين في المئة من مدينة الرقة.")
    assert ("الرقة", "isis", "contested") in got


# 5. the besieged named inside the place's description --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "قصفت قوات النظام الأحياء الخاضعة لسيطرة فصائل المعارضة في مدينة دوما المحاصرة.",
    "قصفت قوات النظام البلدات الواقعة تحت سيطرة فصائل المعارضة في الغوطة الشرقية المحاصرة.",
])
def test_the_force_inside_the_besieged_place_does_not_besiege(claims, text):
    assert not [c for c in claims(text) if c[1] == "fsa_opposition" and c[2] == "besieged"]


@pytest.mark.parametrize("text", [
    "تعيش مدينة دوما المحاصرة من قبل قوات النظام أوضاعا صعبة.",
    "حاصرت قوات النظام مدينة دوما.",
])
def test_a_named_besieger_besieges(claims, text):
    assert ("دوما", "government", "besieged") in claims(text)


# 6. a force as the possessor of the object -------------------------------------------------------------------

@pytest.mark.parametrize("text, taker, owner", [
    ("سيطرت قوات النظام على مواقع تنظيم داعش في محيط تدمر.", "government", "isis"),
    ("سيطرت قوات سوريا الديمقراطية على بلدة الشدادي، التي تضم أكبر قواعد تنظيم داعش.", "sdf", "isis"),
    ("سيطرت فصائل المعارضة على مطار أبو الظهور، أحد أكبر قواعد قوات النظام في المنطقة.", "fsa_opposition",
     "government"),
    ("سيطرت فصائل المعارضة على مقرات قوات النظام في بلدة مورك.", "fsa_opposition", "government"),
    ("هاجمت فصائل المعارضة مواقع قوات النظام في بلدة مورك.", "fsa_opposition", "government"),
])
def test_the_owner_of_the_object_never_takes_it(claims, text, taker, owner):
    got = claims(text)
    assert not [c for c in got if c[1] == owner and c[2] in ("captured", "attacked")]
    assert not [c for c in got if c[1] != taker and c[2] == "captured"]


def test_a_former_stronghold_was_lost_by_its_owner(claims):
    got = claims("سيطرت قوات سوريا الديمقراطية على بلدة الشدادي التي كانت من أهم معاقل تنظيم داعش.")
    assert {("الشدادي", "sdf", "captured"), ("الشدادي", "isis", "lost")} <= got


# 7. a control that has ended ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, place, force", [
    ("كانت قوات النظام تسيطر على مدينة تدمر من قبل.", "تدمر", "government"),
    ("وكانت فصائل المعارضة تسيطر على سراقب سابقا.", "سراقب", "fsa_opposition"),
    ("كان تنظيم داعش يسيطر على مدينة منبج في السابق.", "منبج", "isis"),
    ("يذكر أن قوات النظام كانت تسيطر على بلدة مورك حتى عام 2015.", "مورك", "government"),
    ("كانت قوات النظام تسيطر سابقا على بلدة مورك.", "مورك", "government"),
])
def test_a_past_control_is_no_present_control(claims, text, place, force):
    got = claims(text)
    assert (place, force, "controls") not in got and (place, force, "captured") not in got


def test_a_past_control_ended_by_a_named_taker(claims):
    got = claims("كانت قوات النظام تسيطر على مدينة تدمر قبل أن يستعيدها تنظيم داعش.")
    assert ("تدمر", "isis", "captured") in got
    assert ("تدمر", "government", "controls") not in got


@pytest.mark.parametrize("text, place, force, relation", [
    ("وما زالت قوات النظام تسيطر على بلدة مورك حتى الآن.", "مورك", "government", "controls"),
    ("وكانت فصائل المعارضة قد سيطرت على مدينة سراقب.", "سراقب", "fsa_opposition", "captured"),
])
def test_a_control_that_goes_on_or_a_past_capture_stays(claims, text, place, force, relation):
    assert (place, force, relation) in claims(text)


# 8. parts of a city or a province ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("سيطرت قوات النظام على مناطق وسط مدينة حلب.", "حلب"),
    ("تمكنت قوات النظام من السيطرة على مناطق وسط مدينة حلب.", "حلب"),
    ("سيطرت قوات النظام على مدن وبلدات في محافظة درعا.", "درعا"),
    ("سيطرت قوات سوريا الديمقراطية على مدن وبلدات في ريف الرقة.", "الرقة"),
    ("سيطرت قوات النظام على مدن وبلدات محافظة درعا.", "درعا"),
    ("سيطرت قوات النظام على أغلب قرى وبلدات محافظة القنيطرة.", "القنيطرة"),
    ("سيطرت فصائل المعارضة على أجزاء وسط مدينة سراقب.", "سراقب"),
])
def test_areas_inside_a_place_are_not_the_place(claims, text, place):
    assert not [c for c in claims(text) if c[0] == place and c[2] in ("captured", "controls")]


def test_the_whole_city_next_to_its_parts_is_taken(claims):
    got = claims("سيطرت قوات النظام على مدينة حلب وأحياء وسط حمص.")
    assert ("حلب", "government", "captured") in got
    assert "وسط" not in _places(got)


# 9. a unit that moves, in an attack ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, force, place", [
    ("استهدفت طائرات التحالف رتلا لتنظيم داعش المنسحب من مدينة الرقة.", "isis", "الرقة"),
    ("استهدف الطيران رتلا لقوات النظام المنسحب من مدينة تدمر.", "government", "تدمر"),
    ("استهدف طيران التحالف عناصر من تنظيم داعش فروا من مدينة الرقة.", "isis", "الرقة"),
])
def test_a_convoy_withdrawing_is_struck_not_its_town(claims, text, force, place):
    got = claims(text)
    assert (place, force, "withdrew") in got
    assert not [c for c in got if c[0] == place and c[2] == "attacked"]


def test_a_convoy_heading_to_a_town_does_not_attack_it(claims):
    got = claims("استهدفت فصائل المعارضة رتلا لقوات النظام المتجه إلى مدينة سراقب.")
    assert not [c for c in got if c[0] == "سراقب"]


def test_a_bus_of_fighters_who_left_a_town_is_struck_not_the_town(claims):
    got = claims("استهدفت قوات النظام حافلة تقل مقاتلين من المعارضة خرجوا من مدينة دوما.")
    assert not [c for c in got if c[0] == "دوما" and c[2] == "attacked"]


def test_a_strike_on_a_town_is_still_an_attack(claims):
    assert ("تدمر", "government", "attacked") in claims("قصفت قوات النظام مدينة تدمر.")
