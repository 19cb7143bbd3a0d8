"""More shapes of place lists (issue 13): adjectives and the region between a plural head and its opener,
members followed by a direction adverb, one member a line after a colon, a list ended by a verb of two words,
and words after a list that are not places (قريبة من، فيما). Sentences written for these tests, with invented
village names (زغربيل، كفرتليل) beside real ones. Real gazetteer and force lexicon."""
from __future__ import annotations

from datetime import date

import pytest

from extract.forces import load_lexicon as load_forces
from extract.pipeline import extract_article
from gazetteer import load_gazetteer
from records.article import Article


@pytest.fixture(scope="module")
def run():
    gaz, forces = load_gazetteer(), load_forces()

    def events(text: str):
        return extract_article(Article(id="t", text=text, published=date(2016, 5, 1)), gazetteer=gaz, forces=forces)

    return events


def claimed(evs, force="government", relation="captured"):
    return {e.mention for e in evs if e.force == force and e.relation == relation}


@pytest.mark.parametrize("text, members", [
    # a count, adjectives and a region between the head and its opener
    ("سيطرت قوات النظام على أربع قرى حدودية في ريف حماة الشمالي، وهي: كفرنبودة، الهبيط، عابدين، وكفرزيتا.",
     {"كفرنبودة", "الهبيط", "عابدين", "كفرزيتا"}),
    ("سيطرت قوات النظام على ثلاث قرى في ريف حماة الشمالي هي: زغربيل وكفرتليل وعابدين.",
     {"زغربيل", "كفرتليل", "عابدين"}),
    ("استعادت قوات النظام خمس قرى جديدة بريف حماة، أبرزها زغربيل، كفرتليل، وعابدين.",
     {"زغربيل", "كفرتليل", "عابدين"}),
    # a direction adverb after each member
    ("سيطرت قوات النظام على قرى زغربيل شرقاً وكفرتليل غرباً وعابدين جنوباً.", {"زغربيل", "كفرتليل", "عابدين"}),
    ("سيطرت قوات النظام على كفرنبودة شمالاً والهبيط جنوباً.", {"كفرنبودة", "الهبيط"}),
    # one member a line after a colon
    ("سيطرت قوات النظام على القرى التالية:\nكفرنبودة\nالهبيط\nعابدين\nكفرزيتا\nخان شيخون",
     {"كفرنبودة", "الهبيط", "عابدين", "كفرزيتا", "خان شيخون"}),
    # quoted lists
    ('سيطرت قوات النظام على قرى "زغربيل وكفرتليل وعابدين" في ريف حماة.', {"زغربيل", "كفرتليل", "عابدين"}),
    ("سيطرت قوات النظام على بلدات «زغربيل» و«كفرتليل» شمال حماة.", {"زغربيل", "كفرتليل"}),
    ("سيطرت قوات النظام على قرى (زغربيل، كفرتليل، عابدين) بمحيط خان شيخون.", {"زغربيل", "كفرتليل", "عابدين"}),
])
def test_members_of_the_list_are_claimed(run, text, members):
    assert members <= claimed(run(text))


@pytest.mark.parametrize("text, members", [
    ("وقال المرصد إن بلدات زغربيل وكفرتليل وعابدين سقطت بيد قوات النظام.", {"زغربيل", "كفرتليل", "عابدين"}),
    ("وقال المرصد إن قريتي زغربيل وكفرتليل باتت تحت سيطرة قوات النظام.", {"زغربيل", "كفرتليل"}),
])
def test_a_verb_after_the_list_is_not_a_member(run, text, members):
    mentions = {e.mention for e in run(text)}
    assert members <= mentions and not any("سقطت" in m or "باتت" in m for m in mentions)


