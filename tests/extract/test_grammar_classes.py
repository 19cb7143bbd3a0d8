"""The claim grammar's error classes (issue 13) and sites anchored to known places (issue 12), on sentences
written for these tests (none comes from an evaluation set). Real gazetteer and force lexicon."""
from __future__ import annotations

from datetime import date

import pytest

from extract.forces import load_lexicon as load_forces
from records.article import Article
from extract.pipeline import extract_article
from gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def run():
    gaz, forces = load_gazetteer(), load_forces()

    def events(text: str, **kw):
        art = Article(id="t", text=text, published=date(2016, 5, 1))
        return extract_article(art, gazetteer=gaz, forces=forces, **kw)

    return events


def claims(evs):
    return {(e.mention, e.force, e.relation) for e in evs}


# --- negation, denial, attempt, plan: no claim of control --------------------------------------------------

@pytest.mark.parametrize("text", [
    "لم تقتحم قوات النظام مدينة تدمر حتى مساء الخميس.",
    "لم تستعد قوات النظام مدينة تدمر بعد أسبوع من المعارك.",
    "ولن تدخل قوات النظام مدينة تدمر قبل نهاية الشهر.",
    "نفت فصائل المعارضة سيطرة قوات النظام على بلدة خان شيخون.",
    "وأنباء سيطرة قوات النظام على بلدة خان شيخون عارية عن الصحة بحسب ناشطين.",
    "حاولت قوات النظام اقتحام مدينة دوما من جهتها الشرقية.",
    "تستعد قوات النظام لاقتحام مدينة دوما خلال الأيام المقبلة.",
    "تسعى قوات سوريا الديمقراطية إلى السيطرة على مدينة الرقة.",
])
def test_negated_denied_or_attempted_claims_are_no_claims(run, text):
    assert not [e for e in run(text) if e.relation in ("captured", "controls")]


def test_still_holding_is_not_a_negation(run):
    evs = run("ولا تزال قوات النظام تسيطر على مدينة تدمر رغم الهجمات.")
    assert ("تدمر", "government", "controls") in claims(evs)


def test_force_and_place_in_one_sentence_without_a_claim(run):
    assert run("زار وفد من قوات سوريا الديمقراطية مدينة منبج أمس والتقى بوجهائها.") == []


# --- names: a town inside a group's name, a region is not its city ---------------------------------------

@pytest.mark.parametrize("text, town", [
    ("سيطر لواء صقور الغاب على بلدة قلعة المضيق.", "الغاب"),
    ("أعلن جيش حلب اندماجه مع فصائل أخرى.", "حلب"),
    ("سيطرت حركة أحرار الشام على مدينة أريحا.", "الشام"),
])
def test_a_town_inside_a_group_name_is_not_a_place(run, text, town):
    assert all(e.mention != town for e in run(text))


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام على قرى في ريف إدلب الجنوبي.",
    "قصفت قوات النظام قرى في ريف حلب الجنوبي.",
])
def test_a_region_phrase_is_not_its_city(run, text):
    assert all(e.place_id is None or e.kind != "city" for e in run(text))


# --- who gets the claim; lists; carried subjects; force families -------------------------------------------

def test_the_attacked_side_does_not_get_the_place(run):
    evs = run("هاجم تنظيم داعش مواقع قوات سوريا الديمقراطية في بلدة الشدادي.")
    assert {(e.force, e.relation) for e in evs} == {("isis", "attacked")}


def test_clashes_between_two_sides_contest_the_place(run):
    evs = run("اندلعت اشتباكات بين قوات النظام وفصائل المعارضة في بلدة مورك.")
    assert {(e.force, e.relation) for e in evs} == {("government", "contested"), ("fsa_opposition", "contested")}


def test_a_subject_carries_to_the_next_sentence(run):
    evs = run("سيطرت قوات سوريا الديمقراطية على مدينة الطبقة. وتمكنت من السيطرة على مدينة الرقة بعد أشهر.")
    assert {("الطبقة", "sdf", "captured"), ("الرقة", "sdf", "captured")} <= claims(evs)


