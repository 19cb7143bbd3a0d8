"""The shortcuts taken for speed give the answers of the plain computation they replace.

- a rule's regex search stops where the rule's last key starts: that holds only if every match of every
  rule contains one of its keys, checked here on our own sentences and on the shared articles;
- negation, conditional, future, purpose, control_present, topic, under_control and cannot run only where one of
  their needs occurs (a negator with the space after it, أن + a present prefix, ل + a masdar, a present form of سيطر, a topic
  noun, تحت as a word) and the sentence blockers'
  regex only where one of their stems does: every match (with its proclitics) holds one;
- the cue word before a quoted name is read off the word before it, as the regex window search found it;
- the force finder without reporter flags, plus ``is_reporter`` where asked, is ``find_normalized``;
- dates are found by running only the patterns of the anchor kinds a sentence holds.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from arabic import dates
from arabic.normalize import normalize
from extract import rules
from extract.forces import load_lexicon

SENTENCES = [
    "سيطرت قوات النظام على بلدة كفرنبودة بعد معارك مع فصائل المعارضة",
    "وتسيطر وحدات حماية الشعب على معظم أحياء المدينة التي كان يسيطر عليها التنظيم",
    "أفاد المرصد السوري بأن تنظيم الدولة انسحب من قرية المشرفة، وقال المتحدث باسم التحالف إن الغارات مستمرة",
    "الخاضعة لسيطرة هيئة تحرير الشام، فيما استعاد الجيش السيطرة على تلة الصوان أمس الثلاثاء",
    "وتمكنت الأخيرة من اقتحام البلدة، ثم طردت عناصر داعش من حي الجورة في 7 من الشهر الجاري",
    "لم تتمكن قسد من دخول المدينة المحاصرة منذ أسبوعين، وتشهد أطرافها اشتباكات عنيفة",
    "فيسيطرون على الطريق ويسيطرعلى التلال، فتسيطر الفصائل على القرى الثلاث قبل نحو 3 أيام",
    "شنت طائرات التحالف غارات على مواقع لتنظيم داعش قرب الرقة في 13 كانون الأول 2017",
    "ولا تزال الفصائل تحاول التقدم نحو البلدة، ونفى الجيش ذلك ووصف الأنباء بأنها شائعات لا أساس لها",
    "إذا سيطرت القوات على الجسر فلن تنسحب الفصائل من الضفة، وقد تسيطر لاحقا على السد",
    "وتحشد الفصائل قواتها للسيطرة على التلة ولاقتحام القرية، ومن شأن ذلك أن يسمح لها بأن تسيطر على الطريق",
    "وطرح الوفد فكرة تحرير المدينة، فيما تحتاج البلدة الواقعة تحت سيطرة الفصائل إلى الإمدادات",
]
NEEDING = ("negation", "conditional", "future", "purpose", "control_present", "topic", "under_control", "cannot")


def _articles(shared_path) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted((shared_path / "dev" / "articles").glob("*"))
            + sorted((shared_path / "seeds").glob("*.txt"))]


def _sentences(texts: list[str]) -> list[str]:
    return [s for t in texts for s in re.split(r"[.!?؟؛\n]", normalize(t)) if s.strip()]


def _check_every_match_holds_a_key(sentences: list[str]) -> int:
    checked = 0
    for sent in sentences:
        for rule in rules.RULES:
            keys = [m.start() for k in rule.keys for m in re.finditer(re.escape(k), sent)]
            if not keys:
                continue
            pos = 0
            while (m := rule.pattern.search(sent, pos)) is not None:
                assert any(m.start() <= k < m.end() for k in keys), (rule.name, sent[m.start():m.end()])
                checked += 1
                pos = m.start() + 1
    return checked


def test_every_rule_match_holds_one_of_its_keys_in_our_sentences():
    assert _check_every_match_holds_a_key([normalize(s) for s in SENTENCES]) > 10


def test_every_rule_match_holds_one_of_its_keys_in_the_shared_articles(shared):
    assert _check_every_match_holds_a_key(_sentences(_articles(shared))) > 100


def test_matches_stopping_at_the_last_key_equal_a_full_scan():
    compared = 0
    for sent in map(normalize, SENTENCES):
        for rule, first, last_key in rules._rules_for(sent):
            pos = max(0, first - rule.lead)
            full = rules._matches(rule, sent, pos)
            assert rules._matches(rule, sent, pos, last_key) == full, rule.name
            compared += bool(full)
    assert compared > 5


OPENING = [  # blockers whose matches open with a need, the need a word that holds a shorter need (محاولة: حاول)
    "قصفت الطائرات البلدة في محاولة لاقتحام أطرافها من جهة الغرب، وقالت مصادر إن القوات لم تدخل البلدة بعد",
    "وتستعد الفصائل للسيطرة على التلة، فيما نفت القيادة أن تكون القوات قد انسحبت من القرية",
    "إذا سيطرت القوات على الجسر فستحاول الفصائل استعادة السيطرة على الضفة الأخرى",
]


def _check_scan_start_equals_a_scan_from_the_start(sentences: list[str]) -> int:
    """Every rule searched from where ``scan`` says (``lead`` before its first key, or its first need for a rule
    whose matches open with one) finds what a search from the sentence's start finds."""
    opened = 0
    for sent in sentences:
        for rule, first, last_key in rules._rules_for(sent):
            found = rules._matches(rule, sent, max(0, first - rule.lead), last_key)
            assert found == rules._matches(rule, sent, 0), (rule.name, sent)
            opened += bool(found) and rule.opens_with_need
    return opened


