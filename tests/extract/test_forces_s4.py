"""Force resolution in claims (issue 13, session 4): the right force gets the claim. Sentences written for
these tests (none comes from an evaluation set); real gazetteer and force lexicon."""
from __future__ import annotations

from datetime import date

import pytest

from extract.forces import load_lexicon
from extract.pipeline import extract_article
from gazetteer import load_gazetteer
from records.article import Article
from records.forces import load_anaphors


@pytest.fixture(scope="module")
def run():
    gaz, forces = load_gazetteer(), load_lexicon()

    def events(text: str, year: int = 2016):
        art = Article(id="t", text=text, published=date(year, 5, 1))
        return {(e.mention, e.force, e.relation) for e in extract_article(art, gazetteer=gaz, forces=forces)}

    return events


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


# --- 1. a force inside a quantity phrase is the subject ------------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("اقتحم نحو 200 مقاتل من قوات سوريا الديمقراطية مدينة الطبقة.", ("الطبقة", "sdf", "captured")),
    ("دخل نحو 200 مقاتل من قوات سوريا الديمقراطية مدينة الطبقة.", ("الطبقة", "sdf", "captured")),
    ("سيطر أكثر من 300 عنصر من تنظيم الدولة على مدينة تدمر.", ("تدمر", "isis", "captured")),
    ("سيطر قرابة ألف مسلح من تنظيم الدولة على مدينة تدمر.", ("تدمر", "isis", "captured")),
    ("انسحب نحو 50 جنديا من قوات النظام من مدينة تدمر.", ("تدمر", "government", "withdrew")),
    ("سيطر المئات من مسلحي تنظيم الدولة على بلدة مارع.", ("مارع", "isis", "captured")),
    ("تمكن عشرات العناصر من هيئة تحرير الشام من السيطرة على بلدة خان طومان.", ("خان طومان", "hts_nusra", "captured")),
    ("اقتحم عشرات المسلحين من داعش مدينة تدمر.", ("تدمر", "isis", "captured")),
    ("سيطر المسلحون من تنظيم الدولة على مدينة تدمر.", ("تدمر", "isis", "captured")),
    ("وسيطرت مجموعة من مقاتلي هيئة تحرير الشام على بلدة مورك.", ("مورك", "hts_nusra", "captured")),
    ("وتمكن نحو 100 عنصر من قوات النظام من دخول بلدة مورك.", ("مورك", "government", "captured")),
    ("المئات من مسلحي تنظيم الدولة سيطروا على مدينة تدمر.", ("تدمر", "isis", "captured")),
])
def test_quantity_led_subject(run, text, claim):
    evs = run(text)
    assert claim in evs
    assert not [e for e in evs if e[1] == "fsa_opposition"]


@pytest.mark.parametrize("text", [
    "قتل نحو 200 مقاتل من قوات سوريا الديمقراطية في مدينة الطبقة.",
    "أصيب أكثر من 30 عنصرا من قوات النظام قرب مدينة تدمر.",
    "وقتل أكثر من 500 مقاتل من هيئة تحرير الشام في معارك بلدة مورك.",
])
def test_quantity_without_a_claim(run, text):
    assert not [e for e in run(text) if e[2] in ("captured", "controls")]


def test_a_noun_of_things_is_not_a_quantity_of_fighters(run):
    # "مواقع عسكرية من النظام": positions taken from the regime, not regime fighters who took them
    assert ("تدمر", "government", "captured") not in run("تسلم حزب الله مواقع عسكرية من قوات النظام في مدينة تدمر.")


# --- 2. generic armed nouns stand for the force the article named -------------------------------------------

def test_generic_noun_after_isis_is_isis(run):
    evs = run("شن تنظيم داعش هجوما واسعا فجر الأحد. وسيطر المسلحون على قرية دابق بعد معارك عنيفة.")
    assert ("دابق", "isis", "captured") in evs
    assert ("دابق", "fsa_opposition", "captured") not in evs


def test_generic_noun_after_the_opposition_stays_the_opposition(run):
    evs = run("هاجمت فصائل المعارضة مواقع النظام. وسيطر المسلحون على بلدة مورك.")
    assert ("مورك", "fsa_opposition", "captured") in evs


def test_jihadists_after_isis(run):
    evs = run("هاجم تنظيم الدولة مدينة دير الزور. وتمكن الجهاديون من السيطرة على مدينة الميادين.")
    assert ("الميادين", "isis", "captured") in evs


def test_two_candidate_forces_leave_the_default(run):
    # the article names two forces the noun could stand for: it stays at its default (the opposition)
    evs = run("وتقاتل في المنطقة حركة أحرار الشام إلى جانب جبهة النصرة. وغاب تنظيم الدولة عن هذه الجبهة. "
              "وسيطر المسلحون على بلدة مورك.")
    assert ("مورك", "fsa_opposition", "captured") in evs
    assert not [e for e in evs if e[1] == "isis"]


