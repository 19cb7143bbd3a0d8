"""Dates in Arabic news: the publication date in a header, and every date expression in the text.

News dates events relative to the day of publication (اليوم، أمس السبت، قبل يومين، الشهر
الماضي …), in two families of month names (يناير … / كانون الثاني …), in Hijri, with Eastern
Arabic digits. ``find_dates`` keeps every expression it recognises with its exact span; the
date is ``None`` when it cannot be resolved (no publication date, impossible day, future),
so a caller can still show what the text said.

Each resolved date carries a precision; a month or year is represented by its first day,
a week by the day 7×N days before publication (the publication day for "this week").
Pure functions, no clock: "the future" means after the publication date.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from core.regex import compile_fast

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
MIN_YEAR, MAX_YEAR = 1900, 2099
FUTURE_SLACK = timedelta(days=1)  # time zones: an article may be dated a day before the event it reports
HEADER_LINES = 8

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")  # same length: offsets survive


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``text[start:end]`` (== ``expr``) and what it resolves to, if anything."""

    start: int
    end: int
    expr: str
    date: date | None
    precision: str | None


# ---------------------------------------------------------------------------------------------- vocabulary

_A = "[اأإآ]"
_Y = "[يى]"
_H = "[ةه]"
_MONTHS: list[tuple[str, int]] = [
    ("يناير|جانفي|جانفييه|كانون\\s+(?:ال)?ثاني", 1), ("فبراير|شباط|فيفري|فبرير", 2), (f"مارس|{_A}ذار", 3),
    (f"{_A}بريل|نيسان|{_A}فريل", 4), (f"مايو|ماي|{_A}يار", 5), ("يونيو|يونيه|حزيران|جوان", 6),
    (f"يوليو|يوليه|تموز|جويلي{_H}", 7), (f"{_A}غسطس|آب|{_A}وت", 8), (f"سبتمبر|{_A}يلول|شتنبر", 9),
    (f"{_A}كتوبر|تشرين\\s+(?:ال)?{_A}ول", 10), ("نوفمبر|نونبر|تشرين\\s+(?:ال)?ثاني", 11),
    (f"ديسمبر|دجنبر|كانون\\s+(?:ال)?{_A}ول", 12),
]
_HIJRI_MONTHS: list[tuple[str, int]] = [
    ("محرم|المحرم", 1), ("صفر", 2), (f"ربيع\\s+(?:ال)?{_A}ول", 3), (f"ربيع\\s+(?:ال)?(?:آخر|{_A}خر|ثاني)", 4),
    (f"جماد{_Y}\\s+(?:ال)?{_A}ول{_Y}?", 5), (f"جماد{_Y}\\s+(?:ال)?(?:آخر{_H}?|{_A}خر{_H}?|ثاني{_H}?)", 6), ("رجب", 7),
    ("شعبان", 8), ("رمضان", 9), ("شوال", 10), (f"ذ[وي]\\s+(?:ال)?قعد{_H}", 11), (f"ذ[وي]\\s+(?:ال)?حج{_H}", 12),
]
_WEEKDAYS: list[tuple[str, int]] = [  # date.weekday(): Monday is 0
    (f"ال{_A}ثنين", 0), ("الثلاثاء|الثلاثا", 1), (f"ال{_A}ربعاء|ال{_A}ربعا", 2), ("الخميس", 3),
    (f"الجمع{_H}", 4), ("السبت", 5), (f"ال{_A}حد", 6),
]
_UNITS = ["ال{A}ول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
_ORDINALS: list[tuple[str, int]] = [(u.format(A=_A), i) for i, u in enumerate(_UNITS, 1)]
_ORDINALS += [("الحادي\\s+عشر", 11)] + [(f"{_UNITS[n - 11].format(A=_A)}\\s+عشر", n) for n in range(12, 20)]
_ORDINALS += [("العشرين", 20), ("الحادي\\s+والعشرين", 21)]
_ORDINALS += [(f"{_UNITS[n - 21].format(A=_A)}\\s+والعشرين", n) for n in range(22, 30)]
_ORDINALS += [("الثلاثين", 30), ("الحادي\\s+والثلاثين", 31)]
_COUNTS: list[tuple[str, int]] = [
    (f"ثلاث{_H}?", 3), (f"{_A}ربع{_H}?", 4), (f"خمس{_H}?", 5), (f"ست{_H}?", 6), (f"سبع{_H}?", 7),
    (f"ثماني{_H}?|ثمان", 8), (f"تسع{_H}?", 9), (f"عشر{_H}?", 10),
]


def _alt(table: list[tuple[str, int]]) -> str:
    return "|".join(sorted((p for p, _ in table), key=len, reverse=True))


# The word tables by name, each compiled on first use. Safe as a module cache: the key is a table's name and
# the tables are this module's constants, so an entry can never go stale, and there are only five.
_TABLES = {"month": _MONTHS, "hijri": _HIJRI_MONTHS, "weekday": _WEEKDAYS, "ordinal": _ORDINALS, "count": _COUNTS}
_LOOKUPS: dict[str, list[tuple[re.Pattern, int]]] = {}


def _lookup(table: str, word: str) -> int:
    """The value of the first entry of the table named ``table`` whose pattern matches all of ``word``."""
    compiled = _LOOKUPS.get(table)
    if compiled is None:
        compiled = _LOOKUPS[table] = [(re.compile(p), v) for p, v in _TABLES[table]]
    for pattern, value in compiled:
        if pattern.fullmatch(word):
            return value
    raise KeyError(word)


MON = f"(?:{_alt(_MONTHS)})"
HMONTH = f"(?:{_alt(_HIJRI_MONTHS)})"
WDAY = f"(?:{_alt(_WEEKDAYS)})"
ORD = f"(?:{_alt(_ORDINALS)})"
COUNT = f"(?:{_alt(_COUNTS)}|\\d{{1,3}})"
PAST = f"(?:الماض{_Y}|الماضي{_H}|المنصرم{_H}?|الفائت{_H}?|السابق{_H}?)"
NOW = f"(?:الجاري{_H}?|الحالي{_H}?)"
NEXT = f"(?:المقبل{_H}?|القادم{_H}?)"
E = r"(?!\w)"  # a word end; word starts are checked by _word_start (a lookbehind costs more)
# A month, optionally glossed in the other family: "كانون الأول/ديسمبر", "ديسمبر (كانون الأول)", "حزيران يونيو",
# or with the Levantine name cut to its first word: "تشرين أكتوبر".
MPHRASE = f"(?:(?:تشرين|كانون)\\s+)?(?P<m>{MON})(?:(?:\\s*(?:/|-|–|\\()\\s*|\\s+){MON}\\s*\\)?)?"
# "of the same year" after a day and month: the year is the one the article last named (``find_dates(year=…)``).
SAME_YEAR = f"(?:من\\s+)?(?:(?:العام|السن{_H})\\s+(?:نفس{_H}|نفسه|نفسها|ذات{_H}|ذاته|ذاتها)|(?:نفس|ذات)\\s+(?:العام|السن{_H}))"
YEARNUM = r"(?P<y>\d{4})"
YEARWORD = "(?:(?:من\\s+)?(?:عام|العام|سنة|لعام)\\s+)"
_PAST_RE, _NEXT_RE = re.compile(PAST), re.compile(NEXT)
DAYPART = f"(?:(?:يوم|صباح|مساء|ظهر|فجر|عصر|ليل{_H}|ليل)\\s+)"


# ---------------------------------------------------------------------------------------------- resolvers

def _valid(y: int, m: int, d: int) -> date | None:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= monthrange(y, m)[1]):
        return None
    return date(y, m, d)


