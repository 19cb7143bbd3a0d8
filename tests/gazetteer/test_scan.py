"""One-pass scanning: word boundaries, clitics, cue words, longest match, stop words, offsets."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st


def names(mentions, status=None):
    return [m.surface for m in mentions if status is None or m.status == status]


def test_offsets_index_the_original_text_and_cover_the_name_only(gaz):
    text = "وقصفت الطائرات وبالرَّقَّة مواقع، ثم دخلت القوات مدينة السخنة."
    ms = gaz.scan(text)
    for m in ms:
        assert text[m.start:m.end] == m.surface
    by_surface = {m.surface: m for m in ms}
    assert "الرَّقَّة" in by_surface  # the clitic و ب is not part of the span
    assert by_surface["السخنة"].cue == "مدينة"
    assert by_surface["الرَّقَّة"].place.name_en == "Ar Raqqah"


@pytest.mark.parametrize("text", ["توجهت القوات للرقة", "وللرقة أهمية", "عادوا فالرقة قريبة", "كالرقة تماما"])
def test_clitics_in_running_text(gaz, text):
    ms = [m for m in gaz.scan(text) if m.status == "resolved"]
    assert [m.place.id for m in ms] == ["gn:172955"], ms


def test_word_boundaries_are_respected(toy):
    assert toy.scan("كلمة الفاصلة ليست مكانا") == []       # الفا inside a longer word
    assert names(toy.scan("وصلوا إلى الفا أمس")) == ["الفا"]


def test_longest_match_wins(toy):
    ms = toy.scan("سيطروا على دلتا الجديدة صباحا")
    assert names(ms) == ["دلتا الجديدة"] and ms[0].place.id == "delta-new"


def test_longest_match_wins_on_real_data(gaz):
    ms = gaz.scan("سيطرت القوات على منطقة عدرا العمالية")
    assert names(ms) == ["عدرا العمالية"] and ms[0].cue == "منطقة"


def test_cue_word_is_recognised_and_not_part_of_the_name(toy):
    ms = toy.scan("اقتحموا مخيم الزيتون")
    assert names(ms) == ["الزيتون"] and ms[0].cue == "مخيم" and ms[0].place.id == "camp"


def test_pair_after_a_dual_cue_shares_the_cue(gaz):
    ms = gaz.scan("سيطرت القوات على مدينتي الرقة والطبقة")
    assert [(m.surface, m.cue) for m in ms] == [("الرقة", "مدينتي"), ("الطبقة", "مدينتي")]
    assert ms[1].place.name_en == "Al-Tabqa"


@pytest.mark.parametrize("text", [
    "قالت سلمى إن الوضع صعب",                 # a woman's name
    "في شهر أيار الماضي",                       # month that is also a village
    "أعلن الجيش الحر عن هجوم",                  # common words
    "تحدث الشيخ عن الهدنة",
    "هذه خطة جديدة للمفاوضات",
    "وقال إن ورقة التفاوض في لبنان",           # ورقة = و + رقة, لبنان = ل + بنان
])
def test_everyday_words_are_not_places(toy, gaz, text):
    assert toy.scan(text) == []
    assert gaz.scan(text) == []


def test_stop_word_name_counts_after_a_cue_word(toy):
    ms = toy.scan("سيطروا على بلدة سلمى في الريف")
    assert [(m.surface, m.status, m.cue) for m in ms] == [("سلمى", "resolved", "بلدة")]
    assert [m.surface for m in toy.scan("هاجموا قرية أيار")] == ["أيار"]


def test_unknown_name_after_a_cue_word_is_unresolved(toy):
    text = "سيطر التنظيم على قرية زنبقستان الصغيرة وعلى بلدة عين زعفران"
    ms = toy.scan(text)
    assert [(m.surface, m.status) for m in ms] == [("زنبقستان", "unresolved"), ("عين زعفران", "unresolved")]
    assert ms[0].cue == "قرية" and ms[0].place is None and text[ms[0].start:ms[0].end] == "زنبقستان"


def test_adjective_after_a_cue_word_is_not_a_place(toy):
    assert toy.scan("دخلوا بلدة استراتيجية ثم قرية صغيرة") == []


def test_other_places_in_the_text_choose_the_namesake(toy):
    near_alpha = toy.scan("قصفت الطائرات الفا ثم قرية بيتا")
    near_gamma = toy.scan("قصفت الطائرات غاما ثم قرية بيتا")
    pick = lambda ms: next(m for m in ms if m.surface == "بيتا")
    assert pick(near_alpha).place.id == "beta-near"
    assert pick(near_gamma).place.id == "beta-far"


def test_relative_cue_chooses_the_namesake(toy):
    ms = toy.scan("تقدمت القوات نحو قرية بيتا الواقعة شرق غاما، بينما قصفت الطائرات الفا مرات عدة والفا مجددا")
    assert next(m for m in ms if m.surface == "بيتا").place.id == "beta-far"


def test_relative_cue_on_real_data(gaz):
    ms = gaz.scan("حاول التنظيم الوصول إلى منطقة التنف شرق حمص")
    tanf = next(m for m in ms if m.surface == "التنف")
    assert tanf.status == "resolved" and tanf.place.admin1 == "Homs"


def test_empty_and_placeless_text(gaz):
    assert gaz.scan("") == []
    assert gaz.scan("لا شيء هنا سوى كلام عادي") == []


def test_generic_first_word_makes_another_name(toy):
    ms = toy.scan("قصفت الطائرات تل دلتا أمس")
    assert [(m.surface, m.status) for m in ms] == [("تل دلتا", "unresolved")]
    assert [(m.surface, m.status) for m in toy.scan("قصفت الطائرات مدينة دلتا")] == [("دلتا", "resolved")]
    ms = toy.scan("سيطروا على قرية تل دلتا")
    assert [(m.surface, m.status, m.cue) for m in ms] == [("تل دلتا", "unresolved", "قرية")]


def test_named_side_of_the_anchor_chooses_the_namesake():
    from gazetteer import Gazetteer
    from gazetteer.index import build_index
    from tests.gazetteer.conftest import P

    places = [P("hub", "المحور", 35.0, 38.0, "town", population=30_000),
              P("north", "الوادي", 35.05, 38.0, "village"), P("south", "الوادي", 34.95, 38.0, "village")]
    gaz = Gazetteer(build_index(places))
    pick = lambda text: next(m for m in gaz.scan(text) if m.surface == "الوادي").place.id
    assert pick("تقدموا نحو قرية الوادي شمال المحور") == "north"
    assert pick("تقدموا نحو قرية الوادي الواقعة جنوب المحور") == "south"


def test_small_town_far_from_a_coherent_article_abstains():
    from gazetteer import Gazetteer
    from gazetteer.index import build_index
    from tests.gazetteer.conftest import P

    places = [P("a", "زيتونستان", 36.0, 37.0, "city", population=500_000), P("b", "رمانستان", 36.1, 37.1),
              P("c", "تفاحستان", 35.9, 37.2), P("far", "بعيدستان", 33.0, 41.0, population=20_000)]
    gaz = Gazetteer(build_index(places))
    alone = gaz.scan("وصلت القوات إلى بعيدستان")
    assert alone[0].status == "resolved"
    crowded = gaz.scan("قصفت الطائرات زيتونستان ورمانستان وتفاحستان ثم بعيدستان")
    assert [m.status for m in crowded[:3]] == ["resolved"] * 3
    far = next(m for m in crowded if m.surface == "بعيدستان")
    assert far.status == "ambiguous" and "far from every other place in the text" in far.candidates[0].why


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = ["الفا", "بيتا", "دلتا", "الجديدة", "قرية", "مدينة", "تل", "شرق", "و", "لل", "ب", "سلمى", "كلمة", "مخيم",
          "الزيتون", "غاما", "\u064e", "\u0640", "\u200f", "ﻻ", "،", ".", "\n", "  "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.sampled_from(["", " ", "و"]))
def test_scan_never_breaks_offsets(toy, words, glue):
    text = glue.join(words) if glue == "و" else " ".join(words)
    for m in toy.scan(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert m.status in ("resolved", "ambiguous", "unresolved")
        assert (m.place is not None) == (m.status == "resolved")


def test_explicit_governorate_chooses_the_namesake(toy):
    ms = toy.scan("سيطر التنظيم على قرية بيتا في محافظة الفا")
    beta = next(m for m in ms if m.surface == "بيتا")
    gov = next(m for m in ms if m.surface == "الفا")
    assert gov.place.kind == "governorate" and gov.cue == "محافظة"
    assert beta.status == "resolved" and beta.place.id == "beta-near"


def test_countryside_cue_chooses_the_namesake(toy):
    ms = toy.scan("قصفت الطائرات قرية بيتا في ريف غاما الجنوبي")
    assert next(m for m in ms if m.surface == "بيتا").place.id == "beta-far"


def test_the_places_of_a_name_are_kept_per_name_and_cue_and_cannot_be_changed(gaz):
    # a scan asks for a name's places once per name ranked: kept per (name, cue), as a tuple
    from arabic.normalize import normalize

    dam, plain = gaz._places(normalize("الفرات"), normalize("سد")), gaz._places(normalize("الفرات"), None)
    assert isinstance(dam, tuple) and dam is gaz._places(normalize("الفرات"), normalize("سد"))
    assert [p.kind for p in dam] == ["dam"] and "dam" not in [p.kind for p in plain]
    assert list(dam) == gaz._find_places(normalize("الفرات"), normalize("سد"))


@given(st.text(alphabet=st.sampled_from(list("ابتةيx9_é،.«»-–…\u06af\u00b7\u2022\u066a\u0640 ") + ["\U0001f600"]),
               max_size=40))
def test_words_only_maps_exactly_the_non_word_characters_to_spaces(text):
    # the fast path (the usual punctuation replaced, the exact regex only for an unusual character left)
    # equals the plain definition: every character but a word character or a space becomes a space
    import re

    from gazetteer.index import _words_only

    assert _words_only(text) == " " + re.sub(r"[^\w ]|_", " ", text) + " "


def test_a_form_that_is_only_a_stop_word_is_outside_the_automaton_but_still_blocks(gaz):
    # the scan never meets ورقة (paper) at all; an imported name's shorter reading still sees it (form_entry)
    from arabic.normalize import normalize

    form = " " + normalize("ورقة") + " "
    assert gaz.index.automaton.get(form, None) is None
    entry = gaz.index.form_entry(form)
    assert entry is not None and entry[1][0] == normalize("ورقة") and not entry[1][2]
    assert gaz.scan("كتب على ورقة بيضاء") == []


def test_make_mention_is_the_dataclass_value():
    # the scan builds mentions without the frozen dataclass's per-field __setattr__: the same value in every way
    import dataclasses
    import pickle

    from gazetteer.model import Candidate, Mention, Place, make_mention

    cand = Candidate(Place("p", "س", "x", 36.0, 37.0, "town"), 0.7, ("why",))
    args = (3, 9, "حلب", "resolved", (cand,), "مدينة", 0.7, 3, 8)
    made, plain = make_mention(*args), Mention(*args)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert vars(made) == vars(plain) and list(vars(made)) == list(vars(plain))
    assert pickle.loads(pickle.dumps(made)) == plain and made.place is cand.place
    try:
        made.start = 0  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a made mention must stay frozen")