def test_gunmen_in_iraq_are_isis(run):
    evs = run("هاجم مسلحون مواقع الجيش العراقي في الأنبار. وسيطر المسلحون على مدينة الرمادي بعد انسحاب "
              "القوات العراقية.", year=2015)
    assert ("الرمادي", "isis", "captured") in evs
    assert ("الرمادي", "iraq_gov", "withdrew") in evs
    assert not [e for e in evs if e[1] == "fsa_opposition"]


def test_gunmen_facing_iraqi_forces_are_isis_in_the_lexicon(lex):
    # the place may be one no gazetteer knows: the force is settled by what the gunmen face
    found = lex.find("تقدمت القوات العراقية نحو المدينة. وانسحب المسلحون من القرية")
    assert [m.force for m in found] == ["iraq_gov", "isis"]
    found = lex.find("تقدمت قوات النظام نحو المدينة. وانسحب المسلحون من القرية")
    assert [m.force for m in found] == ["government", "fsa_opposition"]


def test_anaphor_resolution_in_the_lexicon(lex):
    text = "هاجم تنظيم الدولة المدينة ثم انسحب المسلحون منها"
    assert [m.force for m in lex.find(text)] == ["isis", "isis"]
    assert [m.force for m in lex.find("انسحب المسلحون من المدينة")] == ["fsa_opposition"]
    assert lex.find("انسحب الجهاديون من المدينة") == []  # no default: the noun names no force by itself
    assert [m.force for m in lex.find("انسحب المسلحون من تنظيم الدولة")] == ["isis"]  # a part of the force


def test_anaphor_table_is_read():
    groups = load_anaphors()
    assert any("المسلحون" in g.aliases and "isis" in g.kinds for g in groups)


# --- 3. a participle agrees with the force before it --------------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("استهدفت المدفعية التركية قوات سوريا الديمقراطية المنسحبة من مدينة منبج.", ("منبج", "sdf", "withdrew")),
    ("رصد ناشطون رتلا لقوات النظام المنسحب من بلدة مورك باتجاه حماة.", ("مورك", "government", "withdrew")),
    ("قصف الطيران الروسي أرتالا لتنظيم الدولة المنسحبة من مدينة تدمر.", ("تدمر", "isis", "withdrew")),
])
def test_withdrawing_participle(run, text, claim):
    evs = run(text)
    assert claim in evs
    assert not [e for e in evs if e[2] == "withdrew" and e[1] != claim[1]]


def test_force_coming_from_a_place_did_not_withdraw(run):
    assert not [e for e in run("رحب السكان بقوات النظام القادمة من مدينة حمص.") if e[2] == "withdrew"]


# --- 4. coordinated forces: one event per force -------------------------------------------------------------

@pytest.mark.parametrize("text, place, forces", [
# the opposition and HTS acting together are one claim, the coalition's (records/data/forces.json coalitions)
    ('فصائل المعارضة و"هيئة تحرير الشام" سيطرت على مدينة إدلب.', "إدلب", {"fsa_opposition"}),
    ("سيطر الجيش الحر وجبهة النصرة على مدينة إدلب.", "إدلب", {"fsa_opposition"}),
    ("تمكنت فصائل المعارضة بمشاركة هيئة تحرير الشام من السيطرة على مدينة جسر الشغور.", "جسر الشغور",
     {"fsa_opposition"}),
    ("سيطرت فصائل المعارضة وعلى رأسها هيئة تحرير الشام على مدينة إدلب.", "إدلب", {"fsa_opposition"}),
    ("فصائل المعارضة بقيادة هيئة تحرير الشام سيطرت على مدينة إدلب.", "إدلب", {"fsa_opposition"}),
    ("سيطرت قوات النظام بالتعاون مع حزب الله على مدينة القصير.", "القصير", {"government", "hezbollah_iran"}),
    ("سيطرت قوات النظام بدعم من حزب الله على مدينة القصير.", "القصير", {"government"}),
    ("سيطرت قوات النظام بمؤازرة حزب الله على مدينة القصير.", "القصير", {"government"}),
    ("سيطرت قوات النظام مدعومة بالطيران الروسي على مدينة تدمر.", "تدمر", {"government"}),
    ("سيطرت فصائل المعارضة على مدينة إدلب بعد معارك مع هيئة تحرير الشام.", "إدلب", {"fsa_opposition"}),
])
def test_co_actors(run, text, place, forces):
    assert {f for p, f, r in run(text) if p == place and r == "captured"} == forces


# --- 5. a place described by its former holder --------------------------------------------------------------

