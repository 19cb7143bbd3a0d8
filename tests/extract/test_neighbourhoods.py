"""Neighbourhoods placed at their city, lists of every shape and length, spelling variants of list members
looked up only near the list, and named sites holding a known place (issue 13). Sentences written for these
tests, with invented names (زغربيل، كفرتليل، شميلة …) beside real places. Real gazetteer and force lexicon."""
from __future__ import annotations

import pytest

from arabic.normalize import normalize
from extract.members import variants
from extract.sites import claim_verb_in
from tests.extract.test_lists import run  # noqa: F401  (the shared fixture: real gazetteer and forces)


def by_mention(evs, relation="captured"):
    return {e.mention: e for e in evs if e.relation == relation}


# -- 1. neighbourhoods ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, members, city", [
    ("سيطرت قوات النظام على أحياء زغربيل وكفرتليل وشميلة في مدينة حلب.", {"زغربيل", "كفرتليل", "شميلة"}, "حلب"),
    ("سيطرت قوات سوريا الديمقراطية على حيي زغربيل وكفرتليل في الجهة الغربية لمدينة الرقة.",
     {"زغربيل", "كفرتليل"}, "الرقة"),
    ("سيطرت القوات العراقية على حي زغربيل غربي مدينة الموصل.", {"زغربيل"}, "الموصل"),
    ("سيطرت قوات النظام على أحياء زغربيل وكفرتليل بمدينة حمص.", {"زغربيل", "كفرتليل"}, "حمص"),
    ("سيطرت قوات النظام على عدة أحياء في مدينة حلب، أبرزها زغربيل وكفرتليل.", {"زغربيل", "كفرتليل"}, "حلب"),
    ("وفي مدينة الرقة، سيطرت قوات سوريا الديمقراطية على حي زغربيل وحي كفرتليل.", {"زغربيل", "كفرتليل"}, "الرقة"),
    ("سيطر الجيش العراقي على أحياء زغربيل وكفرتليل في الجانب الأيسر من مدينة الموصل.",
     {"زغربيل", "كفرتليل"}, "الموصل"),
    # the city further on in the sentence, when the text puts the list in it
    ("سيطرت قوات النظام على أحياء زغربيل وكفرتليل بعد معارك عنيفة في مدينة حمص.", {"زغربيل", "كفرتليل"}, "حمص"),
    ("تتواصل المعارك في مدينة حمص.\nوسيطرت قوات النظام على أحياء زغربيل وكفرتليل بعد معارك مع الفصائل قرب حماة.",
     {"زغربيل", "كفرتليل"}, "حمص"),
    ("تتواصل المعارك في مدينة حمص.\nوسيطرت قوات النظام على أحياء زغربيل وكفرتليل بعد انسحاب الفصائل إلى مدينة حماة.",
     {"زغربيل", "كفرتليل"}, "حمص"),
    # no city after the list: the city the article is about, named before
    ("تتواصل المعارك داخل مدينة حمص منذ أيام.\nوسيطرت قوات النظام على أحياء زغربيل وكفرتليل.",
     {"زغربيل", "كفرتليل"}, "حمص"),
])
def test_unknown_neighbourhoods_are_placed_at_their_city(run, text, members, city):
    got = by_mention(run(text))
    assert members <= set(got)
    for name in members:
        assert got[name].status == "approximate" and got[name].anchor_ar == city and got[name].lat is not None