def _not_future(value: date | None, pub: date | None) -> date | None:
    return None if value is None or (pub is not None and value > pub + FUTURE_SLACK) else value


def _month_back(pub: date, months: int) -> date:
    index = pub.year * 12 + pub.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _recent_month(pub: date, month: int, strictly_before: bool) -> date:
    """The most recent month named ``month`` on or (``strictly_before``) before publication."""
    year = pub.year if (month < pub.month or (month == pub.month and not strictly_before)) else pub.year - 1
    return date(year, month, 1)


def _recent_weekday(pub: date, weekday: int, strictly_before: bool) -> date:
    back = (pub.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return pub - timedelta(days=back)


def _nearest_weekday(target: date, weekday: int, latest: date) -> date:
    """The day named ``weekday`` nearest to ``target`` (the earlier on a tie), never after ``latest``."""
    ahead = (weekday - target.weekday()) % 7
    after, before = target + timedelta(days=ahead), target - timedelta(days=(7 - ahead) % 7)
    return after if ahead and ahead < 7 - ahead and after <= latest else before


def _day_of(g: dict[str, str | None]) -> int:
    d = g.get("d") or ""
    return int(d) if d.isdigit() else _lookup("ordinal", d)


def _rel(g: dict[str, str | None]) -> str:
    word = g.get("rel") or ""
    if _PAST_RE.fullmatch(word):
        return "past"
    if _NEXT_RE.fullmatch(word):
        return "next"
    return "now" if word else ""


Result = tuple[date | None, str | None]


def _full(g, pub) -> Result:
    return _not_future(_valid(int(g["y"]), _lookup("month", g["m"]), _day_of(g)), pub), DAY


def _numeric(g, pub) -> Result:
    return _not_future(_valid(int(g["y"]), int(g["mm"]), int(g["d"])), pub), DAY


def _hijri(g, pub) -> Result:
    from hijridate import Hijri  # lazy: heavy third-party import, kept off start-up
    try:
        value = Hijri(int(g["y"]), _lookup("hijri", g["m"]), _day_of(g)).to_gregorian()
    except (ValueError, OverflowError):
        return None, DAY
    return _not_future(_valid(value.year, value.month, value.day), pub), DAY


def _day_month(g, pub) -> Result:
    if pub is None:
        return None, DAY
    month, day = _lookup("month", g["m"]), _day_of(g)
    year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    return _valid(year, month, day), DAY


def _month_year(g, pub) -> Result:
    return _not_future(_valid(int(g["y"]), _lookup("month", g["m"]), 1), pub), MONTH


def _month_named(g, pub) -> Result:
    rel = _rel(g)
    if pub is None or rel == "next":
        return None, MONTH
    month = _lookup("month", g["m"])
    if rel == "now":
        return (date(pub.year, month, 1) if month <= pub.month else None), MONTH
    return _recent_month(pub, month, strictly_before=rel == "past"), MONTH


def _year(g, pub) -> Result:
    return _not_future(_valid(int(g["y"]), 1, 1), pub), YEAR


def _offset_days(days: int) -> Callable:
    def resolve(g, pub) -> Result:
        if pub is None:
            return None, DAY
        if g.get("wd"):  # "أمس السبت": the named weekday wins over a publication date off by a time zone
            latest = pub + FUTURE_SLACK - timedelta(days=days)
            return _nearest_weekday(pub - timedelta(days=days), _lookup("weekday", g["wd"]), latest), DAY
        return pub - timedelta(days=days), DAY
    return resolve


def _future(g, pub) -> Result:
    return None, None


def _weekday(g, pub) -> Result:
    rel = _rel(g)
    if pub is None or rel == "next":
        return None, DAY
    return _recent_weekday(pub, _lookup("weekday", g["wd"]), strictly_before=rel == "past"), DAY


def _ago(g, pub) -> Result:
    unit = g["unit"]
    if re.fullmatch(f"يوم|يومين|{_A}يام", unit):
        precision, per = DAY, 1
    elif re.fullmatch(f"{_A}سبوع|{_A}سبوعين|{_A}سابيع", unit):
        precision, per = WEEK, 7
    elif re.fullmatch(f"شهر|شهرين|{_A}شهر|شهور", unit):
        precision, per = MONTH, 0
    else:
        precision, per = YEAR, 0
    count = g.get("n")
    if count:
        n = int(count) if count.isdigit() else _lookup("count", count)
    elif re.search("ين$|تين$", unit):
        n = 2
    elif re.fullmatch(f"{_A}يام|{_A}سابيع|{_A}شهر|شهور|{_A}عوام|سنوات", unit):
        return None, None  # "قبل أيام": a few, not a number
    else:
        n = 1
    if pub is None or n > 3660:
        return None, precision
    if per:
        return pub - timedelta(days=n * per), precision
    if precision == MONTH:
        return (_month_back(pub, n) if n < 1200 else None), MONTH
    return _valid(pub.year - n, 1, 1), YEAR


def _period(precision: str) -> Callable:
    def resolve(g, pub) -> Result:
        rel = _rel(g) or "now"  # "هذا الشهر" has no relative word
        if pub is None or rel == "next":
            return None, precision
        back = 1 if rel == "past" else 0
        if precision == WEEK:
            return pub - timedelta(days=7 * back), WEEK
        if precision == MONTH:
            return _month_back(pub, back), MONTH
        return date(pub.year - back, 1, 1), YEAR
    return resolve


def _of_month(g, pub) -> Result:
    if pub is None:
        return None, DAY
    rel = _rel(g) or "now"
    if rel == "next":
        return None, DAY
    first = _month_back(pub, 1 if rel == "past" else 0)
    return _not_future(_valid(first.year, first.month, _day_of(g)), pub), DAY


def _same_year(g, pub) -> Result:
    """A day or month "of the same year": the year ``find_dates`` was told the article last named (in ``y``)."""
    if not g.get("y"):
        return None, (DAY if g.get("d") else MONTH)
    if g.get("d"):
        return _full(g, pub)
    return _month_year(g, pub)


# ---------------------------------------------------------------------------------------------- patterns

DAYNUM = f"(?P<d>[0-3]?\\d|{ORD})"
_NOT_ORDINAL_DAY = f"(?!\\s+(?:التالي|السابق|الموالي|الذي|نفس{_H}|{ORD}){E})"
_PATTERNS: list[tuple[str, Callable]] = [
    # الإثنين 21/ديسمبر/2015 ، 13 كانون الأول 2017 ، السابع من أيلول عام 2016
    (f"(?P<x>(?:{WDAY}\\s*[،,]?\\s*)?{DAYNUM}\\s*(?:من\\s+)?[/\\-.]?\\s*(?:شهر\\s+)?{MPHRASE}\\s*[/\\-.,،]?\\s*"
     f"{YEARWORD}?{YEARNUM}(?:\\s*م{E})?){E}", _full),
    # 2017-12-13 (also 2017-12-13T10:00), 13/12/2017, 13-12-2017, 13.12.2017
    ("(?P<x>(?P<y>\\d{4})(?P<sep>[-/.])(?P<mm>\\d{1,2})(?P=sep)(?P<d>\\d{1,2}))(?!\\d)", _numeric),
    (f"(?P<x>(?:{WDAY}\\s*[،,]?\\s*)?(?P<d>\\d{{1,2}})(?P<sep>[-/.])(?P<mm>\\d{{1,2}})(?P=sep)(?P<y>\\d{{4}}))"
     f"(?!\\d)", _numeric),
    # 25 ربيع الأول 1439 هـ
    (f"(?P<x>(?:{WDAY}\\s*[،,]?\\s*)?{DAYNUM}\\s*(?:من\\s+)?(?:شهر\\s+)?(?P<m>{HMONTH})\\s*[/\\-.,،]?\\s*"
     f"{YEARWORD}?(?P<y>1[2-5]\\d\\d)"
     f"(?:\\s*(?:هـ|ه{E}|هجري{_H}?|للهجر{_H}))?)(?!\\d)", _hijri),
    # في السابع من أيلول ، 13 كانون الأول (no year: resolved against publication)
    (f"(?P<x>{DAYNUM}\\s*(?:من\\s+)?[/\\-.]?\\s*(?:شهر\\s+)?{MPHRASE}){E}(?!\\s*[/\\-.,،]?\\s*\\d)", _day_month),
    # أيلول 2016 ، شهر آب من عام 2015
    (f"(?P<x>(?:شهر\\s+)?{MPHRASE}\\s*[/\\-,،]?\\s*{YEARWORD}?{YEARNUM})(?!\\d)", _month_year),
    # أيلول الماضي ، شهر آذار الجاري
    (f"(?P<x>(?:شهر\\s+)?{MPHRASE}\\s+(?P<rel>{PAST}|{NOW}|{NEXT})){E}", _month_named),
    # في أيلول ، خلال شهر آب (month names are ordinary words too: only after a cue)
    (f"(?:في|خلال|منذ|مطلع|{_A}وائل|{_A}واخر|منتصف|{_A}واسط|نهاي{_H}|بداي{_H}|حتى)\\s+"
     f"(?P<x>(?:شهر\\s+)?{MPHRASE}){E}(?!\\s*[/\\-,،]?\\s*\\d)", _month_named),
    (f"(?P<x>شهر\\s+{MPHRASE}){E}(?!\\s*[/\\-,،]?\\s*\\d)", _month_named),
    # عام 2016 ، في 2016
    (f"(?P<x>(?:عام|العام|سنة|لعام)\\s+{YEARNUM}(?:\\s*م{E})?)(?!\\d)", _year),
    (f"(?:في|خلال|منذ|مطلع|حتى)\\s+(?P<x>{YEARNUM})(?!\\d)(?!\\s*[/\\-.]\\s*\\d)", _year),
    # اليوم ، صباح اليوم ، اليوم السبت
    (f"(?P<x>{DAYPART}?اليوم(?:\\s+(?P<wd>{WDAY}))?){E}{_NOT_ORDINAL_DAY}", _offset_days(0)),
    # أمس ، يوم أمس ، أمس السبت ، البارحة
    (f"(?P<x>{DAYPART}?(?:{_A}مس|ال{_A}مس|البارح{_H})(?:\\s+(?P<wd>{WDAY}))?){E}", _offset_days(1)),
    # أول أمس ، أول من أمس ، أمس الأول
    (f"(?P<x>{DAYPART}?(?:{_A}ول\\s+(?:من\\s+)?{_A}مس|{_A}مس\\s+ال{_A}ول)(?:\\s+(?P<wd>{WDAY}))?){E}", _offset_days(2)),
    (f"(?P<x>(?:يوم\\s+)?(?:غدا|غداً|غد)){E}", _future),
    # يوم الثلاثاء ، الثلاثاء الماضي
    (f"(?P<x>{DAYPART}?(?P<wd>{WDAY})(?:\\s+(?P<rel>{PAST}|{NEXT}))?){E}", _weekday),
    # قبل يومين ، قبل نحو 3 أيام ، منذ أسبوعين ، قبل شهر
    (f"(?P<x>(?:قبل|منذ)\\s+(?:(?:نحو|حوالي|حوالى|قرابة|زهاء|{_A}كثر\\s+من|{_A}قل\\s+من)\\s+)?(?:(?P<n>{COUNT})\\s*)?"
     f"(?P<unit>يومين|يوم|{_A}يام|{_A}سبوعين|{_A}سبوع|{_A}سابيع|شهرين|شهور|شهر|{_A}شهر"
     f"|عامين|عام|{_A}عوام|سنتين|سنوات|سن{_H}))"
     f"{E}(?!\\s*\\d)", _ago),
    # الأسبوع الماضي ، هذا الأسبوع ، الشهر الجاري ، العام الماضي
    (f"(?P<x>ال{_A}سبوع\\s+(?P<rel>{PAST}|{NOW}|{NEXT})|هذا\\s+ال{_A}سبوع){E}", _period(WEEK)),
    (f"(?P<x>الشهر\\s+(?P<rel>{PAST}|{NOW}|{NEXT})|هذا\\s+الشهر){E}", _period(MONTH)),
    (f"(?P<x>(?:العام|السن{_H})\\s+(?P<rel>{PAST}|{NOW}|{NEXT})|(?:هذا\\s+العام|هذه\\s+السن{_H})){E}", _period(YEAR)),
    # في السابع من الشهر الجاري ، 7 من الشهر الماضي ، العاشر من هذا الشهر
    (f"(?P<x>{DAYNUM}\\s+(?:من\\s+)?(?:الشهر\\s+(?P<rel>{PAST}|{NOW})|هذا\\s+الشهر|الشهر){E})", _of_month),
    # في السادس من حزيران من العام نفسه ، في آذار من السنة ذاتها
    (f"(?P<x>(?:{DAYNUM}\\s*(?:من\\s+)?)?(?:شهر\\s+)?{MPHRASE}\\s*[،,]?\\s*{SAME_YEAR}){E}", _same_year),
]
_COMPILED = [(compile_fast(p), fn) for p, fn in _PATTERNS]  # (?:X)? run as (?:X|): core/regex.py
# Each pattern contains a word of its kind (in some hamza / ta marbuta spelling) or digits, and only runs in
# windows around such words: a lookbehind-free, anchor-first scan several times faster on ordinary news text.
_KINDS = ["month", "digit", "digit", "hijri", "month", "month", "month", "month", "month", "digit", "digit", "today",
          "yesterday", "yesterday", "tomorrow", "weekday", "ago", "week", "monthword", "yearword", "monthword",
          "month"]
assert len(_KINDS) == len(_COMPILED)
# What a pattern cannot match without, by rank: a digit (the year of a full date), a relative word (every
# spelling of PAST, NOW and NEXT starts with one of these stems), the ول of أول أمس / أمس الأول, the نفس or ذات
# of "the same year" (every spelling of SAME_YEAR holds one). A window
# holding none of it is skipped before the pattern runs: most windows around a month name or أمس hold none,
# and a pattern without a literal start costs a try at every character of its window.
_DIGIT_GATE = re.compile(r"\d")
_GATES: dict[int, re.Pattern[str]] = {0: _DIGIT_GATE, 3: _DIGIT_GATE, 5: _DIGIT_GATE,
                                      6: re.compile("ال(?:ماض|منصرم|فائت|سابق|جاري|حالي|مقبل|قادم)"),
                                      13: re.compile("ول"), 21: re.compile("نفس|ذات")}  # 21: "the same year"
# kind → its patterns, with their rank and gate (None: no gate)
_BY_KIND: dict[str, list[tuple[int, re.Pattern[str], Callable, re.Pattern[str] | None]]] = {}
for _rank, (_regex, _resolve) in enumerate(_COMPILED):
    _BY_KIND.setdefault(_KINDS[_rank], []).append((_rank, _regex, _resolve, _GATES.get(_rank)))
_ANCHOR_WORDS = {
    "month": "يناير جانفي كانون فبراير شباط فيفري فبرير مارس اذار آذار ابريل نيسان افريل مايو ماي ايار يونيو يونيه "
             "حزيران جوان يوليو يوليه تموز جويلي اغسطس آب اوت سبتمبر ايلول شتنبر اكتوبر تشرين نوفمبر نونبر ديسمبر "
             "دجنبر شهر",
    "hijri": "محرم المحرم صفر ربيع جماد رجب شعبان رمضان شوال قعده القعده حجه الحجه",
    "weekday": "الاثنين الثلاثا الاربعا الخميس الجمعه السبت الاحد",
    "today": "اليوم", "yesterday": "امس الامس البارحه", "tomorrow": "غد", "ago": "قبل منذ",
    "week": "الاسبوع", "monthword": "الشهر", "yearword": "العام السنه",
}
_ANY_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
_DATE_LINE_WORDS = re.compile("نشر|بتاريخ|تاريخ|تحديث|محدث|آخر")
_DIGIT_ANCHOR = re.compile(r"\d(?:\d{3}|[-/.]\d)")  # a year, or 13/12: one digit test per place
_A_DIGIT = re.compile(r"\d")


def _anchor_automaton():
    from arabic.automaton import build_automaton  # lazy: it imports a heavy third-party module
    return build_automaton((spelling, (len(spelling), kind)) for kind, words in _ANCHOR_WORDS.items()
                           for word in words.split() for spelling in _spellings(word))


def _spellings(word: str) -> list[str]:
    """Every way news spells ``word``: ا as ا/أ/إ, a final ه as ه/ة."""
    out = [""]
    for i, ch in enumerate(word):
        options = "اأإ" if ch == "ا" else "هة" if ch == "ه" and i == len(word) - 1 else ch
        out = [prefix + o for prefix in out for o in options]
    return out


_AUTOMATON = _anchor_automaton()
# Bidi controls and zero-width spaces sit between words: they scan as spaces (same length).
_SPACES = "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_SCAN_TABLE = {**_DIGITS, **str.maketrans(_SPACES, " " * len(_SPACES))}
_EASTERN = re.compile(f"[٠-٩۰-۹{_SPACES}]")
# Diacritics, tatweel, soft hyphens and joiners sit inside words: they are removed before scanning.
_IN_WORD = "\u064b-\u065f\u0670\u0640\u00ad\u200c\u200d"
_IGNORABLE = re.compile(f"[{_IN_WORD}]")
_TRAILING = re.compile(f"[{_IN_WORD}]*")
_SPECIAL = re.compile(f"[\\d{_SPACES}{_IN_WORD}]")  # digits (Eastern ones too) and what _for_scanning changes
WINDOW = 70  # characters either side of an anchor: longer than any date expression reaches from its anchor


# ---------------------------------------------------------------------------------------------- public

def find_dates(text: str, published: date | None, *, year: int | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, resolved against ``published`` where possible.

    ``year`` is the year the surrounding text last named, for "in June of the same year" (``text`` is often
    one sentence, and the year is in an earlier one). Overlapping matches keep the longest (``أمس السبت`` over
    ``السبت``). Never raises on odd input.
    """
    if not text:
        return []
    scan, to_text, first = _for_scanning(text)
    found: list[tuple[int, int, int, Callable, dict]] = []
    windows = _windows(scan, first)
    for kind, spans in windows.items():  # only the kinds whose anchors occur (``found`` is sorted below)
        for rank, regex, resolve, gate in _BY_KIND[kind]:
            for lo, hi in spans:
                if gate is not None and gate.search(scan, lo, hi) is None:
                    continue  # a match lies inside the window, and would hold what the gate looks for
                pos = lo
                while (match := regex.search(scan, pos, hi)) is not None:
                    at = match.start()
                    if at and scan[at - 1] != " " and not _word_start(scan, at):  # (most follow a space)
                        pos = at + 1  # inside a word: look again from the next character
                        continue
                    start, end = match.span("x")
                    if end > start:
                        found.append((start, end, rank, resolve, match.groupdict()))
                    pos = max(match.end(), match.start() + 1)
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for start, end, _rank, resolve, groups in found:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        if resolve is _same_year:
            groups = {**groups, "y": str(year) if year else None}
        try:
            value, precision = resolve(groups, published)
        except (KeyError, ValueError, OverflowError):
            value, precision = None, None
        start, end = to_text(start), to_text(end - 1) + 1
        end = _TRAILING.match(text, end).end()  # "هـ", "أمسِ": keep the marks that end the last word
        out.append(DateMention(start, end, text[start:end], value, precision if value or precision else None))
    return sorted(out, key=lambda m: m.start)


def _for_scanning(text: str) -> tuple[str, Callable[[int], int], int | None]:
    """The text the patterns see, how to map its offsets back to ``text``, and where in it a digit may first
    stand (None: it holds none).

    Eastern Arabic digits become ASCII and bidi controls spaces (same length); diacritics,
    tatweel and zero-width joiners are removed, so ``أمسِ``, ``غداً``, ``الشـهر`` or a stray
    U+200F inside a date still match; the map points back at the original characters. Most sentences have none
    of these, nor any digit: one scan tells.
    """
    special = _SPECIAL.search(text)
    if special is None:
        return text, _unchanged, None
    first = special.start()  # nothing before it changes (nor is a digit)
    scan = text.translate(_SCAN_TABLE) if _EASTERN.search(text, first) else text
    removed = [m.start() for m in _IGNORABLE.finditer(scan, first)]
    if not removed:
        return scan, _unchanged, first
    scan = _IGNORABLE.sub("", scan)
    shifts = [r - j for j, r in enumerate(removed)]  # scan index before which each removed character sat
    return scan, lambda i: i + bisect_right(shifts, i), first


def _unchanged(i: int) -> int:
    """The offset map of a text scanned as it is."""
    return i


def _word_start(scan: str, i: int) -> bool:
    """Is ``i`` a word start, or just after one or two clitic letters (و، ف، ب، ل) that start a word?

    (A lookbehind in every pattern would cost more than all the rest of the scan.)
    """
    for clitics in range(3):  # up to two: "وبالأمس"
        j = i - clitics
        if j == 0 or not _wordch(scan[j - 1]):
            return True
        if j < 1 or scan[j - 1] not in "وفبل":
            return False
    return False


def _wordch(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _windows(scan: str, digits_from: int | None = 0) -> dict[str, list[tuple[int, int]]]:
    """For each anchor kind, disjoint spans of ``scan`` around its words, where its patterns need to run.
    ``digits_from``: no digit stands before it (None: ``scan`` holds no digit)."""
    # most sentences have no digit: skip the slower two-way scan
    first_digit = None if digits_from is None else _A_DIGIT.search(scan, digits_from)
    hits: dict[str, list[tuple[int, int]]] = {}
    if first_digit is not None:
        hits["digit"] = [m.span() for m in _DIGIT_ANCHOR.finditer(scan, first_digit.start())]
    for end, (size, kind) in _AUTOMATON.iter(scan):
        start = end - size + 1
        if start == 0 or scan[start - 1] == " " or _word_start(scan, start):
            hits.setdefault(kind, []).append((start, end + 1))
    windows: dict[str, list[tuple[int, int]]] = {}
    for kind, spans in hits.items():
        merged = windows.setdefault(kind, [])
        for start, end in sorted(spans):
            lo, hi = max(0, start - WINDOW), min(len(scan), end + WINDOW)
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
    return windows


_YEAR_NUMBER = re.compile(r"(?<![0-9٠-٩۰-۹])(?:19|20|١٩|٢٠)[0-9٠-٩]{2}(?![0-9٠-٩۰-۹])")
_SAME_YEAR_GATE = re.compile(f"(?:نفس|ذات)\\s+(?:العام|السن{_H})|(?:العام|السن{_H})\\s+(?:نفس|ذات)")


def names_same_year(text: str) -> bool:
    """Does ``text`` say "the same year"? (Only then is the year named before it worth looking up.)"""
    return ("نفس" in text or "ذات" in text) and _SAME_YEAR_GATE.search(text) is not None  # most have neither word


def last_year_named(text: str, end: int | None = None) -> int | None:
    """The last four-digit year (1900–2099) written in ``text`` before ``end``: the year "the same year" refers
    back to."""
    last = None
    for last in _YEAR_NUMBER.finditer(text, 0, len(text) if end is None else end):
        pass
    return int(last.group().translate(_DIGITS)) if last is not None else None


def publication_date_in_text(text: str) -> date | None:
    """The publication date a page states in its header lines (date lines, bylines), if any.

    Only absolute day-precision dates count, only in the first lines, and only from 1990 to 2099:
    a date line (short, or with نشر/بتاريخ/تحديث) wins over a date in the first sentence.
    """
    if not text:
        return None
    first_lines: list[tuple[str, list[DateMention] | None]] = []  # the lines a fallback date may come from
    for number, line in enumerate(text[:3000].split("\n")[:HEADER_LINES]):
        if not _ANY_DIGIT.search(line):
            continue  # a header date always has digits: scan only the lines that can hold one, in order
        if len(line) > 120 and not _DATE_LINE_WORDS.search(line):
            # a long line cannot be a date line (more than 40 characters besides any date): it may only give
            # the fallback, so it is scanned at the end, and only if no date line is found
            if number < 3:
                first_lines.append((line, None))
            continue
        mentions = find_dates(line, None)  # without a publication date only absolute dates resolve
        if number < 3:
            first_lines.append((line, mentions))
        for mention in mentions:
            value = _day(mention)
            if value is None:
                continue
            rest = (line[:mention.start] + line[mention.end:]).strip()
            if len(rest) <= 40 or _DATE_LINE_WORDS.search(rest):
                return value
    for line, mentions in first_lines:  # no date line: the first date of the first lines
        for mention in find_dates(line, None) if mentions is None else mentions:
            value = _day(mention)
            if value is not None:
                return value
    return None


def _day(mention: DateMention) -> date | None:
    """A plausible publication day, or None."""
    value = mention.date if mention.precision == DAY else None
    return value if value is not None and 1990 <= value.year <= MAX_YEAR else None

