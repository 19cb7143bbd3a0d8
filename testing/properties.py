"""Hypothesis strategies and property checks of the text pipeline, shared by the tests and ``bench/fuzz.py``.

Normalisation is idempotent, extraction never raises on any Unicode text and always gives valid RFC 7946
GeoJSON, and every offset points back at the source text. The checks are plain functions so the test
suite (``tests/test_properties.py``) and ``bench/fuzz.py`` run the very same properties.
``CONFLICTMAP_FUZZ_EXAMPLES`` scales every property (default: a few hundred in all).
"""
from __future__ import annotations

import json
import math
import os
from datetime import date, timedelta

from hypothesis import HealthCheck
from hypothesis import strategies as st

from arabic.normalize import normalize, normalize_with_offsets
from extract.pipeline import extract_article
from geo.io import events_to_geojson
from records.article import Article
from records.event import LOCATED, RELATIONS, STATUSES, Event
from records.forces import FORCES_JSON

EXAMPLES = int(os.environ.get("CONFLICTMAP_FUZZ_EXAMPLES", "0") or 0)


# No deadline and no data-size health checks: the machine is shared, and long inputs are the point.
FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def examples(default: int) -> int:
    """``default`` examples, or ``$CONFLICTMAP_FUZZ_EXAMPLES`` when set (to fuzz longer)."""
    return EXAMPLES or default


# ---------------------------------------------------------------------------------------------- strategies

FORCE_ALIASES = sorted({a for f in json.loads(FORCES_JSON.read_text(encoding="utf-8"))["forces"]
                        for a in f["aliases"]})
# Our own small word lists: well-known places, claim verbs, cue words and date expressions (good and bad).
PLACES = ["الرقة", "تدمر", "حلب", "منبج", "دير الزور", "الطبقة", "إدلب", "درعا", "الموصل", "عفرين", "دوما",
          "البوكمال", "جرابلس", "القريتين", "تل أبيض", "كوباني", "حمص", "الرقّة", "ٱلرقة", "الـرقة", "بغداد",
          "سمسمون", "كفرالبطيخ", "x" * 40, "ق" * 500]
VERBS = ["سيطرت", "سيطر", "تسيطر", "انسحبت من", "انسحب من", "استعادت", "دخلت", "حاصرت", "هاجمت", "قصفت",
         "تقدمت نحو", "طردت", "خسرت", "اشتباكات في", "معارك عنيفة في", "باتت تحت سيطرة", "على"]
CUES = ["مدينة", "بلدة", "قرية", "مطار", "حي", "ريف", "محافظة", "مخيم", "معبر", "بلدتي", "وبلدة"]
DATES = ["أمس", "اليوم", "في 31 شباط 2016", "في 29 شباط 2017", "يوم 5 آذار 2090", "في 25 ربيع الأول 1439 هـ",
         "1 رمضان 1438", "30/02/2016", "2017-10-17", "الشهر الماضي", "منذ أيام", "غدا", "في 99/99/9999",
         "عام 1800", "في ١٢ تشرين الأول ٢٠١٧", "الأحد الماضي"]
BIDI = list("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c"
            "\u00ad\u0640")
MARKS = list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")
LETTERS = [chr(c) for c in range(0x0621, 0x064B)] + list("٠١٢٣٤٥٦٧٨٩0123456789ﻻﹰﷺکی")
PUNCT = list(".،؛؟!:\"'()«»-–\n\r\t ") + ["\r\n", "\n\n", " - ", "...", "<b>", "&amp;", "=HYPERLINK(", "javascript:"]

_word = st.text(alphabet=st.sampled_from(LETTERS + MARKS + BIDI), min_size=1, max_size=12)
# verb, force, preposition, cue, place, date: often a claim the rules take, often a near miss
_clause = st.tuples(st.sampled_from(VERBS), st.sampled_from(FORCE_ALIASES), st.sampled_from(["على", "من", "في", ""]),
                    st.sampled_from(CUES + [""]), st.sampled_from(PLACES), st.sampled_from(DATES + [""])).map(" ".join)