@pytest.mark.parametrize("text, wrong", [
    ("سيطرت قوات النظام على مزارع قريبة من خان شيخون.", {"قريبة", "خان شيخون"}),
    ("سيطرت قوات النظام على قرى مجاورة لخان شيخون.", {"مجاورة", "خان شيخون"}),
    ("سيطرت قوات النظام على قرى جديدة بعد معارك.", {"جديدة"}),
    ("سيطرت قوات النظام على قرى حدودية مع تركيا.", {"حدودية", "تركيا"}),
    ("سيطرت قوات النظام على قرى كفرنبودة والهبيط، فيما انسحبت الفصائل نحو إدلب.", {"فيما", "إدلب"}),
    ("سيطرت قوات النظام على قرية زغربيل غرباً.", {"زغربيل غربا", "زغربيل غرباً"}),
    # the place of a later clause is not a member; a weak opener needs ، / و or a colon; وسط is no member
    ("سيطرت قوات النظام على قرى جديدة وقصفت مورك.", {"مورك"}),
    ("سيطرت قوات النظام على مزارع قريبة منها الأعنف في المنطقة.", {"الأعنف"}),
    ("سيطرت قوات النظام على قرى زغربيل وكفرتليل وسط اشتباكات.", {"سط", "اشتباكات"}),
])
def test_words_around_a_list_are_not_claimed_places(run, text, wrong):
    assert not wrong & claimed(run(text))


@pytest.mark.parametrize("text", [
    "قال المصدر: إن قوات النظام سيطرت على كفرنبودة حماة.",  # a colon far before: no line list
    "حلب:\nسيطرت قوات النظام على كفرنبودة.",
])
def test_a_colon_without_a_line_list_adds_no_member(run, text):
    assert claimed(run(text)) == {"كفرنبودة"}


def test_a_neighbourhood_takes_the_city_named_in_the_headline(run):
    evs = run("قوات النظام تتقدم في حلب\nوسيطرت قوات النظام اليوم على حي الزغربيل بعد اشتباكات.")
    ev = next(e for e in evs if e.mention == "الزغربيل")
    assert ev.status == "approximate" and ev.relation == "captured"


@pytest.mark.parametrize("text, members", [
    ('وقال المرصد إن بلدات "زغربيل وكفرتليل وعابدين" سقطت بيد قوات النظام في ريف حماة.',
     {"زغربيل", "كفرتليل", "عابدين"}),
    ("وقال المرصد إن قرى «زغربيل» و«كفرتليل» سقطت بيد قوات النظام شمال حماة.", {"زغربيل", "كفرتليل"}),
])
def test_a_quoted_list_before_its_verb(run, text, members):
    assert members <= claimed(run(text))


@pytest.mark.parametrize("text, members, wrong", [
    ("سيطرت فصائل المعارضة على قرى (زغربيل على محور ناحية جنديرس غرب عفرين، وقريتي كفرتليل وبريصة على محور "
     "ناحية راجو شمال عفرين، وقرية عابدين على محور شران).", {"زغربيل", "كفرتليل", "بريصة", "عابدين"},
     {"جنديرس", "عفرين", "راجو", "شران"}),
    ("سيطرت فصائل المعارضة على قرية زغربيل على محور جنديرس، وقرية كفرتليل شمال عفرين.", {"زغربيل", "كفرتليل"},
     {"جنديرس", "عفرين"}),
    # a new verb and force after the axis: not a member
    ("سيطرت فصائل المعارضة على قرية زغربيل على محور جنديرس، وقصفت قوات النظام كفرتليل.", {"زغربيل"},
     {"كفرتليل", "جنديرس"}),
])
def test_a_member_after_the_axis_that_locates_the_one_before(run, text, members, wrong):
    got = claimed(run(text), force="fsa_opposition")
    assert members <= got and not wrong & got


@pytest.mark.parametrize("text, members, wrong", [
    # a member that is only a cue word (المزرعة) is skipped, the list goes on after it
    ("سيطرت القوات السورية على بلدات زغربيل و كفرتليل و المزرعة و الشقيفة و الكرمة، و ذلك بعد اشتباكات.",
     {"زغربيل", "كفرتليل", "الشقيفة", "الكرمة"}, {"المزرعة"}),
    ("سيطرت القوات السورية على بلدات زغربيل، والمزرعة، وكفرتليل بعد اشتباكات.", {"زغربيل", "كفرتليل"}, {"المزرعة"}),
    # but the area around the list, or a new clause after the cue word, is not a member
    ("سيطرت قوات النظام على قرى زغربيل وكفرتليل والمنطقة المحيطة بها.", {"زغربيل", "كفرتليل"}, {"المحيطة"}),
    ("سيطرت قوات النظام على قرى زغربيل وكفرتليل والمدينة، وقصفت مورك.", {"زغربيل", "كفرتليل"}, {"مورك", "وقصفت"}),
])
def test_a_bare_cue_word_in_a_list(run, text, members, wrong):
    got = claimed(run(text))
    assert members <= got and not wrong & got