def test_a_rule_opening_with_a_need_is_searched_from_its_first_need():
    assert {r.name for r in rules.RULES if r.opens_with_need} >= {"negation", "attempt", "conditional", "denial"}
    assert _check_scan_start_equals_a_scan_from_the_start([normalize(s) for s in SENTENCES + OPENING]) >= 4


def test_the_scan_start_equals_a_scan_from_the_start_in_the_shared_articles(shared):
    assert _check_scan_start_equals_a_scan_from_the_start(_sentences(_articles(shared))) > 10


def _check_every_match_holds_a_need(sentences: list[str]) -> int:
    checked = 0
    g = rules.DEFAULT
    blocker = ("sentence blocker", g.sentence_block, [k for k, (_, _, _, bits) in g.key_auto.items() if bits & g.block_bit])
    for sent in sentences:
        for rule in [r for r in rules.RULES if r.name in NEEDING]:
            for a, b in rules._matches(rule, sent, 0):
                assert any(n in sent[a:b] for n in rule.needs), (rule.name, sent[a:b])
                checked += 1
        for m in blocker[1].finditer(sent):
            assert any(n in m.group() for n in blocker[2]), (blocker[0], m.group())
            checked += 1
    return checked


def test_every_match_of_a_rule_or_blocker_holds_one_of_its_needs(shared):
    assert rules.DEFAULT.block_bit  # every blocker has a literal stem: the gate is on
    assert _check_every_match_holds_a_need([normalize(s) for s in SENTENCES]) > 3
    assert _check_every_match_holds_a_need(_sentences(_articles(shared))) > 10


def test_a_rule_keyed_on_a_stem_runs_only_where_its_need_stands_too():
    names = lambda s: {r.name for r, _, _ in rules._rules_for(normalize(s))}  # noqa: E731
    assert {"control_present", "future", "purpose"}.isdisjoint(names("سيطرت الفصائل على البلدة بعد اقتحام أطرافها"))
    assert {"control_present", "future", "purpose"} <= names("تسعى الفصائل للسيطرة على البلدة بعد أن تسيطر على التلة")
    assert "future" in names("ومن شأن التقدم أن يقطع الطريق")
    assert {"topic", "under_control"}.isdisjoint(names("تحتاج القوات التي استعادت السيطرة على البلدة إلى الذخيرة"))
    assert "cannot" not in names("تمكنت الفصائل خلال الليل من دخول البلدة")  # لا inside خلال is no negator
    assert "cannot" in names("لم تتمكن الفصائل من دخول البلدة")
    assert {"topic", "under_control"} <= names("ناقش الوفد موضوع استعادة البلدة الواقعة تحت سيطرة الفصائل")
    claims = rules.find_claims(normalize("تسيطر الفصائل على البلدة"), [], [])[0]
    assert claims == []  # no force and no place named: the unlocked rule finds nothing to claim