def test_every_member_of_a_list_is_claimed(run):
    evs = run("سيطرت قوات النظام على بلدات مورك\nوصوران وطيبة الإمام.")
    assert {"مورك", "صوران", "طيبة الإمام"} <= {e.mention for e in evs if e.force == "government"}


@pytest.mark.parametrize("text, force", [
    ("سيطرت فصائل درع الفرات على مدينة الباب.", "turkey_backed"),
    ("استعاد الحشد الشعبي قضاء تلعفر من تنظيم داعش.", "iraq_gov"),
    ("سيطرت فصائل الجيش الوطني على مدينة عفرين.", "turkey_backed"),
])
def test_force_families(run, text, force):
    assert force in {e.force for e in run(text) if e.relation == "captured"}


# --- sites no gazetteer lists, anchored to a known place ----------------------------------------------------

@pytest.mark.parametrize("text, site, anchor", [
    ("سيطرت فصائل المعارضة على حاجز الصوامع قرب مدينة سراقب.", "حاجز الصوامع", "سراقب"),
    ("سيطرت قوات النظام على المشفى الوطني في مدينة جسر الشغور.", "المشفى الوطني", "جسر الشغور"),
    ("استعادت فصائل المعارضة الكتيبة المهجورة غرب مدينة الأتارب.", "الكتيبة المهجورة", "الأتارب"),
    ("سيطرت قوات النظام على دوار الكرة جنوب مدينة حماة.", "دوار الكرة", "حماة"),
    ("سيطرت فصائل المعارضة على مدرسة المشاة في مدينة منبج.", "مدرسة المشاة", "منبج"),
])
def test_a_site_is_placed_at_its_anchor(run, text, site, anchor):
    evs = [e for e in run(text) if e.mention == site]
    assert evs, run(text)
    e = evs[0]
    assert e.status == "approximate" and e.geo_precision == 2 and e.anchor_ar.endswith(anchor)
    assert e.lat is not None and e.anchor_id and e.place_id != e.anchor_id and e.kind == "site"


def test_a_site_without_anchor_stays_unresolved(run):
    evs = [e for e in run("سيطرت فصائل المعارضة على حاجز الصوامع بعد معارك عنيفة. وهدأت مدينة سراقب.")
           if e.mention == "حاجز الصوامع"]
    assert evs and all(e.status == "unresolved" and e.lat is None for e in evs)


def test_a_site_in_the_countryside_of_a_city_is_not_placed_at_the_city(run):
    evs = run("سيطرت فصائل المعارضة على كتيبة الدفاع الجوي في ريف درعا.")
    # unresolved, or placed at a region place standing for the countryside (precision 3): never at the city
    assert evs and all(e.status == "unresolved" or (e.geo_precision == 3 and e.kind == "site") for e in evs)


def test_approximate_events_round_trip_through_geojson(run, tmp_path):
    from geo.io import events_to_geojson, load_events, write_events

    evs = run("سيطرت فصائل المعارضة على حاجز الصوامع قرب مدينة سراقب.")
    feature = events_to_geojson(evs)["features"][0]
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["geo_precision"] == 2
    write_events(tmp_path / "e.geojson", evs)
    back = load_events(tmp_path / "e.geojson")
    assert (back[0].status, back[0].anchor_id, back[0].geo_precision) == ("approximate", evs[0].anchor_id, 2)


def test_a_supporter_is_not_the_actor(run):
    evs = run("قالت مصادر إن القوات الكردية المدعومة من التحالف الدولي سيطرت على مدينة منبج.")
    assert {(e.force, e.relation) for e in evs} == {("sdf", "captured")}


def test_a_bare_generic_noun_is_not_a_place(run):
    evs = run("حررت فصائل الجيش الوطني قريتين شمال مدينة منبج.")
    assert all(e.mention != "قريتين" for e in evs)


def test_the_countryside_of_a_city_is_not_the_city(run):
    evs = run("أصبحت عدة بلدات في ريف إدلب تحت سيطرة قوات النظام.")
    assert not [e for e in evs if e.place_id and e.kind == "city"]


