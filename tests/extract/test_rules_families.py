"""Second round of claim families, each with sentences written for these tests and a negative.

Uses the small fake place finder of test_rules.py, so only the grammar is under test.
"""
from __future__ import annotations

import pytest

from arabic.text import NormalizedText
from extract.pipeline import _one_sense_per_article
from gazetteer.model import Candidate, Mention, Place
from tests.extract.test_rules import PLACES, claims


def test_holding_verb_takes_its_object_with_bi():
    assert claims("وتحتفظ القوات الحكومية بمدينة إدلب وبلدة كفرنبل رغم الهجمات.") == {
        ("إدلب", "government", "controls"), ("كفرنبل", "government", "controls")}
    assert claims("قوات سوريا الديمقراطية تحتفظ بالطبقة منذ عامين.") == {("الطبقة", "sdf", "controls")}


def test_holding_verb_without_a_place_object_claims_nothing():
    # the object of تحتفظ is a right, not a place; a hypothetical attack is no attack
    assert claims("تحتفظ القوات الحكومية بحق الرد على أي هجوم في إدلب.") == set()


def test_masdar_with_genitive_force_and_pronoun_object():
    assert claims("عاد الهدوء إلى مدينة سراقب بعد سيطرة قوات النظام عليها بالكامل.") == {
        ("سراقب", "government", "captured")}


def test_duration_of_a_former_rule_is_a_loss():
    assert claims("دخلت قوات النظام مدينة تدمر بعد عامين من سيطرة تنظيم داعش عليها.") == {
        ("تدمر", "government", "captured"), ("تدمر", "isis", "lost")}


def test_relative_clause_with_the_loser_after_min():
    assert claims("تقدمت قوات النظام من بلدة السخنة، التي استعادتها من تنظيم داعش الشهر الماضي.") == {
        ("السخنة", "government", "captured"), ("السخنة", "isis", "lost")}


def test_support_is_not_the_loser():
    assert claims("استعادت قوات النظام مدينة تدمر بدعم من الطيران الروسي.") == {("تدمر", "government", "captured")}


@pytest.mark.parametrize("text, place", [
    ("شن الطيران الحربي التابع للنظام غارات على مدينة سراقب.", "سراقب"),
    ("قصفت المدفعية الموالية للنظام بلدة كفرنبل.", "كفرنبل"),
])
def test_force_named_through_a_loyalty_marker(text, place):
    assert claims(text) == {(place, "government", "attacked")}


def test_loyalty_marker_without_a_claim():
    assert claims("زار وفد تابع للنظام مدينة الباب لبحث ملف الخدمات.") == set()


def test_partial_object_is_a_contest_not_a_capture():
    assert claims("سيطرت فصائل المعارضة على أجزاء من مدينة الباب.") == {("الباب", "fsa_opposition", "contested")}
    assert claims("سيطرت فصائل المعارضة على كامل مدينة الباب.") == {("الباب", "fsa_opposition", "captured")}


def test_inability_to_take_a_place_is_no_capture():
    assert claims("تدور اشتباكات بين قوات النظام وداعش في مدينة السخنة دون أن يتمكن أي طرف من السيطرة عليها.") == {
        ("السخنة", "government", "contested"), ("السخنة", "isis", "contested")}


def test_passive_liberation_with_an_agent():
    assert claims("تحررت مدينة الموصل على يد القوات العراقية.") == {("الموصل", "iraq_gov", "captured")}


def test_passive_liberation_takes_the_previous_subject():
    text = "واصلت قوات سوريا الديمقراطية تقدمها في الريف. وقال القائد إن مدينة الطبقة تحررت بالكامل."
    assert claims(text) == {("الطبقة", "sdf", "captured")}


def test_passive_liberation_without_any_actor_claims_nothing():
    assert claims("قال الأهالي إن مدينة الطبقة تحررت.") == set()


def test_object_pronoun_on_the_verb_points_back():
    assert claims("وصلت قوات النظام إلى أطراف مدينة الباب ثم اقتحمتها فجر اليوم.") == {
        ("الباب", "government", "captured")}
    assert claims("وصلت قوات النظام إلى مقر البلدية ثم اقتحمته.") == set()


def test_late_subject_after_a_copula_and_an_adjective():
    assert claims("وبعد السيطرة على كفرنبل يكون الإسلاميون المسلحون قد اقتربوا من إدلب.") == {
        ("كفرنبل", "fsa_opposition", "captured")}