def test_negator_inside_a_word_unlocks_no_negation_but_a_negator_word_does():
    names = lambda s: {r.name for r, _, _ in rules._rules_for(normalize(s))}  # noqa: E731
    assert "negation" not in names("بعد استلام الفصائل السيطرة على البلدة")  # لا inside a word, no negator
    assert "negation" in names("لم تسيطر الفصائل على البلدة")
    assert rules.find_claims(normalize("لم تسيطر الفصائل على البلدة"), [], [])[0] == []


def test_spans_plus_reporter_test_equal_find_normalized():
    lexicon = load_lexicon()
    for sent in map(normalize, SENTENCES):
        spans = lexicon.spans_normalized(sent)
        found = lexicon.find_normalized(sent)
        assert [(m.start, m.end, m.force) for m in found] == spans
        assert [m.reporter for m in found] == [lexicon.is_reporter(sent, s, e) for s, e, _ in spans]
    reporters = [m.surface for s in map(normalize, SENTENCES) for m in lexicon.find_normalized(s) if m.reporter]
    assert normalize("التحالف") in reporters  # "قال المتحدث باسم التحالف": a source, not an actor


DATED = [  # (sentence, [(expression, date)]) with the publication date 2017-12-14
    ("طردت عناصر داعش من حي الجورة في 7 من الشهر الجاري", [("7 من الشهر الجاري", date(2017, 12, 7))]),
    ("شنت طائرات التحالف غارات قرب الرقة في 13 كانون الأول 2017", [("13 كانون الأول 2017", date(2017, 12, 13))]),
    ("انسحبت الفصائل قبل نحو 3 أيام، ودخل الجيش البلدة أمس",
     [("قبل نحو 3 أيام", date(2017, 12, 11)), ("أمس", date(2017, 12, 13))]),
    ("انسحبت الفصائل قبل نحو ٣ أيام", [("قبل نحو ٣ أيام", date(2017, 12, 11))]),  # Eastern digits
    ("سيطرت قوات النظام على البلدة", []),  # no anchor at all: no pattern runs
]


@pytest.mark.parametrize(("text", "expected"), DATED)
def test_dates_run_only_the_patterns_of_the_anchors_present(text, expected):
    """Digits, month names and relative words each open their own windows; a sentence with only some of
    them still gets every date (the patterns of the other kinds are skipped, not the ones it needs)."""
    found = dates.find_dates(text, date(2017, 12, 14))
    assert [(d.expr, d.date) for d in found] == expected
    assert all(d.precision == "day" for d in found)


def test_cue_before_a_quote_equals_the_window_search():
    from arabic.lexicon import alternation, words
    from extract import sites
    window = re.compile(r"(?<![\w])[وب]?(" + normalize(alternation(words("strong_cues"))) + r")\s+$")
    parts = sorted(sites.STRONG_CUES) + ["و", "ب", "وب", "ال", " ", "  ", "،", "«", "_", "7", "مخيمات", "ا" * 13]
    rnd = __import__("random").Random(5)
    for _ in range(20000):
        t = "".join(rnd.choice(parts) for _ in range(rnd.randrange(1, 7)))
        for q in range(len(t) + 1):
            m = window.search(t, max(0, q - 16), q)
            assert sites._cue_before(t, q) == (m.group(1) if m else None), (t, q)
    text = normalize("وسيطرت الفصائل على بلدة «الندى» وقالت «لن نترك المكان»")
    found = sites.quoted_members(text, text, list(range(len(text) + 1)), [])
    assert [m.surface for m in found] == ["الندي"]  # the quote after قالت has no cue word: no place


def test_a_sentence_blocker_is_searched_only_where_its_stem_occurs():
    denied = normalize("سيطرت الفصائل على البلدة، لكن الجيش نفى هذه الأنباء")
    plain = normalize("سيطرت الفصائل على البلدة بعد معارك عنيفة مع الجيش")
    assert rules.scan(denied, rules.DEFAULT).may_block and not rules.scan(plain, rules.DEFAULT).may_block
    town, group = normalize("البلدة"), normalize("الفصائل")

    def spans(sent: str) -> tuple[list, list]:
        p, f = sent.index(town), sent.index(group)
        return [rules.Span(p, p + len(town))], [rules.Span(f, f + len(group), "opposition")]
    assert rules.find_claims(plain, *spans(plain))[0]
    assert rules.find_claims(denied, *spans(denied))[0] == []  # the denial still blocks the whole sentence