@pytest.mark.parametrize("text", [
    "وقال مراسلنا إن قوات النظام انسحبت من معظم أحياء مدينة حمص، وأن العشرات من عناصرها ما زالوا في المشفى.",
    "وأكد المرصد أن التنظيم لا يزال يسيطر على نصف أحياء دير الزور، وإن المعارك تدور قرب المطار.",
    "سيطرت الفصائل على أحياء زغربيل وكفرتليل في مدينة حلب، لكن المعارك لم تتوقف.",
])
def test_a_clause_after_a_neighbourhood_list_is_no_member(run, text):
    # "، وأن …"، "، وإن …"، "، لكن …": a new clause, not one more quarter of the list
    names = {e.mention for e in run(text)}
    assert not names & {"أن", "إن", "لكن", "العشرات"}, names


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على قرى زغربيل وكفرتليل وبضع مزارع قريبة منها.",
    "انسحبت الفصائل من بلدات زغربيل وشميلة، موضحا أن المعارك مستمرة في المنطقة.",
    "سيطرت قوات النظام على قرى زغربيل وشميلة وغيرهما في ريف حماة.",
    "سيطرت قوات النظام على قريتي زغربيل وشميلة ونقاط عسكرية قريبة، مشيرا إلى مقتل عناصر آخرين.",
])
def test_words_after_a_list_that_are_no_places(run, text):
    # a quantity (بضع، غيرهما)، a reporting participle (موضحا، مشيرا) or a common noun (نقاط) is never a member
    names = {e.mention.removeprefix("و") for e in run(text)}
    assert "زغربيل" in names
    assert not names & {"بضع", "موضحا", "غيرهما", "نقاط", "مشيرا", "آخرين"}, names


def test_a_village_named_like_a_neighbourhood_far_from_the_city_is_not_it(run):
    # الزهراء is also a town some 20 km north-west of Aleppo: in a list of Aleppo's quarters it is the quarter
    got = by_mention(run("سيطرت قوات النظام على أحياء الزهراء وزغربيل في مدينة حلب."))
    assert got["الزهراء"].status == "approximate" and got["الزهراء"].anchor_ar == "حلب"


def test_a_neighbourhood_the_gazetteer_knows_near_its_city_stays_resolved(run):
    got = by_mention(run("تتواصل المعارك في مدينة حمص.\nوسيطرت قوات النظام على أحياء القرابيص وجورة الشياح."))
    assert got["القرابيص"].status == "resolved" and got["جورة الشياح"].status == "resolved"


def test_neighbourhoods_in_a_countryside_are_not_put_in_a_city(run):
    evs = run("سيطرت فصائل المعارضة على مدينة حماة أمس.\nوسيطرت قوات النظام على أحياء زغربيل وكفرتليل في ريف إدلب.")
    assert all(e.anchor_ar != "حماة" for e in evs if e.mention in {"زغربيل", "كفرتليل"})


def test_neighbourhoods_with_no_city_anywhere_stay_unresolved(run):
    got = by_mention(run("سيطرت قوات النظام على أحياء زغربيل وكفرتليل بعد معارك مع فصائل المعارضة قرب الحدود."))
    assert got["زغربيل"].status == "unresolved" and got["زغربيل"].lat is None


def test_a_named_site_after_a_neighbourhood_is_not_a_neighbourhood(run):
    got = by_mention(run("سيطرت قوات النظام داخل مدينة حلب على حي زغربيل والمدينة الصناعية في الشيخ نجار."))
    assert got["زغربيل"].anchor_ar == "حلب"
    assert got["المدينة الصناعية في الشيخ نجار"].status == "resolved"


def test_a_neighbourhood_list_without_a_claim_makes_no_event(run):
    evs = run("قصفت طائرات حربية أحياء زغربيل وكفرتليل في مدينة حلب دون تقدم على الأرض.")
    assert not any(e.relation in ("captured", "controls") for e in evs)


# -- 2. list shapes ---------------------------------------------------------------------------------------------

UNKNOWN = ["زغربيل", "كفرتليل", "شميلة", "دقيرة", "عرعورة", "تليلين", "نعيمات", "كراجين", "حويشة", "سليمين",
           "عويجات", "جبيلين", "قطينات", "حمامين", "مريمات", "بريقة", "زعيترة", "خويلدة", "رميلين", "ضبيعة",
           "سكيرين", "فحيلة"]


