"""Date expressions: each family resolved against a fixed publication date, plus header dates and fuzzing.

The sentences are written for these tests.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic.dates import DateMention, find_dates, publication_date_in_text

PUB = date(2017, 12, 12)  # a Tuesday


def only(text: str, published: date | None = PUB) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start:mention.end] == mention.expr
    return mention


@pytest.mark.parametrize("sentence,expr,expected,precision", [
    # relative days
    ("وأكد المصدر اليوم أن القوات تقدمت.", "اليوم", "2017-12-12", "day"),
    ("سيطرت الفصائل صباح اليوم على التلة.", "صباح اليوم", "2017-12-12", "day"),
    ("انسحب المقاتلون أمس من القرية.", "أمس", "2017-12-11", "day"),
    ("وكانت القوات قد دخلت البلدة يوم أمس.", "يوم أمس", "2017-12-11", "day"),
    ("وبالأمس أعلن الجيش السيطرة على الطريق.", "الأمس", "2017-12-11", "day"),
    ("وتمكنت القوات أمس السبت من التقدم.", "أمس السبت", "2017-12-09", "day"),
    ("سقطت القرية أول أمس بعد حصار.", "أول أمس", "2017-12-10", "day"),
    ("سقطت القرية أول من أمس بعد حصار.", "أول من أمس", "2017-12-10", "day"),
    ("وقعت الاشتباكات أمس الأول قرب النهر.", "أمس الأول", "2017-12-10", "day"),
    ("شن الطيران غارات يوم الثلاثاء على المدينة.", "يوم الثلاثاء", "2017-12-12", "day"),
    ("أعلن التحالف الجمعة تقدم حلفائه.", "الجمعة", "2017-12-08", "day"),
    ("تقدمت القوات يوم الأحد الماضي نحو السد.", "يوم الأحد الماضي", "2017-12-10", "day"),
    ("تقدمت القوات الثلاثاء الماضي نحو السد.", "الثلاثاء الماضي", "2017-12-05", "day"),
    ("استعاد الجيش التلة قبل يومين.", "قبل يومين", "2017-12-10", "day"),
    ("استعاد الجيش التلة قبل نحو 3 أيام.", "قبل نحو 3 أيام", "2017-12-09", "day"),
    ("استعاد الجيش التلة قبل ثلاثة أيام.", "قبل ثلاثة أيام", "2017-12-09", "day"),
    ("استعاد الجيش التلة منذ ٥ أيام.", "منذ ٥ أيام", "2017-12-07", "day"),
    ("بدأ الهجوم قبل أسبوع.", "قبل أسبوع", "2017-12-05", "week"),
    ("بدأ الهجوم قبل أسبوعين.", "قبل أسبوعين", "2017-11-28", "week"),
    ("تراجعت الفصائل خلال الأسبوع الماضي.", "الأسبوع الماضي", "2017-12-05", "week"),
    ("بدأ الحصار قبل شهرين.", "قبل شهرين", "2017-10-01", "month"),
    # months and years
    ("تصاعدت المعارك في الشهر الجاري.", "الشهر الجاري", "2017-12-01", "month"),
    ("تصاعدت المعارك في الشهر الماضي.", "الشهر الماضي", "2017-11-01", "month"),
    ("دخلت القوات الحي في السابع من الشهر الجاري.", "السابع من الشهر الجاري", "2017-12-07", "day"),
    ("دخلت القوات الحي في 7 من الشهر الجاري.", "7 من الشهر الجاري", "2017-12-07", "day"),
    ("دخلت القوات الحي في الحادي والعشرين من الشهر الماضي.", "الحادي والعشرين من الشهر الماضي", "2017-11-21",
     "day"),
    ("سيطر التنظيم على المدينة في أيلول الماضي.", "أيلول الماضي", "2017-09-01", "month"),
    ("سيطر التنظيم على المدينة في كانون الأول الماضي.", "كانون الأول الماضي", "2016-12-01", "month"),
    ("سيطر التنظيم على المدينة في أيلول.", "أيلول", "2017-09-01", "month"),
    ("وخلال شهر آب تراجع التنظيم.", "شهر آب", "2017-08-01", "month"),
    ("سيطر التنظيم على المدينة في أغسطس 2016.", "أغسطس 2016", "2016-08-01", "month"),
    ("سيطر التنظيم على المدينة في تموز من عام 2015.", "تموز من عام 2015", "2015-07-01", "month"),
    ("وسيطرت الفصائل على الموقع عام 2016.", "عام 2016", "2016-01-01", "year"),
    ("وسيطرت الفصائل على الموقع في 2016.", "2016", "2016-01-01", "year"),
    ("تراجعت الفصائل العام الماضي.", "العام الماضي", "2016-01-01", "year"),
    # explicit dates, both month families, digits of both kinds
    ("سقطت البلدة في 13 كانون الأول 2016.", "13 كانون الأول 2016", "2016-12-13", "day"),
    ("سقطت البلدة في 13 ديسمبر 2016.", "13 ديسمبر 2016", "2016-12-13", "day"),
    ("سقطت البلدة في ١٣ تشرين الثاني/نوفمبر ٢٠١٦.", "١٣ تشرين الثاني/نوفمبر ٢٠١٦", "2016-11-13", "day"),
    ("سقطت البلدة في 3 إبريل 2016.", "3 إبريل 2016", "2016-04-03", "day"),
    ("سقطت البلدة في 3 أبريل 2016.", "3 أبريل 2016", "2016-04-03", "day"),
    ("سقطت البلدة في 9 يونيه 2016.", "9 يونيه 2016", "2016-06-09", "day"),
    ("سقطت البلدة في 9 يوليه 2016.", "9 يوليه 2016", "2016-07-09", "day"),
    ("سقطت البلدة في 20 ماي 2016.", "20 ماي 2016", "2016-05-20", "day"),
    ("سقطت البلدة في 1 شباط عام 2016.", "1 شباط عام 2016", "2016-02-01", "day"),
    ("سقطت البلدة في الخامس من حزيران 2016.", "الخامس من حزيران 2016", "2016-06-05", "day"),
    ("سقطت البلدة بتاريخ 2016-03-04.", "2016-03-04", "2016-03-04", "day"),
    ("سقطت البلدة بتاريخ 04/03/2016.", "04/03/2016", "2016-03-04", "day"),
    ("الإثنين 21/ديسمبر/2015 - 10:38 م", "الإثنين 21/ديسمبر/2015", "2015-12-21", "day"),
    ("الأربعاء 25 ربيع الأول 1439 هـ", "الأربعاء 25 ربيع الأول 1439 هـ", "2017-12-13", "day"),
    # day and month without a year: the most recent one, never in the future
    ("سقطت البلدة في 5 آب.", "5 آب", "2017-08-05", "day"),
    ("سقطت البلدة في 25 كانون الأول.", "25 كانون الأول", "2016-12-25", "day"),
    ("سقطت البلدة في السابع من أيلول.", "السابع من أيلول", "2017-09-07", "day"),
])
def test_expression_resolves(sentence: str, expr: str, expected: str, precision: str) -> None:
    mention = only(sentence)
    assert mention.expr == expr
    assert mention.date == date.fromisoformat(expected)
    assert mention.precision == precision


@pytest.mark.parametrize("sentence,expr,expected", [
    ("قال المصدر أمسِ إن القوات تقدمت.", "أمسِ", "2017-12-11"),                       # a diacritic
    ("تراجعت الفصائل في الشـهر الماضي.", "الشـهر الماضي", "2017-11-01"),               # tatweel
    ("سقطت البلدة في 13\u200f كانون\u200d الأول 2016.", "13\u200f كانون\u200d الأول 2016", "2016-12-13"),
    ("\u200fأمس\u200f السبت\u200f", "أمس\u200f السبت", "2017-12-09"),                   # bidi marks
    ("\u200f١٣/١٢/٢٠١٧\u200f", "١٣/١٢/٢٠١٧", "2017-12-13"),
])
def test_marks_and_controls_inside_expressions(sentence: str, expr: str, expected: str) -> None:
    mention = only(sentence)
    assert mention.expr == expr and mention.date == date.fromisoformat(expected)


def test_hijri_date_matches_its_gregorian_day() -> None:
    assert only("25 ربيع الأول 1439 هـ").date == date(2017, 12, 13)  # a Wednesday (Umm al-Qura)
    assert only("1 رمضان 1438").date == date(2017, 5, 27)


@pytest.mark.parametrize("sentence,expr", [
    ("سقطت البلدة في 31 شباط 2016.", "31 شباط 2016"),           # no such day
    ("سقطت البلدة في 30/02/2016.", "30/02/2016"),
    ("سقطت البلدة في 29 شباط 2017.", "29 شباط 2017"),           # not a leap year
    ("اتفاق ينتهي في 13 كانون الأول 2090.", "13 كانون الأول 2090"),  # far in the future
    ("ستبدأ المرحلة الثانية الشهر المقبل.", "الشهر المقبل"),
    ("تستأنف المفاوضات يوم الأحد المقبل.", "يوم الأحد المقبل"),
    ("تستأنف المفاوضات غدا.", "غدا"),
    ("دخلت القوات الحي في العشرين من الشهر الجاري.", "العشرين من الشهر الجاري"),  # after the 12th
    ("تراجع التنظيم منذ أيام.", "منذ أيام"),                     # a few days: no number to resolve
])
def test_impossible_or_future_dates_keep_the_expression_without_a_date(sentence: str, expr: str) -> None:
    mention = only(sentence)
    assert mention.expr == expr and mention.date is None


@pytest.mark.parametrize("sentence", [
    "قال مصدر أمس إن القوات تقدمت.", "قبل يومين", "الشهر الماضي", "أيلول الماضي", "يوم الثلاثاء", "في 5 آب",
])
def test_relative_expressions_without_publication_date_are_kept_unresolved(sentence: str) -> None:
    mention = only(sentence, None)
    assert mention.date is None and mention.expr in sentence


def test_absolute_dates_resolve_without_publication_date() -> None:
    assert only("في 13 كانون الأول 2016", None).date == date(2016, 12, 13)


@pytest.mark.parametrize("sentence", [
    "ارتفعت حصيلة القتلى إلى 2016 شخصا.",     # a number, not a year
    "قال أحد القادة إن الاتفاق قائم.",          # أحد is not الأحد
    "أمسك المقاتلون بزمام المبادرة.",           # أمسك is not أمس
    "وطالبت المنظمة بحماية المدنيين في تموز.",  # حماية contains ماي; تموز after في is a month, counted once
])
def test_lookalikes_are_not_dates(sentence: str) -> None:
    found = find_dates(sentence, PUB)
    assert all(m.expr in ("تموز",) for m in found), found


def test_month_names_need_context() -> None:
    assert find_dates("وقال أبو آب إن تموز مدينة قديمة", PUB) == []
    assert [m.expr for m in find_dates("خلال أيار وحزيران الماضي", PUB)] == ["أيار", "حزيران الماضي"]


def test_longest_expression_wins_and_results_are_in_order() -> None:
    text = "تقدمت القوات أمس السبت، وكانت قد سيطرت في 3 آب 2017 على التلة، ثم انسحبت قبل يومين."
    found = find_dates(text, PUB)
    assert [m.expr for m in found] == ["أمس السبت", "3 آب 2017", "قبل يومين"]
    assert [m.start for m in found] == sorted(m.start for m in found)


# ---------------------------------------------------------------------------------------------- publication date

@pytest.mark.parametrize("text,expected", [
    ("عنوان الخبر هنا\nالإثنين 21/ديسمبر/2015 - 10:38 م\nنص الخبر.", date(2015, 12, 21)),
    ("عنوان\n13 كانون الأول 2017\nنص.", date(2017, 12, 13)),
    ("عنوان\nنشر بتاريخ: 2017-12-13\nنص.", date(2017, 12, 13)),
    ("عنوان\nآخر تحديث ١٣/١٢/٢٠١٧\nنص.", date(2017, 12, 13)),
    ("عنوان\nالأربعاء 25 ربيع الأول 1439 هـ\nنص.", date(2017, 12, 13)),
])
def test_publication_date_in_header(text: str, expected: date) -> None:
    assert publication_date_in_text(text) == expected


def test_publication_date_only_in_the_header_area_and_within_bounds() -> None:
    body = "\n".join(f"سطر رقم {i} من نص الخبر دون أي تاريخ فيه على الإطلاق." for i in range(20))
    assert publication_date_in_text(f"عنوان\n{body}\n13 كانون الأول 2017") is None
    assert publication_date_in_text("عنوان\n13 كانون الأول 1950\nنص") is None
    assert publication_date_in_text("عنوان\n31 شباط 2017\nنص") is None
    assert publication_date_in_text("سيطرت القوات أمس على البلدة.") is None
    assert publication_date_in_text("") is None


# ---------------------------------------------------------------------------------------------- properties

_ARABIC_BITS = st.sampled_from([
    "أمس", "اليوم", "السبت", "قبل", "يومين", "أيام", " ", "\n", "/", "-", "من", "الشهر", "الجاري", "الماضي", "كانون",
    "الأول", "آب", "في", "2016", "31", "١٣", "٢٠١٧", "ربيع", "1439", "هـ", "عام", "و", "ب", "نحو", "3", "شباط",
    "\u200f", "\u200d", "السابع", "أول", "تشرين", "الثاني", "/ديسمبر/", "10:38", "هذا", "الأسبوع", "منذ", "غدا",
])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(_ARABIC_BITS, max_size=30).map("".join)),
       st.one_of(st.none(), st.dates()))
def test_find_dates_never_raises_and_offsets_point_at_expr(text: str, published: date | None) -> None:
    found = find_dates(text, published)
    last_end = 0
    for mention in found:
        assert text[mention.start:mention.end] == mention.expr and mention.expr
        assert mention.start >= last_end  # in order, never overlapping
        last_end = mention.end
        assert mention.precision in (None, "day", "week", "month", "year")
        if mention.date is not None and published is not None and published < date(9999, 1, 1):
            assert mention.date <= published + timedelta(days=1)  # never in the future
        if published is None and mention.date is not None:
            assert mention.precision == "day" or mention.precision in ("month", "year")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_publication_date_in_text_never_raises(text: str) -> None:
    value = publication_date_in_text(text)
    assert value is None or 1990 <= value.year <= 2099


_DATE_WORDS = ("أيلول", "كانون الأول", "ديسمبر", "آب", "شهر", "الماضي", "المنصرمة", "الجاري", "القادم", "المقبلة",
               "الفائت", "السابق", "الحالي", "أول", "من", "أمس", "الأول", "السابع", "2016", "13", "عام", "/", "،",
               "ربيع", "1439", "هـ", "في", "يوم", "الثلاثاء", "قبل", "يومين", "وصلت", "القوات")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=12))
def test_the_gates_only_skip_windows_where_a_pattern_cannot_match(words):
    # a pattern's gate (a digit, a relative word, the ول of أول أمس) is skipped only where the pattern finds
    # nothing: the same mentions with every gate off
    import arabic.dates as dates

    text = " ".join(words)
    gated = find_dates(text, PUB)
    saved = dates._BY_KIND
    dates._BY_KIND = {kind: [(r, rx, res, None) for r, rx, res, _ in entries] for kind, entries in saved.items()}
    try:
        assert find_dates(text, PUB) == gated
    finally:
        dates._BY_KIND = saved


def test_a_gated_pattern_still_finds_its_date():
    assert only("دخلت القوات المدينة في 13 كانون الأول 2016").date == date(2016, 12, 13)
    assert only("انسحبت الفصائل في أيلول الماضي").date == date(2017, 9, 1)
    assert only("سيطر الجيش على التلة أول أمس").date == date(2017, 12, 10)
    assert [m.expr for m in find_dates("تقدمت القوات في أيلول نحو البلدة", PUB)] == ["أيلول"]


# ---------------------------------------------------------------------------------------------- glosses, same year

@pytest.mark.parametrize("sentence,expr,expected", [
    ("وفي الثالث من تشرين أكتوبر 2015 دخلت القوات البلدة.", "الثالث من تشرين أكتوبر 2015", "2015-10-03"),
    ("انسحب المسلحون في 9 حزيران يونيو 2014 من المعبر.", "9 حزيران يونيو 2014", "2014-06-09"),
    ("وفي 12 كانون ديسمبر 2016 أعلن الجيش السيطرة على الحي.", "12 كانون ديسمبر 2016", "2016-12-12"),
])
def test_month_glossed_without_a_slash(sentence: str, expr: str, expected: str) -> None:
    mention = only(sentence, None)
    assert (mention.expr, str(mention.date), mention.precision) == (expr, expected, "day")


@pytest.mark.parametrize("sentence,expr,expected,precision", [
    ("وفي الخامس من آذار من العام نفسه سيطرت الفصائل على التلة.", "الخامس من آذار من العام نفسه",
     "2013-03-05", "day"),
    ("وفي 20 أيلول من نفس العام انسحب التنظيم من القرية.", "20 أيلول من نفس العام", "2013-09-20", "day"),
    ("وفي نيسان من السنة ذاتها استعاد الجيش المطار.", "نيسان من السنة ذاتها", "2013-04-01", "month"),
])
def test_same_year_takes_the_year_given(sentence: str, expr: str, expected: str, precision: str) -> None:
    found = find_dates(sentence, None, year=2013)
    assert [(m.expr, str(m.date), m.precision) for m in found] == [(expr, expected, precision)]


def test_same_year_without_a_year_before_is_unresolved_not_guessed() -> None:
    found = find_dates("وفي الخامس من آذار من العام نفسه سيطرت الفصائل على التلة.", PUB)
    assert [(m.expr, m.date) for m in found] == [("الخامس من آذار من العام نفسه", None)]


def test_last_year_named_and_the_gate() -> None:
    from arabic.dates import last_year_named, names_same_year
    assert last_year_named("في عام 2012 ثم في ٢٠١٤ بدأت المعارك، وقتل 3000 شخص") == 2014
    assert last_year_named("لا سنة هنا 123") is None
    assert names_same_year("في أيار من العام ذاته") and names_same_year("في نفس السنة")
    assert not names_same_year("في العام الماضي")


def test_same_year_in_an_article_dates_the_claim() -> None:
    from extract.forces import load_lexicon
    from extract.pipeline import extract_article
    from gazetteer import load_gazetteer
    from records.article import Article
    text = ("بدأت المعارك حول مدينة الرقة في الرابع من شباط 2016.\n"
            "وفي العاشر من حزيران من العام نفسه سيطرت قوات سوريا الديمقراطية على مدينة منبج.")
    events = [e for e in extract_article(Article("a1", text, date(2018, 1, 9)), gazetteer=load_gazetteer(),
                                                 forces=load_lexicon()) if e.place_ar == "منبج"]
    assert events and events[0].date == date(2016, 6, 10)


def test_the_duration_of_an_ongoing_conflict_does_not_date_a_claim(claims_dates) -> None:
    text = "وحققت الفصائل الاثنين (4 آذار 2013) تقدمها الأبرز في النزاع المستمر منذ نحو عامين بسيطرتها على مدينة الرقة."
    assert claims_dates(text) == [("الرقة", date(2013, 3, 4))]
    assert claims_dates("وسيطرت الفصائل على مدينة الرقة منذ يومين.") == [("الرقة", date(2013, 3, 3))]


@pytest.fixture(scope="module")
def claims_dates():
    from extract.forces import load_lexicon
    from extract.pipeline import extract_article
    from gazetteer import load_gazetteer
    from records.article import Article
    gaz, forces = load_gazetteer(), load_lexicon()
    return lambda text: [(e.mention, e.date) for e in extract_article(Article("t", text, date(2013, 3, 5)),
                                                                       gazetteer=gaz, forces=forces)]