CORE_SENTENCES = SENTENCES + [
    "وأفشلت الفصائل محاولة قوات النظام اقتحام البلدة من الجهة الشرقية",
    "وحاولت قوات النظام مرارا اقتحام القرية دون جدوى",
    "استعادت الفصائل التلة التي كانت قوات النظام تسيطر عليها منذ عامين",
    "ورفع المقاتلون العلم فوق مبنى البلدية في البلدة",
]


def _check_cores(sentences: list[str]) -> int:
    checked = 0
    for sent in sentences:
        for rule in [r for r in rules.RULES if r.core is not None]:
            plain = replace(rule, core=None)
            for pos in range(0, len(sent), 7):
                if rule.pattern.search(sent, pos) is not None:
                    assert rule.core.search(sent, pos) is not None, (rule.name, sent)
                    checked += 1
                assert rules._matches(rule, sent, pos) == rules._matches(plain, sent, pos), (rule.name, sent)
    return checked


def test_a_rules_core_is_found_wherever_the_rule_matches_and_the_matches_stay_the_same(shared):
    """The core (the pattern less its optional opening) is searched first; no core, no match: the same matches."""
    assert {"attempt_to_take", "attempt_to_take_vso", "former_control"} <= {r.name for r in rules.RULES if r.core}
    assert _check_cores([normalize(s) for s in CORE_SENTENCES]) > 10
    assert _check_cores(_sentences(_articles(shared))[:3000]) > 10


def test_a_core_drops_only_an_optional_opening():
    from extract.grammar import _core
    assert _core(r"(?:(?:ab|c)?d+e)(?![\w])").pattern == r"(?:d+e)(?![\w])"
    assert _core(r"(?:(?<![\w])[xy]?\s*z)(?![\w])").pattern == r"(?:z)(?![\w])"
    assert _core(r"(?:a?b|c)(?![\w])") is None  # two alternatives: no single opening to drop
    assert _core(r"(?:abc)(?![\w])") is None  # nothing optional: the pattern is its own core
    assert _core(r"(?:[)?]?x)(?![\w])").pattern == r"(?:x)(?![\w])"  # a class holding ) and ?


SAME_YEAR_TEXTS = ["وفي السادس من حزيران من العام نفسه دخلت الفصائل البلدة",
                   "سيطرت القوات على التلة في آذار من السنة ذاتها بعد معارك عنيفة",
                   "وفي ذات العام، في أيار، خسرت الفصائل القرية",
                   "وقعت الاشتباكات في أيار الماضي في نفس المكان",  # نفس without العام: no "same year"
                   "في 3 آذار 2016 سيطرت الفصائل على البلدة"]


@pytest.mark.parametrize("text", SAME_YEAR_TEXTS)
def test_the_same_year_gates_change_no_date(text, monkeypatch):
    """The "same year" pattern runs only in windows holding نفس or ذات, and ``names_same_year`` asks the regex
    only where one of them occurs: the dates found are those of the ungated scan."""
    gated = dates.find_dates(text, date(2017, 12, 14), year=2016)
    said = dates.names_same_year(text)
    assert said == (dates._SAME_YEAR_GATE.search(text) is not None)
    monkeypatch.setattr(dates, "_BY_KIND", {k: [(r, x, f, None if r == 21 else g) for r, x, f, g in v]
                                            for k, v in dates._BY_KIND.items()})
    assert dates.find_dates(text, date(2017, 12, 14), year=2016) == gated
    assert said == ("نفس العام" in text or "ذات العام" in text or "السنة ذاتها" in text or "العام نفسه" in text)