def test_a_linguist_adds_a_verb_without_python(tmp_path):
    """--grammar FILE: a new verb in a family claims, and its negation is blocked with no new rule."""
    from tests.conftest import run_cli

    extra = tmp_path / "extra.json"
    extra.write_text('{"families": {"control": {"keys": ["هيمن"], "verbs": ["هيمن\\\\w*"]}}}', encoding="utf-8")
    art = tmp_path / "a.txt"
    out = tmp_path / "o.geojson"
    import json

    def run_with(text: str, *opts: str) -> list:
        art.write_text(text, encoding="utf-8")
        r = run_cli("extract", str(art), "--published", "2016-03-27", "--jobs", "1", "-o", str(out), *opts)
        assert r.returncode == 0, r.stderr
        return [(f["properties"]["force"], f["properties"]["relation"])
                for f in json.loads(out.read_text(encoding="utf-8"))["features"]]

    said = "هيمنت قوات النظام على مدينة تدمر أمس."
    assert run_with(said) == []
    assert run_with(said, "--grammar", str(extra)) == [("government", "captured")]
    assert run_with("لم تهيمن قوات النظام على مدينة تدمر.", "--grammar", str(extra)) == []


def test_a_bad_grammar_file_is_one_clear_line(tmp_path):
    from tests.conftest import run_cli

    bad = tmp_path / "bad.json"
    bad.write_text('{"rules": [{"name": "x", "pattern": "(", "relation": "captured"}]}', encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("سيطرت قوات النظام على مدينة تدمر.", encoding="utf-8")
    r = run_cli("extract", str(art), "--grammar", str(bad), "-o", str(tmp_path / "o.geojson"))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert str(bad) in r.stderr and "'x'" in r.stderr


def test_list_members_the_gazetteer_does_not_know_are_kept(run):
    evs = run("سيطرت قوات النظام على قرى الحمرا، الزعلانة وسكيك وسيطرت على مدينة خان شيخون.")
    assert {"الحمرا", "الزعلانة", "سكيك", "خان شيخون"} <= {e.mention for e in evs if e.force == "government"}
    assert all(e.mention != "سيطرت" for e in evs)  # the list ends at the next verb


def test_a_list_of_neighbourhoods_is_placed_at_the_city_after_it(run):
    evs = run("استعادت القوات العراقية أحياء الزهور والمثنى وسومر في مدينة الموصل.")
    (e,) = [e for e in evs if e.mention == "سومر"]
    assert e.status == "approximate" and e.anchor_ar.endswith("الموصل") and e.force == "iraq_gov"


def test_a_generic_plural_is_not_a_list_head(run):
    evs = run("سيطرت فصائل المعارضة على العديد من القرى والبلدات في ريف حماة.")
    assert all(e.mention != "البلدات" for e in evs)


def test_list_joiners_add_objects(run):
    evs = run("استعادت قوات النظام بلدة مورك، فضلا عن بلدة صوران.")
    assert {("مورك", "government", "captured"), ("صوران", "government", "captured")} <= claims(evs)


def test_a_government_alias_supported_by_the_coalition_is_the_sdf(run):
    evs = run("سيطرت القوات السورية المدعومة من التحالف الدولي على مدينة منبج. كما سيطرت على قرية الهيشة.")
    assert {e.force for e in evs} == {"sdf"}
    assert {e.force for e in run("سيطرت القوات السورية على مدينة تدمر.")} == {"government"}


@pytest.mark.parametrize("text, expected", [
    ("وبدأ اقتحام قوات النظام لبلدة مورك صباح اليوم.", {("government", "attacked")}),  # storming, no outcome
    ("تمكنت قوات النظام من اقتحام بلدة مورك بعد معارك عنيفة.", {("government", "captured")}),  # it succeeded
    ("شنت فصائل المعارضة هجوما على مواقع قوات النظام في بلدة مورك.", {("fsa_opposition", "attacked")}),
])
def test_storming_and_attacks_give_the_place_to_no_one_unless_they_succeed(run, text, expected):
    assert {(e.force, e.relation) for e in run(text)} == expected
