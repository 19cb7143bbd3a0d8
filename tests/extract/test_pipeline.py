"""extract_article: provenance, offsets, dates, unresolved places, de-duplication, purity."""
from __future__ import annotations

import json
from datetime import date

from extract.pipeline import extract_article
from gazetteer.model import Candidate, Mention, Place
from records.article import Article
from tests.extract.test_rules import GAZ, LEX


def run(text: str, published: date | None = None, **kw):
    return extract_article(Article("a1", text, published, **kw), gazetteer=GAZ, forces=LEX)


def test_every_event_carries_its_provenance():
    text = "عنوان\nسيطرت قوات النظام أمس على مدينة تدمر بعد معارك."
    (e,) = run(text, date(2016, 3, 27), url="https://example.org/x", outlet="Example")
    assert (e.source, e.force, e.relation, e.status) == ("a1", "government", "captured", "resolved")
    assert text[e.mention_start:e.mention_end] == e.mention == "تدمر"
    assert text[e.force_start:e.force_end] == e.force_mention == "قوات النظام"
    assert text[e.sentence_start:e.sentence_start + len(e.sentence)] == e.sentence
    assert e.sentence.startswith("سيطرت") and "\n" not in e.sentence
    assert (e.place_id, e.place_ar, e.kind, e.country) == ("fake:تدمر", "تدمر", "city", "SY")
    assert (e.lat, e.lon) == (34.56, 38.27)
    assert e.rule == "capture" and 0 < e.confidence <= 1
    assert (e.published, e.date, e.date_precision, e.date_expr) == (date(2016, 3, 27), date(2016, 3, 26), "day", "أمس")
    assert (e.url, e.outlet) == ("https://example.org/x", "Example")


def test_without_a_date_expression_the_event_takes_the_publication_date():
    (e,) = run("سيطرت قوات النظام على مدينة تدمر.", date(2016, 3, 27))
    assert (e.date, e.date_precision, e.date_expr) == (date(2016, 3, 27), "day", None)


def test_without_any_date_the_expression_is_kept_and_the_date_is_null():
    (e,) = run("سيطرت قوات النظام أمس على مدينة تدمر.")
    assert (e.date, e.published, e.date_expr) == (None, None, "أمس")


def test_a_state_is_dated_by_publication_not_by_a_neighbouring_event_date():
    events = run("نفذ التحالف الدولي أمس ضربة قرب مدينة الموصل معقل داعش.", date(2017, 5, 2))
    by = {(e.force, e.relation): e for e in events}
    assert by[("isis", "controls")].date == date(2017, 5, 2)
    assert by[("coalition", "attacked")].date == date(2017, 5, 1)


def test_unresolved_places_are_kept_and_do_not_block_the_others():
    events = run("سيطرت قوات النظام على بلدة تل الورد وبلدة القريتين.")
    by = {e.mention: e for e in events}
    assert set(by) == {"تل الورد", "القريتين"}
    assert by["تل الورد"].status == "unresolved" and by["تل الورد"].lat is None and by["تل الورد"].lon is None
    assert by["القريتين"].status == "resolved" and by["القريتين"].lat is not None


def test_headline_and_body_repeating_a_claim_give_one_event_with_the_best_evidence():
    text = "قسد تسيطر على الطبقة\nوسيطرت قوات سوريا الديمقراطية أمس على مدينة الطبقة بالكامل."
    events = run(text, date(2017, 5, 11))
    assert [(e.mention, e.force) for e in events] == [("الطبقة", "sdf")]
    assert events[0].date_expr == "أمس"  # the body sentence, which dates the claim


def test_distinct_claims_about_one_place_are_all_kept():
    events = run("طردت قوات سوريا الديمقراطية تنظيم داعش من مدينة الطبقة.")
    assert {(e.force, e.relation) for e in events} == {("sdf", "captured"), ("isis", "lost")}


def test_iraqi_places_map_generic_armies_to_iraqi_forces():
    events = run("استعاد الجيش السيطرة على مدينة الموصل.")
    assert [(e.force, e.relation) for e in events] == [("iraq_gov", "captured")]


def test_ambiguous_mentions_give_unplaced_events_with_their_candidates():
    class Ambiguous:
        def scan(self, nt):
            s = nt.original.index("تدمر")
            p = Place("fake:t", "تدمر", "Palmyra", 34.56, 38.27, "city")
            q = Place("fake:t2", "تدمر", "Tadmur hamlet", 35.0, 37.0, "village")
            return [Mention(s, s + 4, "تدمر", "ambiguous", (Candidate(p, 0.5), Candidate(q, 0.45)))]

    text = "سيطرت قوات النظام على مدينة تدمر."
    (e,) = extract_article(Article("a", text), gazetteer=Ambiguous(), forces=LEX)
    (ref,) = run(text)
    # Issue 12: an ambiguous place is never drawn as if located; its candidates are kept, best first.
    assert e.status == "ambiguous" and e.place_id is None and e.lat is None and e.confidence < ref.confidence
    assert [c["id"] for c in json.loads(e.candidates)] == ["fake:t", "fake:t2"]


def test_pure_same_input_same_output_and_no_mutation():
    article = Article("a1", "سيطرت قسد على مدينتي الرقة والطبقة.\nوقصف الطيران الروسي بلدة مارع.", date(2017, 1, 2))
    first, second = run(article.text, article.published), run(article.text, article.published)
    assert first == second and len(first) == 3


def test_empty_and_placeless_articles_give_no_events():
    assert run("") == []
    assert run("قالت قوات النظام إن الوضع هادئ.") == []