def _plain_spans(lex, norm: str) -> list[tuple[int, int, str]]:
    """The force spans as found before the fast path: every hit through the longest-first choice."""
    from extract import forces as fm
    found = []
    for end, (size, fid, lam) in lex._auto.iter(norm):
        start = end - size + 1
        if end + 1 < len(norm) and norm[end + 1] in fm._LETTERS:
            continue
        w = start
        while w > 0 and norm[w - 1] in fm._LETTERS and start - w < 3:
            w -= 1
        if w < start and norm[w:start] not in (fm._LAM_CLITICS if lam else fm._CLITICS):
            continue
        start += lam
        found.append((start - end - 1, start, len(found), end + 1, fid))
    kept = fm._longest_first(found, len(norm))
    return lex._resolve(norm, kept) if lex._anaphors else kept


def test_force_spans_without_overlaps_skip_the_choice_and_equal_it(shared):
    """Hits that do not overlap are kept as they come; the longest-first choice gives the same spans."""
    lex = load_lexicon()
    texts = [normalize(s) for s in SENTENCES + CORE_SENTENCES] + [normalize(t) for t in _articles(shared)]
    texts.append(normalize("قال الجيش السوري الحر إن قوات سوريا الديمقراطية وللجيش السوري انسحبت"))
    for norm in texts:
        assert lex.spans_normalized(norm) == _plain_spans(lex, norm)


def test_a_rule_with_lookbehinds_is_searched_past_them_with_the_same_matches(shared):
    """A pattern whose lookbehinds take away the engine's skip is searched by its lesser pattern first: the same
    first match from every position."""
    from extract.grammar import _skip
    assert _skip(r"(?:(?:ab\w*|(?<!x)cd))(?![\w])").pattern == r"(?:(?:ab\w*|cd))(?![\w])"
    assert _skip(r"(?:abc)(?![\w])") is None
    assert _skip(r"(?:(?<![)])ab)(?![\w])") is None  # a paren inside a class: not taken apart
    lesser = [r for r in rules.RULES if r.skip is not None]
    assert {"strike", "operations_in"} <= {r.name for r in lesser}
    texts = [normalize(s) for s in CORE_SENTENCES + ["شنت الطائرات الهجمات على مواقع الفصائل بعد انتهاء عمليات الجيش",
                                                     "وقصفت المدفعية البلدة، ثم هاجمت الفصائل مواقع الجيش"]]
    compared = 0
    for sent in texts + _sentences(_articles(shared))[:3000]:
        for rule in lesser:
            for pos in range(0, len(sent), 5):
                m = rule.pattern.search(sent, pos)
                f = rules._search(rule, sent, pos)
                assert (m and m.span()) == (f and f.span()), (rule.name, sent)
                compared += m is not None
            assert rules._matches(rule, sent, 0) == rules._matches(replace(rule, skip=None), sent, 0)
    assert compared > 50


def _plain_hot(doc) -> list[int]:
    """The hot sentences as found before the fast path: every definite noun of the article mapped to its sentence."""
    from bisect import bisect_right
    from extract import pipeline
    starts = [s for s, _ in doc.sentences]
    hot = {bisect_right(starts, m.start) - 1 for m in doc.mentions}
    hot.update(bisect_right(starts, doc.offs[m.start()]) - 1 for m in pipeline._DEF_NOUN.finditer(doc.norm))
    hot.discard(-1)
    return sorted(hot)


def test_hot_sentences_looking_for_definite_nouns_only_where_no_mention_is_equal_the_plain_scan(shared):
    from arabic.text import NormalizedText
    from extract import pipeline
    from gazetteer import load_gazetteer
    gaz, lex = load_gazetteer(), load_lexicon()
    texts = ["سيطرت الفصائل على بلدة كفرنبودة.\nوقالت مصادر إن المعبر بات تحت سيطرتها. وتقدمت القوات نحو المطار",
             "دخلت قوات النظام مدينة حلب.\n\nوتحاول الفصائل استعادة البلدة، في حين أن الـمعبر مغلق"]
    compared = 0
    for text in texts + _articles(shared):
        nt = NormalizedText.of(text)
        mentions = sorted((m for m in gaz.scan(nt) if m.end > m.start), key=lambda m: m.start)
        if not mentions:
            continue
        doc = pipeline._read_article(nt, mentions, lex, rules.DEFAULT, gaz)
        assert doc.hot_sentences() == _plain_hot(doc)
        compared += 1
    assert compared > 10