_piece = st.one_of(
    _clause, _clause,
    st.sampled_from(FORCE_ALIASES), st.sampled_from(PLACES), st.sampled_from(VERBS), st.sampled_from(CUES),
    st.sampled_from(DATES), st.sampled_from(BIDI), st.sampled_from(PUNCT), _word,
    st.text(max_size=6),  # anything at all, now and then
)
#: Text that looks like news: force aliases, claim verbs, cue words, places, dates, punctuation, marks, bidi controls.
arabic_text = st.lists(_piece, max_size=60).map(" ".join)
#: Any Unicode text at all (no lone surrogates: those cannot come out of a decoder).
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
published_dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))


# ---------------------------------------------------------------------------------------------- checks

def check_normalize(text: str) -> None:
    """Idempotent, and the offset table maps every normalised character back into ``text``."""
    norm, offsets = normalize_with_offsets(text)
    assert normalize(norm) == norm, (text, norm)
    assert normalize(text) == norm
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
    assert offsets == sorted(offsets) and all(0 <= o <= len(text) for o in offsets)
    assert norm == norm.strip() and "  " not in norm


def check_scan(text: str, gazetteer) -> None:
    """Every place mention indexes the original text."""
    for m in gazetteer.scan(text):
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.surface, m
        assert m.status in ("resolved", "ambiguous", "unresolved")


def check_events(text: str, events: list[Event], force_ids: set[str], published: date | None) -> None:
    """Each event is well formed and its offsets point at its mention, sentence and force in ``text``."""
    for ev in events:
        assert text[ev.mention_start:ev.mention_end] == ev.mention and ev.mention, ev
        assert text[ev.sentence_start:ev.sentence_start + len(ev.sentence)] == ev.sentence, ev
        assert ev.sentence_start <= ev.mention_start and ev.mention_end <= ev.sentence_start + len(ev.sentence)
        if ev.force_start is not None:
            assert text[ev.force_start:ev.force_end] == ev.force_mention, ev
        assert ev.force in force_ids and ev.relation in RELATIONS, ev
        assert 0.0 <= ev.confidence <= 1.0
        assert ev.status in STATUSES
        if ev.status not in LOCATED:  # an ambiguous place is never located as if known (issue 12)
            assert ev.lat is None and ev.lon is None and ev.place_id is None
        else:  # a resolved place, or a site drawn at its anchor (approximate)
            assert ev.lat is not None and ev.lon is not None
        if ev.status == "ambiguous":
            assert json.loads(ev.candidates), ev
        if ev.date is not None and published is not None:
            assert ev.date <= published + timedelta(days=1), ev  # never after the article that reports it


REQUIRED = ("source", "force", "relation", "date", "mention", "date_precision", "date_expr", "published", "place_id",
            "place_ar", "place_en", "kind", "admin1", "country", "sentence", "sentence_start", "mention_start",
            "mention_end", "force_mention", "force_start", "force_end", "rule", "confidence", "reporter", "url",
            "outlet", "status")


def check_geojson(collection: dict, events: list[Event]) -> None:
    """RFC 7946: a FeatureCollection of Points [lon, lat] in range (null for unresolved and ambiguous), plain JSON;
    an approximate site is drawn at its anchor."""
    json.dumps(collection, allow_nan=False, ensure_ascii=False)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert len(collection["features"]) == len(events)
    for feature, ev in zip(collection["features"], events):
        assert feature["type"] == "Feature"
        props, geometry = feature["properties"], feature["geometry"]
        assert set(REQUIRED) <= set(props), set(REQUIRED) - set(props)
        assert props["source"] == ev.source and props["mention"] == ev.mention
        if props["date"] is not None:
            assert date.fromisoformat(props["date"]) == ev.date
        if ev.status not in LOCATED:
            assert geometry is None
        else:
            assert geometry["type"] == "Point"
            lon, lat = geometry["coordinates"]
            assert all(isinstance(v, float) and math.isfinite(v) for v in (lon, lat))
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert (lon, lat) == (ev.lon, ev.lat)  # longitude first


def check_pipeline(text: str, published: date | None, gazetteer, forces) -> list[Event]:
    """Extraction never raises; its events and their GeoJSON pass every check above."""
    article = Article(id="fuzz", text=text, published=published, url="javascript:alert(1)", outlet="=cmd|' /C calc'!A0")
    events = extract_article(article, gazetteer=gazetteer, forces=forces)
    assert isinstance(events, list)
    check_events(text, events, {f.id for f in forces.all()}, published)
    check_geojson(events_to_geojson(events), events)
    return events
