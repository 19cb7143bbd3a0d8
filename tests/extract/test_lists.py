"""Lists of places in the object of a claim (issue 13): every member gets the first member's force, relation
and date, whatever shape the list takes; members the gazetteer does not know stay in the list (unresolved);
a new verb or a new force opens a new clause. Sentences written for these tests, with invented village names
(زغربيل، كفرتليل، بريصة …) beside real ones. Real gazetteer and force lexicon."""
from __future__ import annotations

from datetime import date

import pytest

from extract.forces import load_lexicon as load_forces
from extract.pipeline import extract_article
from extract.sites import claim_verb_in
from gazetteer import load_gazetteer
from arabic.normalize import normalize
from records.article import Article


@pytest.fixture(scope="module")
def run():
    gaz, forces = load_gazetteer(), load_forces()

    def events(text: str):
        art = Article(id="t", text=text, published=date(2016, 5, 1))
        return extract_article(art, gazetteer=gaz, forces=forces)

    return events


def claimed(evs, force="government", relation="captured"):
    return {e.mention for e in evs if e.force == force and e.relation == relation}


@pytest.mark.parametrize("text, members", [
    # a plural or dual cue head, members with و or ،
    ("سيطرت قوات النظام على قرى كفرنبودة والهبيط وعابدين في ريف حماة.", {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على بلدتي كفرنبودة والهبيط بعد معارك عنيفة.", {"كفرنبودة", "الهبيط"}),
    ("سيطرت قوات النظام على كفرنبودة، الهبيط، عابدين وخان شيخون.", {"كفرنبودة", "الهبيط", "عابدين", "خان شيخون"}),
    ("سيطرت قوات النظام على مدن خان شيخون ومعرة النعمان وسراقب.", {"خان شيخون", "معرة النعمان", "سراقب"}),
    # members that carry their own cue word
    ("سيطرت قوات النظام على قرية كفرنبودة وبلدة الهبيط وتل عابدين.", {"كفرنبودة", "الهبيط"}),
    # after كل من، وهي، التالية:
    ("سيطرت قوات النظام على كل من كفرنبودة والهبيط وعابدين.", {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على عدة قرى وهي كفرنبودة والهبيط وعابدين.", {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على القرى التالية: كفرنبودة، الهبيط، عابدين.", {"كفرنبودة", "الهبيط", "عابدين"}),
    # list joiners, parentheses, ثم
    ("سيطرت قوات النظام على بلدة كفرنبودة إضافة إلى قرية الهبيط فضلا عن عابدين.", {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على قرى (كفرنبودة، الهبيط، عابدين) في ريف حماة.", {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على كفرنبودة ثم الهبيط ثم عابدين.", {"كفرنبودة", "الهبيط", "عابدين"}),
    # numbered members
    ("سيطرت قوات النظام على قرى: 1- كفرنبودة 2- الهبيط 3- عابدين.", {"كفرنبودة", "الهبيط", "عابدين"}),
])
def test_every_member_of_each_list_shape_is_claimed(run, text, members):
    assert members <= claimed(run(text))


@pytest.mark.parametrize("text, members", [
    ("سيطرت قوات النظام على قرى كفرنبودة والهبيط وزغربيل وكفرتليل وعابدين.",
     {"كفرنبودة", "الهبيط", "زغربيل", "كفرتليل", "عابدين"}),
    ("سيطرت قوات النظام على قريتي زغربيل وكفرتليل بعد اشتباكات.", {"زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على تلال بريصة والمشرفة وأم ضهير.", {"بريصة", "المشرفة", "أم ضهير"}),
    ("سيطرت قوات النظام على القرى التالية: زغربيل، كفرتليل، بريصة غرب مدينة منبج.", {"زغربيل", "كفرتليل", "بريصة"}),
    ("سيطرت قوات النظام على قرى زغربيل وكفرتليل وجب الشيخ حسين في ريف حلب.",
     {"زغربيل", "كفرتليل", "جب الشيخ حسين"}),
])
def test_members_the_gazetteer_does_not_know_stay_in_the_list(run, text, members):
    evs = run(text)
    assert members <= claimed(evs)
    assert not {e.mention for e in evs} & {"وهي", "التالية"}


def test_a_list_across_a_line_break_keeps_its_later_members(run):
    evs = run("سيطرت قوات النظام على قرى كفرنبودة والهبيط،\nوعابدين وخان شيخون في ريف إدلب.")
    assert {"كفرنبودة", "الهبيط", "عابدين", "خان شيخون"} <= claimed(evs)


def test_later_members_take_the_first_members_date(run):
    evs = run("في 3 آذار 2016 سيطرت قوات النظام على قرى كفرنبودة والهبيط وزغربيل وعابدين.")
    got = {e.mention: e.date for e in evs if e.relation == "captured"}
    assert got["عابدين"] == got["زغربيل"] == got["كفرنبودة"] == date(2016, 3, 3)


@pytest.mark.parametrize("text, first, later", [
    # a new verb after the list: its places belong to the new clause
    ("سيطرت قوات النظام على قرى كفرنبودة والهبيط، وانسحبت فصائل المعارضة من خان شيخون.",
     {"كفرنبودة", "الهبيط"}, "خان شيخون"),
    ("سيطرت قوات النظام على قرى كفرنبودة والهبيط، فيما قصفت فصائل المعارضة مدينة حماة.",
     {"كفرنبودة", "الهبيط"}, "حماة"),
])
def test_a_new_clause_ends_the_list(run, text, first, later):
    evs = run(text)
    assert first <= claimed(evs)
    assert later not in claimed(evs)


def test_a_place_that_only_locates_the_list_is_not_a_member(run):
    evs = run("سيطرت قوات النظام على قرى زغربيل وكفرتليل قرب مدينة منبج.")
    assert {"زغربيل", "كفرتليل"} <= claimed(evs)
    assert "منبج" not in claimed(evs)


@pytest.mark.parametrize("member, verb", [
    ("كفرنبودة", False), ("جب الشيخ عبيد", False), ("كفرتليل", False),
    ("وسيطرت", True), ("سيطرت", True), ("وانسحبت", True),
])
def test_a_verb_ends_a_list_but_a_name_holding_a_verb_stem_does_not(member, verb):
    assert claim_verb_in(normalize(member)) is verb


@pytest.mark.parametrize("text, members", [
    # the places that locate a member are skipped, not claimed; the next member needs و
    ("سيطرت قوات النظام على قرية كفرنبودة شمال حماة، وبلدة الهبيط جنوب إدلب.", {"كفرنبودة", "الهبيط"}),
    ("سيطرت قوات النظام على كفرنبودة في ريف حماة الشمالي، والهبيط في ريف إدلب الجنوبي.", {"كفرنبودة", "الهبيط"}),
    ("سيطرت قوات النظام على خان شيخون (جنوب إدلب) والهبيط.", {"خان شيخون", "الهبيط"}),
    # words that describe a member
    ("سيطرت قوات النظام على كفرنبودة الشمالية والهبيط وعابدين.", {"كفرنبودة", "الهبيط", "عابدين"}),
    ("سيطرت قوات النظام على مدينة خان شيخون بالكامل وبلدة الهبيط.", {"خان شيخون", "الهبيط"}),
    # a list opener after a counted head, with names the gazetteer does not know
    ("سيطرت قوات النظام على عدة قرى أبرزها زغربيل وكفرتليل وبريصة قرب حماة.", {"زغربيل", "كفرتليل", "بريصة"}),
    ("سيطرت قوات النظام على قرى عدة، وهي كفرتليل وبريصة قرب حماة.", {"كفرتليل", "بريصة"}),
])
def test_members_after_a_locator_or_a_description(run, text, members):
    evs = run(text)
    assert members <= claimed(evs)
    assert not claimed(evs) & {"حماة", "إدلب", "ريف حماة", "ريف إدلب", "عدة", "أبرزها", "وهي"}


@pytest.mark.parametrize("text, later", [
    ("سيطرت قوات النظام على قرية كفرنبودة شمال حماة، وقصفت بلدة الهبيط.", "الهبيط"),
    ("سيطرت قوات النظام على قرية كفرنبودة شمال حماة، وفصائل المعارضة على بلدة الهبيط.", "الهبيط"),
])
def test_after_a_locator_a_new_clause_is_not_the_list(run, text, later):
    evs = run(text)
    assert "كفرنبودة" in claimed(evs) and later not in claimed(evs)


def test_counting_words_are_not_members(run):
    evs = run("سيطرت قوات النظام على قرى زغربيل وكفرتليل وعشرات المزارع قرب مدينة حماة.")
    assert {"زغربيل", "كفرتليل"} <= claimed(evs)
    assert not any("عشرات" in e.mention for e in evs)


@pytest.mark.parametrize("text, members", [
    ("سيطرت قوات النظام على قرى كفرنبودة، والهبيط،\n- عابدين\n- خان شيخون", {"كفرنبودة", "الهبيط", "عابدين", "خان شيخون"}),
    ("سيطرت قوات النظام على القرى التالية:\n- كفرنبودة\n- الهبيط\n- زغربيل وكفرتليل",
     {"كفرنبودة", "الهبيط", "زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على قرية كفرنبودة\nوقرية زغربيل وبلدة الهبيط.", {"كفرنبودة", "زغربيل", "الهبيط"}),
])
def test_a_bulleted_list_across_lines_keeps_every_member(run, text, members):
    assert members <= claimed(run(text))


def test_a_line_after_a_list_is_not_joined_to_it(run):
    evs = run("سيطرت قوات النظام على قرى كفرنبودة والهبيط.\nوقصفت فصائل المعارضة مدينة حماة.")
    assert "حماة" not in claimed(evs)


@pytest.mark.parametrize("text, member", [
    ("سيطرت قوات النظام على بلدة الهبيط إضافة إلى قرية “كفرتليل الصغير”.", "كفرتليل الصغير"),
    ("سيطرت قوات النظام على بلدة الهبيط وقرية «ضهرة عبد ربه».", "ضهرة عبد ربه"),
])
def test_a_quoted_member_with_its_own_cue_is_kept(run, text, member):
    evs = run(text)
    assert {"الهبيط", member} <= claimed(evs)
    assert next(e for e in evs if e.mention == member).status == "unresolved"


def test_a_verb_after_the_list_ends_it(run):
    evs = run("سيطرت قوات النظام على قرى زغربيل وكفرتليل، واقتربت من قرية بريصة جنوب حماة.")
    assert {"زغربيل", "كفرتليل"} <= claimed(evs)
    assert not any(e.mention.startswith("اقتربت") for e in evs)


@pytest.mark.parametrize("text, members, locator", [
    ("سيطرت قوات النظام على قرى كفرنبودة والهبيط غرب مدينة حماة.", {"كفرنبودة", "الهبيط"}, "حماة"),
    ("سيطرت قوات النظام على القرى التالية: زغربيل، كفرتليل، بريصة غرب مدينة منبج.",
     {"زغربيل", "كفرتليل", "بريصة"}, "منبج"),
    ("سيطرت قوات النظام على كل من زغربيل وكفرتليل وبريصة قرب حماة.", {"زغربيل", "كفرتليل", "بريصة"}, "حماة"),
])
def test_a_direction_and_a_cue_after_the_list_locate_it(run, text, members, locator):
    evs = run(text)
    assert members <= claimed(evs)
    assert locator not in claimed(evs)


def test_whoever_is_not_a_list(run):
    evs = run("وقال كل من شارك في المعارك إن قوات النظام سيطرت على مدينة حماة.")
    assert {e.mention for e in evs} == {"حماة"}


def test_a_demonstrative_after_the_list_is_not_a_member(run):
    evs = run("سيطرت قوات النظام على بلدات زغربيل وكفرتليل وبريصة، و ذلك بعد معارك عنيفة قرب حماة.")
    assert {"زغربيل", "كفرتليل", "بريصة"} <= claimed(evs)
    assert not any("ذلك" in e.mention for e in evs)


def test_a_member_right_before_the_trigger_is_kept(run):
    evs = run("سقطت قرى زغربيل وكفرتليل وبريصة بيد قوات النظام قرب حماة.")
    assert {"زغربيل", "كفرتليل", "بريصة"} <= claimed(evs, relation="captured")
    assert not any("بيد" in e.mention for e in evs)


def test_a_counted_head_without_names_opens_no_list(run):
    evs = run("نفذ التحالف ضربات قرب ثلاث مدن وأصاب وحدات تابعة للتنظيم في الرقة.")
    assert not any(e.mention.startswith(("أصاب", "حدات")) for e in evs)


def test_a_line_ending_with_and_runs_on(run):
    evs = run("سيطرت قوات النظام على قرى كفرنبودة والهبيط و\nعابدين في ريف إدلب.")
    assert {"كفرنبودة", "الهبيط", "عابدين"} <= claimed(evs)


def test_a_known_village_after_wa_in_a_list_is_resolved_with_the_lists_cue(run):
    # بريصة is a village's name the scan passes over after و (it reads as a word); the list head is its cue
    evs = run("سيطرت قوات النظام على قرى الهبيط وبريصة قرب خان شيخون.")
    got = {e.mention: e for e in evs if e.relation == "captured"}
    assert got["بريصة"].status == "resolved" and got["بريصة"].lat is not None


def test_a_known_village_after_wa_without_a_list_head(run):
    evs = run("سيطرت قوات النظام على الهبيط وبريصة قرب خان شيخون.")
    assert {"الهبيط", "بريصة"} <= claimed(evs)


def test_a_common_noun_named_like_a_far_village_is_not_a_member(run):
    evs = run("سيطرت قوات النظام على مدينة دوما ومعامل قريبة منها بعد معارك عنيفة.")
    assert claimed(evs) == {"دوما"}