def _mention(text: str, name: str, start: int) -> Mention:
    lat, lon, kind = PLACES[name]
    place = Place(f"fake:{name}", name, name, lat, lon, kind)
    return Mention(start, start + len(name), name, "resolved", (Candidate(place, 0.9),), cue="مدينة", confidence=0.9)


def test_a_place_recognised_once_is_the_same_place_later_in_the_article():
    text = "سيطرت قوات النظام على مدينة تدمر. وانسحب مقاتلو داعش من تد\u00adمر وبتدمر وتدمري."
    first = _mention(text, "تدمر", text.index("تدمر"))
    out = _one_sense_per_article(NormalizedText.of(text), [first])
    assert out[0] == first and len(out) == 3  # تدمر (with a soft hyphen) and بتدمر, not the adjective تدمري
    assert [m.surface for m in out] == ["تدمر", "تد\u00adمر", "تدمر"]
    assert all(text[m.start:m.end] == m.surface and m.place is not None for m in out)


def test_list_head_after_a_relative_clause_naming_the_former_holder():
    text = "وسيطرت قوات العشائر على عدد من القرى التي كانت تابعة لقسد وآخرها بلدتا مارع وسراقب."
    assert claims(text) == {("مارع", "other", "captured"), ("سراقب", "other", "captured")}


def test_villages_held_by_a_force_do_not_make_it_an_actor():
    # "التابعة لقسد" says who held the villages; it is no loyalty marker of an armed unit
    assert claims("قصفت قوات النظام القرى التابعة لقسد قرب منبج.") == {("منبج", "government", "attacked")}


def test_the_latter_is_the_last_force_named_not_the_coordination():
    text = "تدور اشتباكات بين قوات النظام وفصائل المعارضة في مارع، وقد تمكنت الأخيرة من السيطرة على بلدة سراقب."
    assert ("سراقب", "fsa_opposition", "captured") in claims(text)
    assert ("سراقب", "government", "captured") not in claims(text)


def test_a_second_ala_object_after_a_partial_one_is_taken_whole():
    text = "وسيطرت قوات النظام على أجزاء واسعة من البلدة وعلى بلدة القريتين."
    assert claims(text) == {("القريتين", "government", "captured")}


def test_relative_clause_belongs_to_the_noun_right_before_it():
    # the antecedent of التي is المناطق, not the town named earlier
    text = "وصل تنظيم داعش إلى الرقة، واتخذها مركزا لإدارة المناطق التي يسيطر عليها."
    assert ("الرقة", "isis", "controls") not in claims(text)
    assert claims("وصل الوفد إلى السخنة التي يسيطر عليها الجيش السوري.") == {("السخنة", "government", "controls")}


def test_a_date_in_someone_elses_relative_clause_does_not_date_the_claim():
    from datetime import date

    from records.article import Article
    from extract.pipeline import extract_article
    from tests.extract.test_rules import GAZ, LEX

    text = "وتتواصل الاشتباكات بين فصائل المعارضة وقوات النظام قرب بلدة مارع، التي سيطرت عليها الفصائل في أيار الماضي."
    events = extract_article(Article("t", text, published=date(2016, 8, 13)), gazetteer=GAZ, forces=LEX)
    dated = {(e.force, e.relation): e.date for e in events}
    assert dated[("fsa_opposition", "captured")] == date(2016, 5, 1)
    assert dated[("government", "contested")] == date(2016, 8, 13)


def test_stronghold_in_apposition_to_a_capture_names_the_former_holder():
    text = "سيطر تنظيم داعش على مدينة تدمر، آخر معاقل قوات النظام في البادية."
    assert claims(text) == {("تدمر", "isis", "captured"), ("تدمر", "government", "lost")}
    # without a capture in the sentence the stronghold phrase states who holds the place
    assert claims("تعد مدينة تدمر آخر معاقل قوات النظام في البادية.") == {("تدمر", "government", "controls")}


def test_a_storming_that_succeeded_is_a_capture():
    assert claims("وتمكن مقاتلو داعش بعد أيام من الهجمات من اقتحام مدينة الطبقة.") == {("الطبقة", "isis", "captured")}
    assert claims("ولم يتمكن مقاتلو داعش من اقتحام مدينة الطبقة.") == set()


def test_a_pronoun_for_areas_near_a_town_is_not_the_town():
    text = "انسحبت قوات النظام من قرى بريف مدينة حلب، كانت قد سيطرت عليها صباح اليوم."
    assert ("حلب", "government", "captured") not in claims(text)