@pytest.mark.parametrize("text, taker, loser, place", [
    ("سيطرت قوات سوريا الديمقراطية على بلدة الشدادي التي كانت معقلا لتنظيم الدولة.", "sdf", "isis", "الشدادي"),
    ("استعادت قوات النظام مدينة تدمر التي سيطر عليها تنظيم الدولة العام الماضي.", "government", "isis", "تدمر"),
    ("سيطرت فصائل المعارضة على بلدة مورك التي كانت خاضعة لسيطرة قوات النظام.", "fsa_opposition", "government",
     "مورك"),
])
def test_former_holder_lost(run, text, taker, loser, place):
    evs = run(text)
    assert (place, taker, "captured") in evs and (place, loser, "lost") in evs
    assert (place, loser, "captured") not in evs and (place, loser, "controls") not in evs


@pytest.mark.parametrize("text", [
    "استعادت قوات النظام مدينة تدمر، وكان تنظيم الدولة قد سيطر عليها العام الماضي.",
    "سيطرت قوات النظام على مدينة تدمر، التي استولى عليها تنظيم الدولة في أيار.",
])
def test_earlier_taker_lost(run, text):
    evs = run(text)
    assert ("تدمر", "government", "captured") in evs and ("تدمر", "isis", "lost") in evs
    assert ("تدمر", "isis", "captured") not in evs


def test_pluperfect_alone_is_still_a_capture(run):
    assert ("تدمر", "isis", "captured") in run("وكان تنظيم الدولة قد سيطر على مدينة تدمر في أيار.")


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على بلدة مورك القريبة من معقل هيئة تحرير الشام في خان شيخون.",
    "سيطرت قوات النظام على بلدة مورك التي تبعد 10 كيلومترات عن معقل هيئة تحرير الشام.",
])
def test_near_a_stronghold_is_not_the_stronghold(run, text):
    evs = run(text)
    assert ("مورك", "government", "captured") in evs
    assert not [e for e in evs if e[0] == "مورك" and e[1] == "hts_nusra"]


def test_relative_capture_alone_is_still_a_capture(run):
    # nobody took the place in this sentence: the relative clause is the claim itself
    assert ("تدمر", "isis", "captured") in run("وتقع مدينة تدمر التي سيطر عليها تنظيم الدولة في ريف حمص.")


# --- 6. the masdar's genitive force is its agent ------------------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("وجاءت سيطرة قوات سوريا الديمقراطية على مدينة منبج بعد معارك عنيفة.", ("منبج", "sdf", "captured")),
    ("رحب الأهالي بتحرير الجيش العراقي لمدينة الموصل.", ("الموصل", "iraq_gov", "captured")),
    ("وبعد استعادة قوات النظام لمدينة تدمر، انسحب التنظيم إلى السخنة.", ("تدمر", "government", "captured")),
])
def test_masdar_agent(run, text, claim):
    assert claim in run(text)


def test_denied_masdar_is_no_claim(run):
    assert not run("ونفت فصائل المعارضة سيطرة قوات النظام على بلدة مورك.")


@pytest.mark.parametrize("text, claim", [
    ("وأكدت مصادر تحرير قوات النظام لمدينة تدمر.", ("تدمر", "government", "captured")),
    ("أفادت مصادر بسيطرة قوات النظام على مدينة تدمر.", ("تدمر", "government", "captured")),
    ("قالت مصادر انسحاب تنظيم الدولة من مدينة تدمر.", ("تدمر", "isis", "withdrew")),
])
def test_masdar_agent_after_a_reporting_cue_is_not_the_reporter(run, text, claim):
    assert claim in run(text)


def test_reporter_is_still_a_reporter(lex):
    (m,) = lex.find("قال المتحدث باسم قوات سوريا الديمقراطية إن الاشتباكات مستمرة")
    assert m.reporter
    (m,) = lex.find("أفادت مصادر بسيطرة قوات النظام على المدينة")
    assert not m.reporter


# --- the force a place was taken from (سيطر/انتزع X على Y من Z): Z lost Y ------------------------------------

@pytest.mark.parametrize("text", [
    "سيطرت فصائل المعارضة على بلدة مورك من قوات النظام.",
    "انتزعت فصائل المعارضة بلدة مورك من قوات النظام.",
    "وانتزعت فصائل المعارضة السيطرة على بلدة مورك من قوات النظام.",
])
def test_taken_from_a_force(run, text):
    evs = run(text)
    assert ("مورك", "fsa_opposition", "captured") in evs and ("مورك", "government", "lost") in evs


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على بلدة مورك من جهة الشرق.",
    "سيطرت قوات النظام على بلدة مورك بالقرب من قوات المعارضة.",
    "سيطرت قوات النظام على بلدة مورك القريبة من مواقع المعارضة.",
])
def test_near_a_force_is_not_taken_from_it(run, text):
    evs = run(text)
    assert ("مورك", "government", "captured") in evs
    assert not [e for e in evs if e[1] == "fsa_opposition"]