def test_a_list_of_more_than_twenty_members_keeps_every_member(run):
    text = "سيطرت قوات النظام على قرى " + "، ".join(UNKNOWN[:-1]) + " و" + UNKNOWN[-1] + " في ريف حماة."
    assert set(UNKNOWN) <= set(by_mention(run(text)))


@pytest.mark.parametrize("text, members", [
    ("سيطرت قوات النظام على عدة قرى في ريف حماة الشمالي، أبرزها زغربيل وكفرتليل وشميلة.",
     {"زغربيل", "كفرتليل", "شميلة"}),
    ("سيطرت قوات النظام على قرى عدة في ريف حماة، من بينها زغربيل وكفرتليل.", {"زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على خمس قرى في ريف حماة، منها زغربيل وكفرتليل.", {"زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على قرى (زغربيل، كفرتليل، شميلة) في ريف حماة.", {"زغربيل", "كفرتليل", "شميلة"}),
    ("سيطرت قوات النظام على بلدات \"زغربيل وكفرتليل\" في ريف حماة.", {"زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على عدد من البلدات، أبرزها بلدات زغربيل وكفرتليل، قريتي شميلة وعين دقيرة.",
     {"زغربيل", "كفرتليل", "شميلة", "عين دقيرة"}),
    ("سيطرت فصائل المعارضة على منطقتي زغربيل وكفرتليل جنوب حلب.", {"زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على ثلاث قرى في ريف حماة وهي: زغربيل وكفرتليل وشميلة.", {"زغربيل", "كفرتليل", "شميلة"}),
    ("سيطرت قوات النظام على عدة قرى في ريف حماة الشمالي الغربي قرب خطوط التماس، أبرزها: زغربيل وكفرتليل.",
     {"زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على أحياء زغربيل والفرقان وكفرتليل في مدينة حلب.", {"زغربيل", "الفرقان", "كفرتليل"}),
])
def test_lists_after_openers_in_brackets_with_nested_or_dual_heads(run, text, members):
    got = by_mention(run(text))
    assert members <= set(got)
    assert not set(got) & {"عدة", "أبرزها", "منها", "بينها", "ريف حماة", "حماة", "حلب"}


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على قرى في ريف حماة بعد انسحاب التنظيم منها باتجاه الرقة.",
    "سيطرت قوات النظام على مدينة حماة، وهي المرة الأولى منذ سنوات.",
    "سيطرت قوات النظام على مدن عدة. منها ما سقط دون قتال.",
    "وقال المصدر إن المعارك قرب حماة هي: الأعنف منذ أشهر.",
    "سيطرت قوات النظام على ثلاث قرى قرب حماة، منها اثنتان في ريف إدلب.",
    "سيطرت قوات النظام على قرى زغربيل وكفرتليل قرب حماة، وهي تابعة لناحية صوران.",
])
def test_a_pronoun_or_a_far_opener_opens_no_list(run, text):
    mentions = {e.mention for e in run(text)}
    assert not mentions & {"باتجاه", "المرة", "المرة الأولى", "ما", "سقط", "ما سقط", "الأعنف", "الأعنف منذ أشهر",
                           "اثنتان", "تابعة"}


@pytest.mark.parametrize("member, verb", [("الفرقان", False), ("الفردوس", False), ("الفرار", True)])
def test_an_article_before_a_two_letter_verb_stem_makes_a_name(member, verb):
    assert claim_verb_in(normalize(member)) is verb


# -- 3. spelling variants, only near the list -------------------------------------------------------------------

def test_variants_of_a_name():
    got = variants(normalize("الحزارين"))
    assert normalize("حزارين") in got
    assert normalize("كفر باسين") in variants(normalize("كفرباسين"))
    assert normalize("كفرباسين") in variants(normalize("كفر باسين"))
    assert normalize("تل مجدل") in variants(normalize("تل المجدل"))
    assert normalize("جديد عكيدات") in variants(normalize("جديدة عكيدات"))


def test_variants_are_found_near_the_lists_other_places(run):
    got = by_mention(run("سيطرت قوات النظام على قرى الحزارين والرويحة وكفر باسين قرب معرة النعمان."))
    for name in ("الحزارين", "الرويحة", "كفر باسين"):
        assert got[name].status == "resolved" and got[name].lat is not None


def test_a_variant_is_not_taken_across_the_country(run):
    got = by_mention(run("سيطرت قوات النظام على قرى الحزارين والرويحة قرب مدينة الحسكة."))
    assert got["الحزارين"].status == "unresolved" and got["الرويحة"].status == "unresolved"


def test_a_variant_needs_a_place_in_its_own_sentence(run):
    evs = run("تدور معارك قرب معرة النعمان.\nوسيطرت قوات سوريا الديمقراطية على قرية الحزارين قرب الحسكة.")
    assert by_mention(evs)["الحزارين"].status == "unresolved"


def test_a_variant_after_a_cue_word_outside_a_list(run):
    got = by_mention(run("سيطرت وحدات حماية الشعب على قرية تل المجدل جنوب مدينة الحسكة."), "captured")
    assert got["تل المجدل"].status == "resolved" and got["تل المجدل"].place_ar == "تل مجدل"


# -- 4. named sites that hold a known place ---------------------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("سيطرت فصائل المعارضة على مخيم حندرات شمال حلب.", "حندرات"),
    ("سيطرت قوات النظام على مطار كويرس العسكري شرق حلب.", "كويرس"),
    ("سيطرت قوات سوريا الديمقراطية على سد البعث غرب الطبقة.", "البعث"),
    ("سيطر تنظيم الدولة على حقل منبج.", "منبج"),
    ("سيطرت القوات العراقية على منفذ القائم الحدودي.", "القائم"),
    ("سيطر تنظيم الدولة على حقل زغربيل النفطي جنوب مدينة دير الزور.", "زغربيل"),
])
def test_a_named_site_comes_out_located(run, text, place):
    evs = [e for e in run(text) if e.relation == "captured"]
    assert evs and all(e.lat is not None and e.status in ("resolved", "approximate") for e in evs)
    assert any(place in e.mention for e in evs)


def test_a_one_word_member_may_be_one_word_of_a_two_word_name_near_the_list(run):
    got = by_mention(run("سيطرت وحدات حماية الشعب على قرى سيران وزغربيل قرب مدينة الحسكة."))
    assert got["سيران"].status == "resolved" and got["سيران"].place_ar == "رجم سيران"


def test_a_one_word_member_is_not_matched_to_a_far_two_word_name(run):
    got = by_mention(run("سيطرت وحدات حماية الشعب على قرى سيران وزغربيل قرب مدينة حلب."))
    assert got["سيران"].status == "unresolved"


def test_a_later_member_read_from_its_last_word_far_away_is_the_whole_name(run):
    # حيش alone is a village near Khan Shaykhun, 400 km from Hasakah: نزل حيش is another village
    got = by_mention(run("سيطرت وحدات حماية الشعب على قرى زغربيل ونزل حيش وكفرتليل قرب مدينة الحسكة."))
    assert "حيش" not in got and got["نزل حيش"].status == "unresolved"


def test_a_two_word_member_with_nothing_located_near_it_is_left_to_the_gazetteer(run):
    got = by_mention(run("سيطرت وحدات حماية الشعب على قرى زغربيل ونزل حيش وكفرتليل."))
    assert got["حيش"].status == "resolved"


def test_a_far_member_after_a_cue_word_is_kept(run):
    # "وريف الرقة": a cue word before the name, not a name's first word
    got = by_mention(run("سيطرت قوات النظام على قرى كفرنبودة والهبيط ومدينة الرقة."))
    assert got["الرقة"].status == "resolved"


def test_a_village_member_hundreds_of_km_from_the_list_is_a_namesake(run):
    # the only جبيلة the gazetteer knows is near Deir ez-Zor; this list is of villages near Khan Shaykhun
    got = by_mention(run("سيطرت قوات النظام على قرى كفرنبودة والهبيط وجبيلة وعابدين."))
    assert got["جبيلة"].status == "unresolved" and got["الهبيط"].status == "resolved"


def test_towns_far_apart_in_one_list_are_kept(run):
    got = by_mention(run("سيطرت قوات النظام على بلدات السخنة وتدمر والقريتين."))
    assert all(got[n].status == "resolved" for n in ("السخنة", "تدمر", "القريتين"))


UNKNOWN_SITES = ("سد زغربيل غرب", "مطار زغربيل العسكري جنوب", "منفذ زغربيل الحدودي غرب", "مخيم زغربيل شرق")


def test_an_unknown_named_site_is_placed_at_the_place_after_it(run):
    for site in UNKNOWN_SITES:
        evs = [e for e in run(f"سيطرت القوات العراقية على {site} الموصل.") if e.relation == "captured"]
        assert len(evs) == 1 and evs[0].status == "approximate" and evs[0].anchor_ar == "الموصل", site
        assert "زغربيل" in evs[0].mention


def test_a_dam_named_in_a_phrase_without_a_claim_is_no_event(run):
    assert not [e for e in run("زار وفد حكومي سد زغربيل غرب الموصل أمس.") if e.relation == "captured"]


def test_a_member_the_gazetteer_leaves_ambiguous_far_away_takes_a_name_near_the_list(run):
    # the only خالد is a village on the Turkish border; near Abu Qalqal there is خربة خالد
    got = by_mention(run("سيطرت وحدات حماية الشعب على قرى زغربيل وخالد قرب ناحية أبو قلقل."))
    assert got["خالد"].status == "resolved" and got["خالد"].place_ar == "خربة خالد"
    got = by_mention(run("سيطرت وحدات حماية الشعب على قرى زغربيل وخالد قرب مدينة حمص."))
    assert got["خالد"].lat is None


def _members(text: str) -> list[str]:
    """The list members ``list_members`` adds to the gazetteer's mentions of ``text``."""
    from arabic.text import NormalizedText
    from extract.sites import list_members
    from gazetteer import load_gazetteer
    nt = NormalizedText.of(text)
    found = load_gazetteer().scan(nt)
    return [m.surface for m in list_members(text, nt.normalized, nt.offsets, found)]


def test_after_a_colon_each_line_is_one_member():
    got = _members("سيطرت قوات النظام قرب حماة على القرى التالية:\nزغربيل\nكفرتليل\nشميلة")
    assert got == ["زغربيل", "كفرتليل", "شميلة"]


def test_a_line_of_prose_after_a_list_of_lines_is_no_member():
    got = _members("سيطرت قوات النظام قرب حماة على القرى التالية:\nزغربيل\nشميلة\nوقال المرصد إن المعارك مستمرة.")
    assert got == ["زغربيل", "شميلة"]


def test_without_a_colon_lines_do_not_make_a_list():
    got = _members("سيطرت قوات النظام على قرى زغربيل وشميلة قرب حماة\nوقال المرصد إن المعارك مستمرة.")
    assert not any("قال" in m or "المرصد" in m for m in got)


def test_a_member_the_scan_passes_over_is_located_by_the_place_after_the_list(run):
    # القصابية and حميرات are village names that also read as words: the list and خان شيخون back them
    for name in ("القصابية", "حميرات"):
        got = by_mention(run(f"سيطرت قوات النظام على قرى زغربيل و{name} قرب خان شيخون."))
        assert got[name].status == "resolved" and got[name].lat is not None
    got = by_mention(run("سيطرت قوات النظام على قرى زغربيل وحميرات قرب الحسكة."))
    assert got["حميرات"].lat is None