def test_relative_pronoun_takes_the_place_right_before_it():
    text = "وصل الجيش الحر إلى قرية مارع الواقعة شمال شرق سراقب التي حررها الجيش الحر قبل يومين."
    assert claims(text) == {("سراقب", "fsa_opposition", "captured")}


def test_possessive_masdar_takes_the_sentence_subject_over_a_governed_coordination():
    text = ("تواصل قوات النظام تقدمها وانتزاع مواقع من العصابات الإرهابية وفصائل المعارضة، "
            "وذلك بعد سيطرتها على بلدة كفرنبل.")
    assert claims(text) == {("كفرنبل", "government", "captured")}


@pytest.mark.parametrize("text, force", [
    ("شن الطيران الحربي الروسي غارات على مدينة سراقب.", "russia"),
    ("قصف طيران النظام مدينة سراقب بالبراميل.", "government"),
    ("شنت طائرات التحالف غارات على مدينة الرقة.", "coalition"),
])
def test_air_forces_are_named_by_their_aircraft(text, force):
    place = next(n for n in PLACES if n in text)
    assert claims(text) == {(place, force, "attacked")}


def _with_cue(name: str, cue: str, text: str) -> Mention:
    lat, lon, kind = PLACES[name]
    place = Place(f"fake:{name}", name, name, lat, lon, kind)
    start = text.index(name)
    return Mention(start, start + len(name), name, "resolved", (Candidate(place, 0.9),), cue=cue, confidence=0.9)


class _CueGazetteer:
    """Finds only the first occurrence of each name, with its cue word, as the real scan does for a cue."""

    def __init__(self, *names: tuple[str, str]) -> None:
        self.names = names

    def scan(self, nt: NormalizedText) -> list[Mention]:
        return [_with_cue(name, cue, nt.original) for name, cue in self.names]


def _events(text: str, gaz) -> set[tuple[str, str, str, str]]:
    from records.article import Article
    from extract.pipeline import extract_article
    from tests.extract.test_rules import LEX

    return {(e.mention, e.place_ar, e.force, e.relation) for e in extract_article(Article("t", text), gazetteer=gaz,
                                                                                     forces=LEX)}


def test_a_definite_noun_points_back_to_the_place_named_with_that_cue():
    text = "استعادت قوات النظام اليوم مدينة تدمر بعد معارك عنيفة. وكان تنظيم داعش قد سيطر على المدينة قبل عام."
    events = _events(text, _CueGazetteer(("تدمر", "مدينة")))
    assert ("المدينة", "تدمر", "isis", "captured") in events
    assert ("تدمر", "تدمر", "government", "captured") in events


def test_a_definite_noun_with_another_cue_points_nowhere():
    text = "استعادت قوات النظام اليوم مدينة تدمر بعد معارك عنيفة. وكان تنظيم داعش قد سيطر على المطار قبل عام."
    events = _events(text, _CueGazetteer(("تدمر", "مدينة")))
    assert {e[2] for e in events} == {"government"}


# --- lead: since-dates on states, and broken sieges -------------------------------------------------------

def _lead_events(text: str, published: str = "2017-10-20"):
    from datetime import date

    from extract.forces import load_lexicon
    from records.article import Article
    from extract.pipeline import extract_article
    from gazetteer import load_gazetteer

    art = Article(id="t", text=text, published=date.fromisoformat(published))
    return extract_article(art, gazetteer=load_gazetteer(), forces=load_lexicon())


def test_a_state_with_since_is_dated_from_then():
    evs = _lead_events("وكانت مدينة الرقة خاضعة لسيطرة تنظيم داعش منذ مطلع عام 2014، قبل أن تخسرها.")
    held = [e for e in evs if e.relation == "controls" and e.force == "isis"]
    assert held and held[0].date.year == 2014 and held[0].date_precision == "year"


def test_a_state_without_since_keeps_the_publication_date():
    evs = _lead_events("وتبقى مدينة الرقة خاضعة لسيطرة تنظيم داعش في الوقت الراهن.")
    held = [e for e in evs if e.relation == "controls" and e.force == "isis"]
    assert held and str(held[0].date) == "2017-10-20"


def test_breaking_a_siege_does_not_make_the_breaker_a_besieger():
    evs = _lead_events("وكسرت قوات النظام أمس حصار مدينة دير الزور بعد معارك عنيفة.")
    assert not [e for e in evs if e.relation == "besieged" and e.force == "government"]
    evs = _lead_events("وتحاصر قوات النظام مدينة دوما منذ أشهر.")
    assert [e for e in evs if e.relation == "besieged" and e.force == "government"]