# --- a bare "الجيش" is the one army the article named; a reporter who says "إنه سيطر" is the actor ------------

def test_bare_army_after_the_turkish_army(run):
    evs = run("أطلق الجيش التركي عملية عسكرية شمال حلب. وسيطر الجيش على قرية قباسين.")
    assert ("قباسين", "turkey_backed", "captured") in evs
    assert not [e for e in evs if e[1] == "government"]


@pytest.mark.parametrize("text", [
    "بدأت قوات النظام هجوما على ريف حماة. وسيطر الجيش على بلدة مورك.",
    "أعلن الجيش الحر بدء معركة جديدة. وسيطر الجيش على بلدة مورك.",
    "دخل الجيش التركي مدينة جرابلس وقصفت قوات النظام ريف حماة. وسيطر الجيش على بلدة مورك.",
])
def test_bare_army_stays_the_syrian_army(run, text):
    assert ("مورك", "government", "captured") in run(text)


@pytest.mark.parametrize("text, claim", [
    ("دخل الجيش التركي مدينة جرابلس. وقال الجيش السوري إنه سيطر على بلدة مورك.", ("مورك", "government", "captured")),
    ("وأعلنت قوات سوريا الديمقراطية أنها استعادت مدينة الطبقة.", ("الطبقة", "sdf", "captured")),
])
def test_self_report(run, text, claim):
    evs = run(text)
    assert claim in evs
    assert not [e for e in evs if e[0] == claim[0] and e[1] != claim[1]]


def test_a_reporter_who_saw_others_is_not_the_actor(run):
    evs = run("وقال قيادي في الجيش الحر إنه شاهد قوات النظام تنسحب من بلدة مورك.")
    assert ("مورك", "government", "withdrew") in evs
    assert not [e for e in evs if e[1] == "fsa_opposition"]


# --- names as outlets of every side write them -----------------------------------------------------------------

@pytest.mark.parametrize("text, claim", [
    ("سيطر تنظيم «الدولة» على مدينة تدمر.", ("تدمر", "isis", "captured")),
    ('سيطر تنظيم "الدولة" على مدينة تدمر.', ("تدمر", "isis", "captured")),
    ("سيطرت القوات الموالية للحكومة السورية على بلدة مورك.", ("مورك", "government", "captured")),
    ("سيطرت ميليشيات الأسد على بلدة مورك.", ("مورك", "government", "captured")),
    ("سيطرت قوات الاحتلال التركي على قرية بلبل.", ("بلبل", "turkey_backed", "captured")),
    ("سيطرت قوات سورية الديموقراطية على قرية الشيوخ.", ("الشيوخ", "sdf", "captured")),
])
def test_name_variants(run, text, claim):
    assert claim in run(text)


def test_the_state_is_not_the_organisation(lex):
    assert lex.find("أعلنت الدولة السورية موقفها") == []


def test_the_organisation_after_nusra_alone_is_nusra(lex):
    found = lex.find("أعلنت جبهة النصرة بدء المعركة ثم سيطر التنظيم على القرية")
    assert [m.force for m in found] == ["hts_nusra", "hts_nusra"]
    found = lex.find("هاجمت جبهة النصرة وتنظيم الدولة القرية ثم سيطر التنظيم عليها")
    assert [m.force for m in found] == ["hts_nusra", "isis", "isis"]  # two candidates: the default


@pytest.mark.parametrize("text, claim", [
    ("سيطرت الفصائل التابعة للجيش الوطني على قرية بلبل.", ("بلبل", "turkey_backed", "captured")),
    ("سيطرت الفصائل الموالية للنظام على بلدة مورك.", ("مورك", "government", "captured")),
    ("سيطرت المجموعات المسلحة التابعة لهيئة تحرير الشام على بلدة مورك.", ("مورك", "hts_nusra", "captured")),
])
def test_a_group_belonging_to_a_force_is_that_force(run, text, claim):
    evs = run(text)
    assert claim in evs
    assert not [e for e in evs if e[1] == "fsa_opposition"]


def test_a_named_force_loyal_to_another_stays_itself(run):
    evs = run("سيطرت قوات النمر الموالية لروسيا على بلدة مورك.")
    assert ("مورك", "government", "captured") in evs
    assert not [e for e in evs if e[1] == "russia"]


def test_a_force_beside_its_own_allies_stays(run):
    evs = run("سيطرت قوات النظام والميليشيات الموالية لها على بلدة مورك.")
    assert ("مورك", "government", "captured") in evs
