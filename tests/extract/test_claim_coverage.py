"""Claim coverage and relation/force accuracy of the grammar on how news writes control claims (issue 13, round 2).

Every sentence here was written for these tests (none comes from an evaluation set). Each pattern has a positive
case and, where the pattern could over-fire, a negative one. Real gazetteer and force lexicon."""
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
        art = Article(id="t", text=text, published=date(2016, 5, 1))
        return {(e.mention, e.force, e.relation) for e in extract_article(art, gazetteer=gaz, forces=forces)}

    return events


# --- states of control: nominal and adjectival -------------------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("أصبحت بلدة خان شيخون في قبضة قوات النظام بعد أسبوع من المعارك.", ("خان شيخون", "government", "controls")),
    ("ومدينة جرابلس في يد فصائل درع الفرات منذ الصيف الماضي.", ("جرابلس", "turkey_backed", "controls")),
    ("وباتت بلدة تل رفعت بيد الوحدات الكردية.", ("تل رفعت", "sdf", "controls")),
    ("وما زالت مدينة الباب خاضعة لسيطرة تنظيم داعش.", ("الباب", "isis", "controls")),
    ("قصفت المدفعية مدينة سراقب التي يسيطر عليها مقاتلو المعارضة.", ("سراقب", "fsa_opposition", "controls")),
])
def test_a_state_of_control_is_controls(run, text, claim):
    assert claim in run(text)


# --- taking: purging, evacuating, reaching -----------------------------------------------------------------

def test_purging_a_town_is_taking_it(run):
    assert ("عقيربات", "government", "captured") in run("طهرت وحدات الجيش بلدة عقيربات من بقايا المسلحين.")


def test_a_planned_purge_is_no_claim(run):
    assert run("تستعد قوات النظام لتطهير بلدة مورك من المسلحين.") == set()


def test_evacuating_a_town_is_withdrawing(run):
    assert run("أخلت فصائل المعارضة بلدة مضايا فجر اليوم.") == {("مضايا", "fsa_opposition", "withdrew")}


def test_a_denied_evacuation_is_no_claim(run):
    assert run("نفت فصائل المعارضة أن تكون قد أخلت بلدة مورك.") == set()


def test_reaching_the_centre_of_a_town_is_taking_it(run):
    assert ("دير الزور", "government", "captured") in run("وصلت قوات النظام إلى وسط مدينة دير الزور مساء الأحد.")


@pytest.mark.parametrize("text", [
    "وصلت قوات النظام إلى أطراف مدينة دير الزور مساء الأحد.",
    "وصل وفد من قوات النظام إلى مدينة درعا للتفاوض.",
    "وصلت تعزيزات عسكرية لقوات النظام إلى مدينة حماة.",
])
def test_reaching_the_edge_or_sending_someone_is_not_taking(run, text):
    assert not [c for c in run(text) if c[2] == "captured"]


# --- siege and contest -------------------------------------------------------------------------------------

def test_encircling_is_besieging(run):
    assert run("طوقت القوات العراقية مدينة الفلوجة من ثلاث جهات.") == {("الفلوجة", "iraq_gov", "besieged")}


def test_a_negated_encirclement_is_no_claim(run):
    assert run("لم تطوق قوات النظام مدينة دوما بعد.") == set()


@pytest.mark.parametrize("text", [
    "تدور معارك عنيفة في مدينة الباب بين فصائل المعارضة وتنظيم داعش.",
    "اشتباكات متقطعة في محيط مدينة الباب بين فصائل المعارضة وتنظيم داعش.",
])
def test_fighting_in_a_place_between_two_sides_contests_it(run, text):
    assert run(text) == {("الباب", "fsa_opposition", "contested"), ("الباب", "isis", "contested")}


# --- attacks by unnamed aircraft ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, force", [
    ("استهدف الطيران الحربي بلدة كفرنبل بعدة غارات.", "government"),
    ("شنت طائرات حربية غارات على مدينة معرة النعمان.", "government"),
    ("قصفت طائرات حربية روسية مدينة سراقب.", "russia"),
])
def test_unnamed_warplanes_are_the_government_unless_named(run, text, force):
    assert {c[1:] for c in run(text)} == {(force, "attacked")}


# --- which force: reported speech, support, the other side -------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("وذكر المرصد السوري لحقوق الإنسان أن تنظيم داعش سيطر على مدينة تدمر.", ("تدمر", "isis", "captured")),
    ("وذكرت مصادر محلية أن تركيا سيطرت على مدينة تل أبيض.", ("تل أبيض", "turkey_backed", "captured")),
    ("قالت وكالة سانا إن وحدات الجيش سيطرت على بلدة مورك.", ("مورك", "government", "captured")),
])
def test_a_reported_claim_is_the_actor_s_after_that(run, text, claim):
    assert claim in run(text)


def test_a_plan_after_that_is_still_no_claim(run):
    assert run("وتسعى قوات النظام إلى أن تتمكن من السيطرة على مدينة دوما.") == set()


@pytest.mark.parametrize("text", [
    "سيطرت فصائل المعارضة المدعومة من تركيا على مدينة الباب.",
    "سيطرت الفصائل المدعومة تركيا على بلدة الراعي.",
])
def test_factions_backed_by_turkey_are_turkey_backed(run, text):
    assert {c[1:] for c in run(text)} == {("turkey_backed", "captured")}


def test_the_free_army_is_not_the_army(run):
    assert run("دخلت قوات الجيش السوري الحر مدينة جرابلس.") == {("جرابلس", "fsa_opposition", "captured")}


# --- places only mentioned -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("حلب - قالت مصادر محلية إن قوات النظام سيطرت على بلدة خان طومان.", "حلب"),
    ("سيطرت قوات النظام على بلدة خان طومان جنوب حلب.", "حلب"),
    ("سيطرت قوات النظام على بلدة مورك القريبة من مدينة خان شيخون.", "خان شيخون"),
])
def test_a_locating_place_gets_no_claim(run, text, place):
    found = run(text)
    assert found and all(c[0] != place for c in found)


def test_moving_reinforcements_between_places_is_no_claim(run):
    assert run("نقلت قوات النظام تعزيزات عسكرية من مدينة حمص إلى ريف حماة.") == set()


def test_reaching_a_village_is_not_taking_it(run):
    assert run("وصل الجيش الحر إلى قرية مارع بعد ظهر اليوم.") == set()


# --- returning to, leaving, deploying in control -----------------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("عادت مدينة تدمر إلى سيطرة قوات النظام بعد معارك عنيفة.", ("تدمر", "government", "captured")),
    ("وعادت بلدة مورك لسيطرة فصائل المعارضة.", ("مورك", "fsa_opposition", "captured")),
    ("خرجت مدينة إدلب عن سيطرة قوات النظام بشكل كامل.", ("إدلب", "government", "lost")),
    ("خرجت قوات النظام من مدينة إدلب.", ("إدلب", "government", "withdrew")),
    ("انتشرت قوات النظام في مدينة منبج بموجب الاتفاق.", ("منبج", "government", "controls")),
])
def test_return_exit_and_deployment(run, text, claim):
    assert run(text) == {claim}


def test_the_place_before_a_control_phrase_without_return_is_not_taken(run):
    assert ("تدمر", "isis", "captured") in run("أدت المعارك إلى سيطرة تنظيم داعش على مدينة تدمر.")
    assert run("خرجت مظاهرات في مدينة إدلب.") == set()


# --- who attacks -------------------------------------------------------------------------------------------

def test_the_attack_s_agent_after_lam_is_the_attacker(run):
    # the defender named as the subject of صد holds the place (issue 13 round 4)
    assert run("وتمكنت قوات النظام من صد هجوم لتنظيم داعش على مدينة دير الزور.") == {
        ("دير الزور", "isis", "attacked"), ("دير الزور", "government", "controls")}


def test_fighting_for_a_place_contests_it(run):
    assert run("تدور معارك للسيطرة على بلدة مورك بين قوات النظام وفصائل المعارضة.") == {
        ("مورك", "government", "contested"), ("مورك", "fsa_opposition", "contested")}


def test_shelling_to_retake_a_place_is_only_an_attack(run):
    assert run("قصفت قوات النظام بلدة مورك لاستعادة السيطرة عليها.") == {("مورك", "government", "attacked")}


# --- precision: approaching, being besieged, a direction as locator ----------------------------------------

def test_approaching_control_is_no_claim(run):
    assert run("واقتربت قوات سوريا الديمقراطية من السيطرة على بلدة الشدادي.") == set()


def test_the_besieged_side_does_not_besiege(run):
    assert run("وخسر التنظيم مدينة الموصل وبات محاصرا بمدينة الرقة.") == {("الموصل", "isis", "lost")}
    assert run("وتعيش بلدة مضايا المحاصرة من قبل قوات النظام أوضاعا صعبة.") == {("مضايا", "government", "besieged")}


def test_a_direction_only_locates_an_attacked_target(run):
    assert run("شنت هيئة تحرير الشام هجوما على مواقع الجبهة الوطنية غرب حلب.") == set()
    assert run("قصفت قوات النظام مدينة حلب بالبراميل.") == {("حلب", "government", "attacked")}


# --- relation as worded: former control, partial control ---------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("سيطرت قوات النظام على بلدة مورك التي كانت خاضعة لسيطرة فصائل المعارضة.", ("مورك", "fsa_opposition", "lost")),
    ("دخلت فصائل المعارضة مدينة إدلب التي كانت بيد قوات النظام منذ سنوات.", ("إدلب", "government", "lost")),
])
def test_control_in_the_past_is_lost(run, text, claim):
    found = run(text)
    assert claim in found and (claim[0], claim[1], "controls") not in found


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على 70 بالمئة من مدينة حلب.",
    "ويسيطر تنظيم داعش على نحو عشرين في المئة من مدينة دير الزور.",
    "سيطرت قوات النظام على معظم أحياء مدينة داريا.",
])
def test_a_share_of_a_place_is_contested(run, text):
    assert {c[2] for c in run(text)} == {"contested"}


# --- the reporting force's own troops ----------------------------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("وقالت هيئة تحرير الشام إن مقاتليها سيطروا على بلدة خان شيخون.", ("خان شيخون", "hts_nusra", "captured")),
    ("وأكد الناطق باسم الجيش العراقي أن قواته حررت قضاء سنجار.", ("سنجار", "iraq_gov", "captured")),
    ("وقال قيادي في الجيش الوطني إن فصائله دخلت مدينة تل أبيض.", ("تل أبيض", "turkey_backed", "captured")),
])
def test_a_reporter_s_own_troops_are_the_reporter(run, text, claim):
    assert run(text) == {claim}


def test_another_force_after_the_reporter_is_the_actor(run):
    assert run("أعلن التحالف الدولي أن قوات سوريا الديمقراطية سيطرت على بلدة الشدادي.") == {
        ("الشدادي", "sdf", "captured")}


# --- conditions, expectations, fears, demands, failures: no claim ------------------------------------------

@pytest.mark.parametrize("text", [
    "وفي حال سيطرة قوات النظام على بلدة مورك ستصبح مدينة خان شيخون مهددة.",
    "وإذا سيطرت قوات النظام على بلدة مورك فإن الطريق سيقطع.",
    "ولو دخلت قوات النظام بلدة مورك لتغير الوضع.",
    "ومن المتوقع أن تسيطر قوات النظام على بلدة مورك خلال أيام.",
    "وقد تسيطر قوات النظام على بلدة مورك قريبا.",
    "وتخشى فصائل المعارضة من سيطرة قوات النظام على بلدة مورك.",
    "وطالبت فصائل المعارضة بانسحاب قوات النظام من بلدة مورك.",
    "وفشلت قوات النظام في السيطرة على بلدة مورك.",
])
def test_a_condition_or_a_fear_is_no_claim(run, text):
    assert run(text) == set()


def test_a_past_perfect_is_still_a_claim(run):
    assert ("مورك", "government", "captured") in run("وكانت قوات النظام قد سيطرت على بلدة مورك قبل يومين.")


def test_overlooked_places_only_locate(run):
    assert run("سيطرت قوات النظام على تلال مطلة على بلدة مورك.") == set()
    assert run("سيطرت قوات النظام على بلدة مورك المطلة على مدينة خان شيخون.") == {("مورك", "government", "captured")}


# --- the beneficiary of a loss -----------------------------------------------------------------------------

def test_a_loss_to_someone_is_their_capture(run):
    assert run("خسرت قوات النظام بلدة مورك لصالح فصائل المعارضة.") == {
        ("مورك", "government", "lost"), ("مورك", "fsa_opposition", "captured")}
    assert run("خسرت قوات النظام بلدة مورك بعد معارك مع فصائل المعارضة.") == {("مورك", "government", "lost")}


@pytest.mark.parametrize("text, force", [
    ("سيطرت القوات الأمنية على حي الجامعة في مدينة الرمادي.", "iraq_gov"),
    ("وهاجمت الميليشيات الكردية بلدة تل رفعت.", "sdf"),
    ("سيطرت فصائل الجيش الوطني على مدينة عفرين.", "turkey_backed"),
])
def test_more_force_names_as_news_writes_them(run, text, force):
    assert {c[1] for c in run(text)} == {force}
