"""Claim rules: the grammar of control claims in Arabic news, as small named patterns.

Each ``Rule`` is a trigger (a verb family, a masdar, an adjectival phrase) with the side its
actor and its place sit on. All matching happens on *normalised* sentence text (ة→ه، ى→ي، أ→ا),
so patterns are written in plain Arabic and normalised once at import. A rule never names a
place or a specific sentence: it describes how a claim is worded.

Actor (subject) resolution, in order: the force right after the trigger (VSO: ``سيطرت قوات X على``),
the nearest force before it in the sentence that is not a reporter and not governed by a
preposition (``ضد X``، ``مع X``، ``لـX``), the agent of ``من قبل X``, a subject announced after the
object (``وبالسيطرة على Y يكون X``), and last the previous sentence's subject at low confidence
(pro-drop). Objects: the first place after the trigger (after its ``على`` for verbs that take one)
within a short window, plus the places coordinated with it (``مدينتي الرقة والطبقة``، ``X، Y وZ``)
and those of further ``وعلى`` phrases; a locating place (``Y شرق X``، ``قرى في ريف X``) is not an
object, and a pronoun object (``منها``، ``المدينة``) points back to the place named before.

Speed: one Aho-Corasick pass over a sentence picks the rules whose key stems occur in it (and where the
first one starts); a rule written ``_PRE + trigger`` is searched as the bare trigger and its clitics are
checked afterwards, which lets the regex engine skip ahead on the trigger's first letters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, NamedTuple

import ahocorasick

from arabic.normalize import normalize


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in plain Arabic: its letters are normalised like the text."""
    return re.compile(normalize(pattern))


class Span(NamedTuple):
    """A place or force found in the sentence (offsets into the normalised sentence).

    A named tuple rather than a dataclass: dozens are made per article, and a tuple is made several times faster."""

    start: int
    end: int
    force: str = ""          # force id for force spans
    reporter: bool = False   # a force named as the source of the report


@dataclass(frozen=True)
class Claim:
    """One rule firing: ``force`` did ``relation`` to ``places[place]``.

    ``force_idx`` indexes the sentence's forces, or is None when the actor came from the
    previous sentence (pro-drop). ``anchor`` is the trigger offset (for the nearest date).
    """

    place: int
    force: str
    force_idx: int | None
    relation: str
    rule: str
    confidence: float
    anchor: int


@dataclass(frozen=True)
class Rule:
    """A trigger pattern and where its actor and its place are.

    ``actor``: ``subject`` (VSO after / SVO before), ``after`` (the force right after the trigger,
    as in ``تحت سيطرة X``), ``between`` (every force after ``بين``/``مع``, plus the subject),
    ``inside`` (the forces named inside the matched phrase) or ``recipient`` (``سلمت … لـ X``).
    ``place``: ``after`` or ``before`` the trigger (``before_or_after`` tries before first).
    An empty ``relation`` makes a blocker: it claims its words and yields nothing.
    """

    name: str
    pattern: re.Pattern[str]
    relation: str
    actor: str
    place: str
    confidence: float
    subject_window: int = 110  # how far back (characters) the SVO subject may be
    window: int = 48  # how far after the trigger (or its subject) the first object place may start
    pro_drop: bool = True  # may take the previous sentence's subject when none is named
    needs_on: bool = False  # the verb takes its object with على (سيطر على): the place follows that على
    prep: bool = False  # the object place must follow a locative preposition (اشتباكات في Y)
    keys: tuple[str, ...] = ()  # literal stems: the rule runs only on sentences containing one
    loser: bool = False  # "طرد X من Y" / "حرر Y من X": the force after من lost the place
    patient_after: bool = False  # "طرد X": the force right after the trigger is the one expelled
    obj_gap: re.Pattern[str] | None = None  # what must stand between the actor/trigger and the object place
    pre: re.Pattern[str] | None = None  # proclitics allowed between the word start and ``pattern`` (see _matches)
    needs: tuple[str, ...] = ()  # literal parts besides the key, one of which any match contains
    lead: int = 8  # at most this many characters from a match's start to its key: the scan starts there


def _r(name: str, keys: str, pattern: str, relation: str, actor: str, place: str, confidence: float, *,
       needs: str = "", pre: str | None = None, **kw) -> Rule:
    """A rule; ``keys`` are literal stems one of which any match contains (a cheap pre-check per sentence),
    ``needs`` a second such set for rules whose key is common (سيطر): both must be present."""
    if pre is not None:  # ``pattern`` starts a word, after an optional run of ``pre`` (checked in _matches)
        pre = _rx(pre)
    elif pattern.startswith(_PRE):  # match the trigger word itself (fast: it starts with letters), check its clitics after
        pattern, pre = pattern[len(_PRE):], _rx(_PRE_CLITICS)
    return Rule(name, _rx(r"(?:" + pattern + r")(?![\w])"), relation, actor, place, confidence, pre=pre,
                keys=tuple(normalize(k) for k in keys.split()), needs=tuple(normalize(k) for k in needs.split()),
                **kw)


def _matches(rule: Rule, sent: str, pos: int, last_key: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each match of ``rule`` from ``pos``, left to right, without overlaps.

    A rule written as ``_PRE + trigger`` is searched as the bare trigger (the regex engine then skips ahead
    on its first letters, several times faster than trying a lookbehind at every position) and kept when
    what stands between the word start and the trigger is a valid run of proclitics: the same matches.
    Every match contains one of the rule's keys, so none starts after ``last_key`` (where its last key
    starts): the search stops there instead of scanning the rest of the sentence.
    """
    stop = len(sent) if last_key is None else last_key
    if rule.pre is None:
        out = []
        for m in rule.pattern.finditer(sent, pos):
            out.append(m.span())
            if m.end() > stop:
                break
        return out
    out = []
    search, pre = rule.pattern.search, rule.pre
    while pos <= stop and (m := search(sent, pos)) is not None:
        c = w = m.start()
        while w > 0 and c - w <= 4 and (sent[w - 1].isalnum() or sent[w - 1] == "_"):
            w -= 1
        if pre.fullmatch(sent, w, c) and (w == 0 or not (sent[w - 1].isalnum() or sent[w - 1] == "_")):
            out.append((w, m.end()))
            pos = m.end() if m.end() > c else c + 1
        else:
            pos = c + 1
    return out


_CUES_EARLY = (r"مدينة|مدينتي|بلدة|بلدتي|بلدات|قرية|قريتي|قرى|منطقة|مناطق|مخيم|مطار|معبر|حي|أحياء|ناحية|قاعدة|"
               r"جبل|تلة|تل|سد|قلعة|معسكر")
_PRE_CLITICS = r"[وف]?(?:بال|لل|ال|ب|ل)?"
_PRE = r"(?<![\w])(?:" + _PRE_CLITICS + ")"  # optional proclitics and article before a trigger word
# Order matters: earlier rules claim their trigger span first (سيطرت ناريا before سيطرت).
RULES: tuple[Rule, ...] = (
    # Fighting goes on, the place is contested: "لم يحكم X السيطرة بعد على Y".
    _r("not_yet", "سيطر دخول",
       r"(?:لم|لا)\s+(?:\w+\s+)?(?:يحكم\w*|تحكم\w*|يتمكن\w*|تتمكن\w*|تستطع|يستطع)\s+(?:من\s+)?"
       r"(?:ال)?(?:سيطر\w*|دخول)(?:\s+\w+)?\s+على",
       "contested", "subject", "after", 0.55, lead=60, needs="يحكم تحكم يتمكن تتمكن تستطع يستطع", pre="[وف]?"),
    _r("fire_control", "سيطر", _PRE + r"(?:سيطر\w*|تسيطر|يسيطر)\s+ناري\w*(?:\s+على)?",
       "contested", "subject", "after", 0.75, needs_on=True, needs="ناري"),
    _r("partial_control", "سيطر استول استيلاء",
       _PRE + r"(?:[يت]?سيطر\w*|استول\w*|استيلاء|السيطرة)\s+(?:\w+\s+){0,1}على\s+(?:أكثر من\s+)?"
       r"(?:جزء|أجزاء|ثلث|نصف|ربع|بعض)\w*",
       "contested", "subject", "after", 0.6, needs="جزء أجزاء ثلث نصف ربع بعض"),
    # "خسارة X وY السيطرة على Z": the forces inside the phrase lost Z.
    _r("loss_of_control", "سيطر", _PRE + r"(?:خسار\w*|فقدان|خسر\w*|فقد\w+)\s+[^،.]{0,60}?(?:ال)?سيطر\w*\s+على",
       "lost", "inside", "after", 0.7, lead=100, needs="خسار خسر فقد"),
    # Passive and adjectival: the place comes first, the force after.
    _r("outside_control", "خارج", r"خارج\s+(?:ال)?سيطر\w*",
       "lost", "after", "before", 0.7),
    _r("under_control", "خاضع تابع تحت بيد بأيدي بقبض",
       r"(?:ال)?(?:خاضع\w*|تابع\w*)\s+(?:ل|ل?ال)?(?:سيطر\w*|نفوذ)|تحت\s+(?:ال)?(?:سيطر\w*|نفوذ|قبض\w*)"
       r"|(?<![\w])(?:بيد|بأيدي|بقبض\w*)",
       "controls", "after", "before", 0.8),
    _r("former_control", "سيطر",
       r"(?:التي|الذي)?\s*(?:كان|كانت|كانوا)\s+(?:\w+\s+)?(?:ت|ي)سيطر(?:ون|ان)?\s+علي(?:ها|ه|هما)",
       "lost", "subject", "before", 0.5, pro_drop=False, lead=45, needs="كان"),
    _r("stronghold", "معقل معاقل حصن مقر",
       r"(?:معقل|معاقل|معقلا|حصن|حصنا|مقر|مقرات|مقرا)(?:ها|ه|هم)?",
       "controls", "after", "before", 0.75, pre="(?:ال)?"),
    _r("relative_capture", "التي الذي اللتين اللذين",
       r"(?:التي|الذي|اللتين|اللذين)\s+(?:\w+\s+)?(?:حرر|سيطر|استعاد|دخل|استولى|اقتحم)\w*",
       "captured", "after", "before", 0.75, needs="حرر سيطر استعاد دخل استول اقتحم"),
    _r("relative_control", "سيطر", r"(?:التي|الذي)?\s*(?:ت|ي)سيطر(?:ون|ان)?\s+علي(?:ها|ه|هما)",
       "controls", "subject", "before", 0.75, pro_drop=False, lead=30, needs="عليه"),
    # Purpose, plans, attempts, negation and shared control state no fact: these rules only keep
    # the capture rules below off their verb (an empty relation yields nothing).
    _r("purpose", "سيطرة تحرير استعادة اقتحام دخول طرد معركة استرداد",
       r"(?:سيطرة|تحرير|استعادة|اقتحام|دخول|طرد|معركة|استرداد)", "", "", "", 0, pre="[وف]?(?:لل|ل)"),
    _r("operation", "عملية عمليات معركة حملة هجوم",
       r"(?:عملية|عمليات|معركة|حملة|هجوم\w*)\s+(?:\w+\s+)?(?:ل)?(?:تحرير|استعادة|طرد|السيطرة)", "", "", "", 0, needs="تحرير استعادة طرد السيطرة", pre=""),
    _r("attempt", "خطة محاولة محاولات تسعى يسعى تحاول يحاول هدف تهدف يهدف تريد يريد رفض",
       r"(?:خطة|محاولة|محاولات|تسعى|يسعى|تحاول|يحاول|هدف|بهدف|تهدف|يهدف|تريد|يريد|رفض\w*)\s+(?:\w+\s+)?"
       r"(?:ل)?(?:ال)?(?:سيطرة|تحرير|استعادة|اقتحام|دخول|انسحاب)", "", "", "", 0, needs="سيطرة تحرير استعادة اقتحام دخول انسحاب", pre=""),
    _r("hypothetical", "هجوم اعتداء تقدم محاولة عملية", r"(?:أي|اي)\s+(?:هجوم|اعتداء|تقدم|محاولة|عملية)\w*", "", "", "", 0, pre="[وف]?"),
    _r("cannot", "تمكن ستطع نجح",
       r"(?:لم|لن|لا|عدم|دون)\s+(?:\S+\s+){0,4}?(?:ي|ت)?(?:تمكن|ستطع|نجح)\w*\s+(?:\S+\s+){0,3}?(?:من\s+)?"
       r"(?:ال)?(?:سيطر|دخول|اقتحام|استعاد|تحرير)\w*", "", "", "", 0, lead=60, needs="لم لن لا عدم دون", pre="[وف]?"),
    _r("future", "سيطر شأن",
       r"(?:(?:أن|ان)\s+(?:ي|ت)\w+\s+(?:\w+\s+)?(?:ال)?سيطر\w*|من\s+شأن\s+(?:ال)?\w+)", "", "", "", 0, lead=50, pre="[وف]?"),
    _r("negation", "سيطر حرر دخل استعاد",
       r"(?:لم|لن|لا|عدم|دون)\s+(?:\w+\s+)?(?:ي|ت)?(?:سيطر|حرر|دخل|استعاد|يسيطر|تسيطر|تدخل|يدخل)\w*",
       "", "", "", 0, lead=45, needs="لم لن لا عدم دون", pre="[وف]?"),
    _r("shared_control", "تقاسم", r"(?:تتقاسم|يتقاسم|تقاسم|تتقاسمان)\s+(?:\S+\s+){0,6}?(?:ال)?سيطر\w*",
       "", "", "", 0, lead=8, pre="[وف]?"),
    _r("hit_and_run", "فر", r"كر\s+و?فر", "", "", "", 0, pre=""),
    _r("zone", "مناطق منطقة مواقع نقاط", r"(?:مناطق|منطقة|مواقع|نقاط)\s+(?:سيطر\w*|نفوذ\w*|انتشار\w*)",
       "", "", "", 0, needs="سيطر نفوذ انتشار", pre=""),
    _r("advance", "تقدم", _PRE + r"(?:تقدم\w*|يتقدم\w*)\s+(?:في|داخل)", "", "", "", 0),
    # Withdrawals, losses, expulsions, handovers.
    _r("withdrawal", "انسحاب انسحب ينسحب تنسحب فرار فر إخراج خروج",
       _PRE + r"(?:انسحاب\w*|انسحب\w*|ينسحب\w*|تنسحب\w*|فرار\w*|فر|فروا|إخراج\w*|خروج\w*)",
       "withdrew", "subject", "after", 0.7),
    _r("handover", "سلم تسليم", _PRE + r"(?:سلم|سلمت|سلموا|تسليم|يسلم|تسلم)",
       "controls", "recipient", "after", 0.6),
    _r("loss", "خسر خسار فقد",
       _PRE + r"(?:خسر\w*|خسار\w*|يخسر\w*|تخسر\w*|فقدت|فقدوا|يفقد\w*|تفقد\w*|فقدان)(?:\s+(?:ال)?سيطر\w*(?:\s+على)?)?",
       "lost", "subject", "after", 0.65, pro_drop=False),
    _r("expulsion", "طرد", _PRE + r"(?:طرد\w*|تطرد\w*|يطرد\w*)",
       "captured", "subject", "after", 0.75, loser=True, patient_after=True),
    # Sieges and front lines. Breaking or lifting a siege (كسر/فك/رفع الحصار) says the breaker is NOT the
    # besieger: the match only keeps the siege rules below off the word (an empty relation yields nothing).
    _r("siege_broken", "كسر فك رفع", r"(?:كسر|فك|رفع)\w*\s+(?:\S+\s+){0,4}?(?:ال)?حصار\w*", "", "", "", 0, pre="[وف]?[يت]?"),
    _r("besieged_by", "محاصر حصار",
       r"(?<![\w])(?:ال)?محاصر\w*|(?:تشهد|يشهد|تعيش|يعيش|تعاني|يعاني|تخضع|يخضع)\w*\s+(?:ل|من\s+)?(?:ال)?حصار\w*",
       "besieged", "subject", "before", 0.6, lead=45),
    _r("siege_by_agent", "حصار",
       r"حصار\w*(?:\s+\w+)?(?=\s+(?:من قبل|من طرف|من جانب|تفرضه|يفرضه))",
       "besieged", "subject", "before", 0.65, pre="(?:ال)?"),
    _r("siege", "حاصر حصار محاصر", _PRE + r"(?:حاصر\w*|تحاصر\w*|يحاصر\w*|حصار\w*|محاصرة)",
       "besieged", "subject", "after", 0.65, window=22),
    _r("front_line", "مشارف تخوم أبواب بوابات", r"(?:مشارف|تخوم|أبواب|بوابات)",
       "contested", "subject", "after", 0.6, pro_drop=False, pre=""),
    # "بعد عشرة أشهر من سيطرة X عليها": X held the place until now, it has lost it.
    _r("former_rule", "سيطر حكم",
       r"بعد\s+(?:\S+\s+){0,3}?(?:أشهر|شهر|شهرين|سنوات|سنة|سنتين|عام|عامين|أعوام|أسابيع|أسبوع|أيام|عقد|"
       r"سنين)\s+(?:\S+\s+)?(?:من|على)\s+(?:ال)?(?:سيطر\w*|حكم)(?:\s+على)?",
       "lost", "subject", "after", 0.6, needs_on=True, pro_drop=False, lead=70, needs="بعد", pre=""),
    # Holding: "تحتفظ X بمدينة Y" (the object comes with بـ).
    _r("hold", "حتفظ", _PRE + r"(?:تحتفظ|يحتفظ|احتفظت|احتفظ|احتفظوا|يحتفظون|تحتفظان)",
       "controls", "subject", "after", 0.7, obj_gap=_rx(r"^[\s«»\"“”'(]*ب(?:ال)?(?:" + _CUES_EARLY + r")?\s*[«»\"“”'(]*$")),
    # Active verbs of taking and holding.
    _r("control_present", "سيطر", r"(?:تسيطر|يسيطر|يسيطرون|تسيطران)(?:\s+على)?",
       "controls", "subject", "after", 0.75, needs_on=True, pre="[وف]?"),
    _r("capture", "سيطر", _PRE + r"(?:سيطر\w*|السيطرة)(?:\s+على)?",
       "captured", "subject", "after", 0.85, needs_on=True),
    _r("recapture", "استعاد تستعيد يستعيد",
       _PRE + r"(?:استعاد\w*|تستعيد\w*|يستعيد\w*|استعادة)(?:\s+(?:ال)?سيطر\w*)?(?:\s+على)?",
       "captured", "subject", "after", 0.85, loser=True),
    # "Y تحررت" / "تحررت Y من X": the place is the subject of the passive verb, the liberator is named
    # by على يد/من قبل or carried from the sentence before.
    _r("liberated", "تحرر", r"(?:تحررت|تحرر|تحررتا)",
       "captured", "subject", "before_or_after", 0.6, loser=True, pre="[وف]?"),
    _r("liberation", "حرر تحرير", _PRE + r"(?:حرر\w*|تحرر\w*|يحرر\w*|تحرير)",
       "captured", "subject", "after", 0.75, loser=True),
    _r("seizure", "استول استيلاء يستولي تستولي انتزع أحكم بسط",
       _PRE + r"(?:استولى|استولت|استولوا|يستولي|تستولي|استيلاء|انتزع\w*|أحكم\w*|بسط\w*)(?:\s+(?:ال)?سيطر\w*)?"
       r"(?:\s+على)?",
       "captured", "subject", "after", 0.75),
    _r("entry", "دخل دخول", _PRE + r"(?:دخل|دخلت|دخلوا|دخلا|يدخل|يدخلون|دخول)(?:\s+(?:إلى|الى))?",
       "captured", "subject", "after", 0.6),
    _r("storm", "قتحم", _PRE + r"(?:اقتحم\w*|تقتحم\w*|يقتحم\w*)",
       "captured", "subject", "after", 0.6),
    # Fighting and strikes.
    _r("storming", "اقتحام", _PRE + r"(?:اقتحام)",
       "attacked", "subject", "after", 0.5),
    _r("fighting", "اشتباك معارك معركة مواجهات", _PRE + r"(?:اشتباك\w*|معارك|معركة|مواجهات)",
       "contested", "between", "before_or_after", 0.5, subject_window=60, pro_drop=False, prep=True, window=25),
    _r("strike", "غار ضرب قصف استهدف استهداف يستهدف تستهدف براميل قذائف صواريخ هجوم هاجم يهاجم تهاجم",
       _PRE + r"(?:غار\w*|ضرب\w*|قصف\w*|يقصف\w*|تقصف\w*|استهدف\w*|استهداف\w*|يستهدف\w*|تستهدف\w*|"
       r"براميل|قذائف|صواريخ|هجوم\w*|هاجم\w*|يهاجم\w*|تهاجم\w*)",
       "attacked", "subject", "after", 0.5, subject_window=45, pro_drop=False),
)

# A force governed by one of these words is an object or a target, not the actor.
_NOT_SUBJECT = _rx(r"(?:^|\s)(?:[وف]?(?:ضد|مع|عن|على|إلى|الى|بين|لدى|حول|تجاه|أمام|لصالح|قبل)|فرار\w* من|مواقع"
                   r"|نقاط|مناطق|معقل|معاقل|حصن|مقر|مقرات|سيطرة|قبضة|يد|أيدي"
                   r"|[وف]?[يت]?(?:طرد|هاجم|استهدف|قاتل|حارب|واجه|قصف|حاصر)\w*)\s*[«»\"“”']*\s*$")
_SIDE = _rx(r"(?:بين|مع|و)\s*[«»\"“”']*\s*$")
_AGENT = _rx(r"(?:من قبل|من طرف|بواسطة|على يد|على أيدي)\s*$")
# "الطيران التابع للنظام"، "القوات الموالية للحكومة": the force after the marker is the actor, despite its لـ
_ARMED = (r"(?:ال)?(?:طيران|مدفعية|قوات|قوة|ميليشيا\w*|مليشيا\w*|فصائل|فصيل|مجموعات|مجموعة|عناصر|مقاتل\w*|طائرات|"
          r"مروحيات|وحدات|كتائب|لواء|فرقة|حربي|حربية|دبابات|راجمات|سلاح)")
_MARKER = _rx(r"(?<![\w])" + _ARMED + r"\s+(?:\w+\s+)?(?:ال)?(?:تابع|تابعة|تابعين|موالي|موالية|موالين|موالون)\s+$")
# "بدعم من X"، "بغطاء من X": X helps, it did not lose the place
_MARKER_GAP = _rx(r"^[\s«»\"“”'(]*" + _ARMED + r"\s+(?:\w+\s+)?(?:ال)?(?:تابع|تابعة|موالي|موالية)\s+ل?$")  # قصفت المدفعية الموالية للنظام
_SUPPORT = _rx(r"(?:دعم|مساندة|غطاء|إسناد|مشاركة|تغطية)\s+من\s")
# "التي استعادتها من التنظيم": the force after من lost the place; the actor is the main clause's subject
_FROM = _rx(r"^\s*(?:ها|ه|هما)?\s*من\s+(?:(?:أيدي|يد|قبضة|سيطرة)\s+)?[«»\"“”'(]*$")
_AND_ON = _rx(r"(?:،\s*)?(?<![\w])(?:و|ثم)\s*(?:كذلك\s+|أيضا\s+)?على(?![\w])")
_SHORT_GAP = _rx(r"^[\s،,«»\"“”']*(?:\w+\s+){0,2}$")
_CONTINUATION = _rx(r"^\s*[وف]?(?:على|إلى|الى)(?![\w])")
_CALL = _rx(r"(?:دعا|دعت|تدعو|يدعو|طالب|طالبت|تطالب|يطالب|حث|حثت|ناشد|ناشدت)\s*$")
_ALLY = _rx(r"^\s*(?:ال)?(?:متحالف|متعاون|حليف|مساند|شريك)\w*\s+مع")
_RELATIVE = _rx(r"^\s*[«»\"“”']*\s*(?:الذي|التي|الذين|اللذين|اللتين)\s+(?:\w+\s+)?$")
_RELATIVE_WORD = _rx(r"(?:الذي|التي|الذين|اللذين|اللتين)\s")  # what _RELATIVE needs somewhere: a cheap pre-check
_AND = _rx(r"^\s*[«»\"“”']*\s*(?:،\s*)?و\s*[«»\"“”']*\s*$")  # X وY: a second force of the same claim
# Words between the trigger and a VSO subject: adverbs of time and two filler words at most.
_VSO_GAP = _rx(r"^[\s«»\"“”'(]*(?:\w+\s+){0,2}[\s«»\"“”'(]*$")
# "انسحب منه القسم الأكبر من قوات X": a quantity of the force is still the force
_PARTITIVE = _rx(r"^[\s«»\"“”'(]*(?:ال)?(?:قسم|جزء|معظم|غالبية|بعض|عدد|جميع|كافة|كل|مئات|عشرات|آلاف|العديد|عناصر|مقاتلو|"
                 r"مقاتلي|مسلحو|مسلحي|وحدات|أرتال|رتل)(?:\s+(?:ال)?\w+)?\s+(?:من\s+)?[\s«»\"“”'(]*$")
_PREP_IN_GAP = _rx(r"(?<![\w])(?:على|من|إلى|الى|في|ضد|مع)(?![\w])")
# Between two coordinated places: separators, و, and at most a cue word (قرية، بلدة …), or up to two
# names the gazetteer did not know (X وقرية Z وY): the list goes on through them.
_CUES = r"(?:مدينة|مدينتي|مدن|بلدة|بلدتي|بلدات|قرية|قريتي|قرى|منطقة|منطقتي|مناطق|مخيم|مطار|معبر|حي|حيي|أحياء|ناحية|"
_CUES += r"قاعدة|جبل|تلة|تل|حاجز|مزرعة|مزارع|ضاحية|مدينتا|بلدتا|قريتا|سد|قلعة|معسكر|كلية|مدرسة|مستشفى|محطة)"
_SEP = r"[\s،,()«»\"“”'\-–/]*"
_COORD = _rx(r"^" + _SEP + r"(?:(?:و|أو|ثم)\s*(?:" + _CUES + r"\s*)?|[،,/\-–]" + _SEP + r"(?:و|أو)?\s*(?:" + _CUES +
              r"\s*)?|" + _CUES + r"\s*)" + _SEP + r"$")
_HEADS = r"(?:حوش|تل|عين|دير|كفر|خربة|بيت|جب|أبو|أم|رأس|قصر|مزرعة|خان|بئر|بير|جسر|مرج|سد|نزل|جديدة|تلة|عرب)"
_ITEM = r"(?:و|،|,)\s*" + _SEP + r"(?:" + _CUES + r"\s*)?" + _SEP + r"(?:" + _HEADS + r"\s+)?\w+" + _SEP
_COORD_SKIP = _rx(r"^" + _SEP + r"(?:" + _ITEM + r"){1,4}(?:و|أو)?\s*(?:" + _CUES + r"\s*)?" + _SEP + r"$")
_NOT_ITEM = _rx(r"(?<![\w])[وف]?(?:طريق|أوتوستراد|محور|ريف|شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي|في|من|على|إلى|بعد|قبل|"
                r"التي|الذي|الواقعة|حيث|مع|بين|عدة|عدد|أكثر|كم|محافظة|العاصمة|باتجاه|نحو|محيط|قرب|أطراف|حتى|ضد|وسط)(?![\w])"
                r"|\d")
_OBJECT_GAP_BAD = _rx(r"(?:طريق|أوتوستراد|اوتوستراد|محور|جبهة|اتجاه|باتجاه|نحو|ضد|معركة|لمعركة|مقر|قيادة|عمليات)\s*(?:"
                     + _CUES + r"\s*)?[«»\"“”'(]*\s*$|(?<![\w])(?:ال)?(?:طريق|أوتوستراد)(?![\w])")
# "على قرى في ريف X"، "على عدد من النقاط في منطقة X": X only locates an unnamed set of objects
_IN = _rx(r"^\s*(?:على\s+)?.*?(?<![\w])(?:ال)?(?:قرى|بلدات|عدد|عدة|نقاط|نقطة|مواقع|مناطق|أجزاء|العديد|أكثر|بعض|معظم|"
          r"أحياء|حواجز|تلال|مزارع)(?![\w]).*?(?<![\w])في(?![\w])")
_CLAUSE_BREAK = _rx(r"(?<![\w])(?:بعد|قبل|فيما|بينما|حيث|لكن|إلا|عقب|إثر|بسبب|كما|أما)(?![\w])")
_OBJECT_BREAK = _rx(r"(?<![\w])(?:فيما|بينما|حيث|لكن|إلا|بسبب|كما|أما|لاستعادة|لتحرير|للسيطرة|لطرد)(?![\w])")
# A place after one of these is only the neighbourhood of the claim (أطراف دمشق، قرب حلب), not its object.
_VICINITY = _rx(r"(?:أطراف|اطراف|محيط|قرب|بالقرب من|مقربة من|ضواحي|مشارف|تخوم|أسوار|شرق|غرب|شمال|جنوب|شرقي|غربي|"
                r"شمالي|جنوبي|ريف|الريف(?:\s+\w+)?)\s*(?:" + _CUES + r"|محافظة|محافظتي)?\s*[«»\"“”'(]*\s*(?:ل|ب|لل)?$")
# Between a place and the place that locates it: Y شرق X، Y في ريف X، Y الواقعة شمال X.
_LOCATOR = _rx(r"^[\s،,]*(?:ال\w*واقع\w*\s+)?(?:\w+\s+)?(?:شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي|قرب|ريف|بريف|في|ب|"
               r"محافظة|بمحافظة|العاصمة|التابعة|التابع|قضاء|منطقة|بمنطقة)(?:\s+\w+){0,2}?\s*[«»\"“”'(]*$")
_LOSER = _rx(r"^\s*(?:\w+\s+){0,2}?من\s+(?:(?:أيدي|يد|قبضة|سيطرة|سيطره)\s+)?[«»\"“”'(]*$")
# An object that points back to a place already named: عليها، منه، من المدينة، إلى البلدة.
_ANAPHOR = _rx(r"^\s*(?:(?!أطراف|اطراف|مشارف|محيط|تخوم|قرب)\w+\s+)?(?:(?:على|من|إلى|الى|في)\s*(?:ها|ه|هما)"
               r"|(?:على|من|إلى|الى|في)?\s*(?:هذه|هذا)?\s*(?:ال)?(?:مدينة|بلدة|قرية|منطقة|معبر|مطار|حي|ناحية|مخيم|قاعدة))"
               r"(?![\w])")
_POSSESSIVE = _rx(r"(?:ها|هم|ه|هما)(?:\s+على)?$")  # سيطرتها على: the masdar carries its subject
_LOCATIVE = _rx(r"(?<![\w])(?:في|داخل|ب|حول|قرب|محيط|على|عند|بمحيط|بالقرب من)\s*(?:" + _CUES + r")?\s*[«»\"“”'(]*\s*$")
_LIST_HEAD = _rx(r"(?<![\w])[وف]?(?:آخرها|أبرزها|منها|بينها|أهمها|وهي|هي)(?![\w])")
_ON_WORD = normalize("على")
_ON = _rx(r"(?<![\w])على(?![\w])")
_ON_PRONOUN = _rx(r"[\s«»\"“”']*(?:\w+\s+)?علي(?:ها|ه|هما|هم)(?![\w])")

PLACE_WINDOW = 48     # normalised characters between trigger and the first place
BEFORE_WINDOW = 60    # for place-before rules (Y، آخر معقل لـ X)
ANAPHOR_WINDOW = 160  # how far back an anaphoric object (منها، المدينة) may point
SUBJECT_WINDOW = 110  # how far back the SVO subject may be
AFTER_FORCE_WINDOW = 24
HOLD_OR_LOSE = ("captured", "controls", "withdrew", "besieged", "lost")


def find_claims(sent: str, places: list[Span], forces: list[Span], prev_subject: str | None = None,
                continues: tuple[str, str] | None = None) -> tuple[list[Claim], str | None]:
    """Claims in one normalised sentence; returns them and the subject to carry to the next sentence.

    ``places``/``forces`` are sorted spans into ``sent``. ``continues`` is the (force, relation) of the
    previous sentence's last claim, for elliptical continuations ("وعلى مطار X" on a line of its own).
    Pure: no state beyond the arguments.
    """
    claims: list[Claim] = []
    taken = bytearray(len(sent) + 1)  # 1: a trigger already fired there; 2: inside a place or force name
    for x in places:
        taken[x.start:x.end] = b"\x02" * (x.end - x.start)
    for x in forces:
        taken[x.start:x.end] = b"\x02" * (x.end - x.start)
    subject_out: str | None = None
    for rule, first, last_key in _rules_for(sent):
        if rule.needs:
            for n in rule.needs:
                if n in sent:
                    break
            else:
                continue
        pos = first - rule.lead
        for ts, te in _matches(rule, sent, pos if pos > 0 else 0, last_key):
            # a trigger overlapping one that fired, or starting inside a name (تحرير of هيئة تحرير الشام), is none
            if taken[ts] == 2 or taken.find(1, ts, te) >= 0:
                continue
            found = _apply(rule, sent, ts, te, places, forces, prev_subject)
            if found is None:
                continue
            taken[ts:te] = b"\x01" * (te - ts)
            claims.extend(found)
            for c in found:
                if c.force_idx is not None and c.relation in HOLD_OR_LOSE and rule.actor == "subject":
                    subject_out = c.force
    claims = _former_holders(claims)
    if not claims and continues and _CONTINUATION.match(sent):
        group = _continuation_places(sent, places)
        claims = [Claim(i, continues[0], None, continues[1], "continuation", 0.5, 0) for i in group]
    if subject_out is None:
        subject_out = carry_subject(sent, forces)
    return claims, subject_out


def _key_automaton() -> ahocorasick.Automaton:
    """Every rule key → the indices of the rules it unlocks: one pass per sentence picks the rules to run."""
    by_key: dict[str, set[int]] = {}
    for i, r in enumerate(RULES):
        for k in r.keys:
            by_key.setdefault(k, set()).add(i)
    auto = ahocorasick.Automaton()
    for k, idx in by_key.items():
        # (how far back from its end the search starts, from its end to its start, the rules)
        auto.add_word(k, (len(k) + 19, len(k) - 1, tuple(sorted(idx))))
    auto.make_automaton()
    return auto


_KEY_AUTO = _key_automaton()
_UNKEYED = {i: 0 for i, r in enumerate(RULES) if not r.keys}


def _rules_for(sent: str) -> list[tuple[Rule, int, int | None]]:
    """The rules whose key stems occur in ``sent`` with the offset of their first key and where their last
    key starts, in rule order (earlier rules claim their trigger first). One automaton pass instead of a
    search per rule."""
    first = dict(_UNKEYED) if _UNKEYED else {}
    last: dict[int, int] = {}
    for end, (back, size, rules) in _KEY_AUTO.iter(sent):
        start = end - size
        for i in rules:
            if i not in first:  # hits come in order of their end: the first is (nearly) the leftmost
                first[i] = end - back
                last[i] = start
            elif start > last[i]:
                last[i] = start
    return [(RULES[i], first[i], last.get(i)) for i in sorted(first)]


_CLAIM_AUTO = ahocorasick.Automaton()
for _k in {k for r in RULES if r.relation for k in r.keys}:
    _CLAIM_AUTO.add_word(_k, _k)
_CLAIM_AUTO.make_automaton()


def _former_holders(claims: list[Claim]) -> list[Claim]:
    """"سيطر X على Y، آخر معاقل Z": a stronghold or control phrase in apposition to what X just took
    names who held it before — Z lost Y, it does not hold it."""
    takers = {(c.place, c.force) for c in claims if c.relation == "captured"}
    if not takers:
        return claims
    out = []
    for c in claims:
        if c.rule in _STATE_RULES and c.relation == "controls" and any(p == c.place and f != c.force
                                                                        for p, f in takers) \
                and any(t.place == c.place and t.relation == "captured" and t.anchor < c.anchor for t in claims):
            c = Claim(c.place, c.force, c.force_idx, "lost", c.rule + "_former", c.confidence, c.anchor)
        out.append(c)
    return out


_STATE_RULES = frozenset({"stronghold"})


def may_claim(sent: str) -> bool:
    """A cheap pre-check: could any claim rule fire on this normalised sentence?"""
    for _ in _CLAIM_AUTO.iter(sent):
        return True
    return bool(_CONTINUATION.match(sent))


def carry_subject(sent: str, forces: Iterable[Span]) -> str | None:
    """The force a sentence hands to the next one for pro-drop: its first plausible subject.
    (An iterable: the caller may make the spans lazily, as only those up to the subject are looked at.)"""
    for f in forces:
        if f.reporter or _governed(sent, f.start) or _NOT_SUBJECT.search(sent[max(0, f.start - 16):f.start]) \
                or _CALL.search(sent[max(0, f.start - 12):f.start]):
            continue
        return f.force
    return None


def _continuation_places(sent: str, places: list[Span]) -> list[int]:
    """The place group right after a leading "وعلى" (a list item continuing the previous claim)."""
    if not places or places[0].start > 60:
        return []
    group = [0]
    while group[-1] + 1 < len(places) and _COORD.match(sent[places[group[-1]].end:places[group[-1] + 1].start]):
        group.append(group[-1] + 1)
    return group


def _apply(rule: Rule, sent: str, ts: int, te: int, places: list[Span], forces: list[Span],
           prev_subject: str | None) -> list[Claim] | None:
    """Fire one rule at one trigger; None when it has no actor or no place (the trigger stays free)."""
    if not rule.relation:
        return []
    obj_from = te
    pronoun_object = False
    actors: list[tuple[int | None, str, float]] = []  # (force index, force id, confidence factor)
    alone: set[int] = set()  # actors named by a back-reference: their coordination is not theirs
    patient = _force_after(sent, te, forces, AFTER_FORCE_WINDOW, gap_ok=False) if rule.patient_after else None
    if patient is not None:
        obj_from = forces[patient].end
        second = _force_after(sent, obj_from, forces, AFTER_FORCE_WINDOW, gap_ok=False)
        if second is not None and _force_before(sent, ts, forces, rule.subject_window) is None:
            actors.append((patient, forces[patient].force, 1.0))  # طردت X Y من Z: X expelled Y
            patient, obj_from = second, forces[second].end
    if rule.actor == "after":
        i = _force_after(sent, te, forces, AFTER_FORCE_WINDOW, gap_ok=True)
        if i is None:
            return None
        if rule.name == "relative_capture" and _FROM.match(sent[te:forces[i].start]):
            return _taken_from(rule, sent, ts, i, places, forces)
        actors.append((i, forces[i].force, 1.0))
        obj_from = forces[i].end
    elif rule.actor == "inside":  # the forces named inside the trigger phrase
        actors = [(j, f.force, 1.0) for j, f in enumerate(forces) if ts <= f.start and f.end <= te and not f.reporter]
    elif rule.actor == "recipient":  # سلمت X مواقعها في Y لـ Z: Z now holds Y
        return _handover(rule, sent, ts, te, places, forces)
    elif not actors:
        te_pron = _skip_pronoun_object(sent, te)
        pronoun_object, te = te_pron != te, te_pron
        vso = None if rule.patient_after else _force_after(sent, te, forces, AFTER_FORCE_WINDOW, gap_ok=False)
        back = _backref(sent, te, ts, forces) if vso is None else None
        if back is not None:
            actors.append((back, forces[back].force, 0.8))
            obj_from = _backref_end(sent, te)
        if vso is not None:
            actors.append((vso, forces[vso].force, 1.0))
            obj_from = forces[vso].end
        elif back is None:
            possessive = bool(_POSSESSIVE.search(sent[ts:te]))
            svo = _backref_subject(sent, ts, forces)
            if svo is not None:
                alone.add(svo)  # "X وY … تمكنت الأخيرة من السيطرة": only Y, not the whole coordination
            else:
                svo = _force_before(sent, ts, forces, rule.subject_window, cross_clauses=possessive)
                if svo is None and possessive and rule.needs_on:  # "سيطرتها على Y": whose? the sentence's subject, when nothing nearer
                    svo = _first_subject(sent, ts, forces)
            agent = None if svo is not None else _agent_after(sent, te, forces)
            if svo is not None:
                actors.append((svo, forces[svo].force, 1.0))
            elif agent is not None:
                actors.append((agent, forces[agent].force, 0.9))
                obj_from = te
            else:
                late = _late_subject(sent, te, forces)
                if late is not None:
                    actors.append((late, forces[late].force, 0.7))
                elif rule.pro_drop and rule.actor == "subject":
                    near = [j for j, f in enumerate(forces) if f.end <= ts and not f.reporter
                            and not _NOT_SUBJECT.search(sent[max(0, f.start - 16):f.start])]
                    if near:  # "التقدم للمعارضة … من السيطرة على": the only force around is the agent
                        actors.append((near[-1], forces[near[-1]].force, 0.6))
                    elif prev_subject:
                        actors.append((None, prev_subject, 0.5))
        if rule.actor == "between":  # اشتباكات بين X وZ / معارك مع X: every side is in the contest
            for j, f in enumerate(forces):
                if te <= f.start <= te + 70 and not f.reporter and all(j != a[0] for a in actors) \
                        and _SIDE.search(sent[te:f.start]):
                    actors.append((j, f.force, 1.0))
                    obj_from = max(obj_from, f.end)
    # "قوات النظام وحزب الله": both forces of a coordination act ("والفصائل المتحالفة معها" are only its allies).
    for fi, _, factor in list(actors):
        j = None if fi in alone else fi
        while j is not None and j + 1 < len(forces) and _AND.match(sent[forces[j].end:forces[j + 1].start]):
            j += 1
            if _ALLY.match(sent[forces[j].end:forces[j].end + 16]):
                obj_from = max(obj_from, forces[j].end) if forces[j].start >= te else obj_from
                continue
            if all(j != a[0] for a in actors):
                actors.append((j, forces[j].force, factor))
            if forces[j].start > obj_from - 1 or fi is not None and forces[fi].start >= te:
                obj_from = max(obj_from, forces[j].end)
    if not actors:  # a trigger that names nobody: rules that need an actor keep it from weaker readings
        return None if rule.pro_drop else []
    if rule.actor not in ("after", "inside") and pronoun_object:  # انسحبت منها قوات X: the place named before
        targets = _antecedent(sent, ts, places, "")
        factor = 0.8 if targets else 1.0
    else:
        targets, factor = _places_for(rule, sent, ts, obj_from, places, forces)
    if not targets and rule.name == "withdrawal" and actors[0][0] is not None and forces[actors[0][0]].start >= te \
            and not re.match(r"\s*(?:من|عن|إلى|الى|باتجاه|نحو)(?![\w])", sent[obj_from:obj_from + 8]):
        near = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= ANAPHOR_WINDOW]
        if near:  # "دخلت X مدينة Y بعد انسحاب قوات Z": Z left Y
            targets, factor = [_head(sent, near[-1], places, ts)], 0.7
    if not targets and actors[0][0] is not None and rule.actor == "subject" and forces[actors[0][0]].start >= te:
        # a long VSO subject ("سيطرت الفصائل التي … على Y"): the object follows the next على
        m = _ON.search(sent, obj_from, obj_from + 90)
        if m:
            targets, factor = _places_for(rule, sent, ts, m.end(), places, forces)
    if not targets and rule.name in _TAKES_OBJECT and _OBJECT_SUFFIX.search(sent, ts, _word_end(sent, ts)):
        near = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= ANAPHOR_WINDOW]
        if near:  # "استعادتها"، "حررها الجيش": the suffix pronoun is the object, the place named before
            targets, factor = [_head(sent, near[-1], places, ts)], 0.7
    if not targets:
        return [] if rule.place == "before" else None
    relation, name = rule.relation, rule.name
    if name == "storming" and _MANAGED.search(sent, max(0, ts - 160), ts):
        relation, name = "captured", "storm"  # "تمكن X من اقتحام Y": the storming succeeded
    elif name == "partial_control" and _AND_ON.search(sent, te, places[targets[0]].start):
        relation, name = "captured", "capture"  # "على أجزاء من البلدة وعلى بلدة Y": Y is a whole second object
    elif relation == "captured" and places[targets[0]].start > te:
        after_actor = max([te] + [forces[a[0]].end for a in actors if a[0] is not None and forces[a[0]].end
                                  <= places[targets[0]].start])
        if _PARTIAL.search(sent, after_actor, places[targets[0]].start):
            relation, name = "contested", "partial_control"  # "على أجزاء من مدينة Y": fighting goes on in Y
    out = []
    for pi in targets:
        for fi, fid, f2 in actors:
            out.append(Claim(pi, fid, fi, relation, name, round(rule.confidence * f2 * factor, 3), ts))
        if rule.loser:
            lost = patient if patient is not None else _loser(sent, places[pi].end, forces)
            if lost is not None and all(forces[lost].force != a[1] for a in actors):
                out.append(Claim(pi, forces[lost].force, lost, "lost", rule.name + "_loser",
                                 round(rule.confidence * 0.7, 3), ts))
    return out


_PARTIAL = _rx(r"(?<![\w])(?:جزء|أجزاء|اجزاء|ثلث|نصف|ربع|بعض|عدد من|عدة)(?![\w])(?:\s+\w+)?\s+(?:من\s+|في\s+)?"
              r"(?:(?:ال)?(?:أحياء|احياء|حي|مناطق|أطراف)\s+)?(?:" + _CUES_EARLY + r")?\s*[«»\"“”'(]*$")
_MANAGED = _rx(r"(?<![\w])[وف]?(?:تمكن|تمكنت|تمكنوا|يتمكن|تتمكن|نجح|نجحت|نجحوا)\s+(?:\S+\s+){0,24}?من\s+(?:ال)?$")
_RELATIVE_RULES = frozenset({"relative_capture", "relative_control", "former_control"})
_TAKES_OBJECT = frozenset({"recapture", "liberation", "entry", "storm", "seizure"})
_OBJECT_SUFFIX = _rx(r"(?:ها|هما)(?![\w])")


def _word_end(sent: str, i: int) -> int:
    while i < len(sent) and sent[i].isalpha():
        i += 1
    return i


def _taken_from(rule: Rule, sent: str, ts: int, lost: int, places: list[Span], forces: list[Span]) -> list[Claim]:
    """"Y، التي استعادتها من X": the main clause's subject took Y (the antecedent) and X lost it."""
    group = _before(sent, ts, places, forces, nearest=True)
    if not group:
        return []
    subject = _force_before(sent, places[group[0]].start, forces, SUBJECT_WINDOW, cross_clauses=True)
    out = [Claim(pi, forces[lost].force, lost, "lost", rule.name + "_loser", round(rule.confidence * 0.7, 3), ts)
           for pi in group]
    if subject is not None and forces[subject].force != forces[lost].force:
        out += [Claim(pi, forces[subject].force, subject, rule.relation, rule.name, round(rule.confidence * 0.9, 3), ts)
                for pi in group]
    return out


def _handover(rule: Rule, sent: str, ts: int, te: int, places: list[Span], forces: list[Span]) -> list[Claim] | None:
    """The receiving force (``لـ Z`` after the places) controls the places handed over."""
    targets, _ = _places_for(rule, sent, ts, te, places, forces, window=PLACE_WINDOW + 30, allow_forces=True)
    if not targets:
        return None
    last = places[targets[-1]].end
    for i, f in enumerate(forces):
        if last <= f.start <= last + 40 and (_governed(sent, f.start) or sent[max(0, f.start - 8):f.start].strip()
                                             .endswith(("لعناصر", "لقوات", "لمقاتلي", "الى", "إلى"))):
            return [Claim(pi, f.force, i, rule.relation, rule.name, rule.confidence, ts) for pi in targets]
    return None


def _force_after(sent: str, te: int, forces: list[Span], window: int, *, gap_ok: bool) -> int | None:
    """The force starting right after the trigger (at most two filler words between)."""
    for i, f in enumerate(forces):
        if f.start < te:
            continue
        if f.start - te > window:
            return None
        gap = sent[te:f.start]
        if f.reporter:
            return None
        if not gap_ok and gap.strip() and _NOT_SUBJECT.search(" " + gap):
            return None  # "استهدف مواقع قسد": the force after the verb is its target
        if gap_ok or (_VSO_GAP.match(gap) and not _PREP_IN_GAP.search(gap)) or _PARTITIVE.match(gap) \
                or _MARKER_GAP.match(gap):
            return i
        return None
    return None


def _force_before(sent: str, ts: int, forces: list[Span], window: int = SUBJECT_WINDOW, *,
                  cross_clauses: bool = False) -> int | None:
    """The nearest actor force before the trigger: not a reporter, not governed by a preposition.

    A coordination (``X وY سيطرتا``) answers with its head X; the caller adds Y.
    """
    if _RELATIVE_WORD.search(sent, 0, ts):  # most sentences have no relative pronoun before the trigger
        for i in range(len(forces) - 1, -1, -1):
            if forces[i].end <= ts and _RELATIVE.match(sent[forces[i].end:ts]):
                return i  # "للتنظيم الذي خسر": the antecedent of the relative clause is the subject
    for i in range(len(forces) - 1, -1, -1):
        f = forces[i]
        if f.end > ts:
            continue
        if ts - f.end > window:
            return None
        if f.reporter or _NOT_SUBJECT.search(sent[max(0, f.start - 16):f.start]) or _governed(sent, f.start) \
                or _GOVERNED_COORD.search(sent, max(0, f.start - 40), f.start):
            continue
        if not cross_clauses and _CLAUSE_BREAK.search(sent[f.end:ts]):
            return None
        while i > 0 and _AND.match(sent[forces[i - 1].end:forces[i].start]) and not forces[i - 1].reporter:
            i -= 1
        return i
    return None


_PRONOUN_OBJECT = _rx(r"^\s*(?:منه|منها|منهما|عليه|عليها|عليهما|إليه|إليها|فيه|فيها)(?![\w])")
_BACKREF = _rx(r"^\s*[«»\"“”']*\s*(?:ال)?(?:أخيرة|أخير|أولى|أول)(?![\w])")
_LATE = _rx(r"(?:يكون|تكون|أصبح|أصبحت|بات|باتت|صار|صارت)\s+[«»\"“”']*\s*(?:\w+\s+)?$")


def _skip_pronoun_object(sent: str, te: int) -> int:
    """"انسحب منه قوات X": step over the pronoun so the subject after it is found (its place is before)."""
    m = _PRONOUN_OBJECT.match(sent[te:te + 12])
    return te + m.end() if m else te


def _backref(sent: str, te: int, ts: int, forces: list[Span]) -> int | None:
    """"انسحاب الأخيرة" / "تقدم الأولى": the last (or the earlier of the last two) force named before."""
    m = _BACKREF.match(sent[te:te + 14])
    if not m:
        return None
    before = [i for i, f in enumerate(forces) if f.end <= ts and not f.reporter]
    if not before:
        return None
    if "ول" in m.group() and len(before) >= 2:
        return before[-2]
    return before[-1]


# only "الأخيرة": "الأول/الأولى" are too often ordinals (تشرين الأول، للمرة الأولى) to stand for a force
_BACKREF_SUBJECT = _rx(r"(?<![\w])ال(?:أخيرة|أخير)\s+(?:\w+\s+){0,3}$")
_THE_LAST = normalize("الأخير")  # in every match of _BACKREF_SUBJECT


def _backref_subject(sent: str, ts: int, forces: list[Span]) -> int | None:
    """"تمكنت الأخيرة من السيطرة": a subject that points back at the last force named."""
    if sent.find(_THE_LAST, max(0, ts - 40), ts) < 0:  # the literal first: most windows lack it
        return None
    m = _BACKREF_SUBJECT.search(sent, max(0, ts - 40), ts)
    if not m or _force_between(m.start(), ts, forces):
        return None
    before = [i for i, f in enumerate(forces) if f.end <= m.start() and not f.reporter]
    if not before:
        return None
    return before[-1]


# "من التنظيمات الإرهابية وفصائل المعارضة": a force coordinated under a preposition is governed too
_GOVERNED_COORD = _rx(r"(?<![\w])(?:من|ضد|مع|عن|على|إلى|الى|بين)\s+(?:[^\s،,]+\s+){1,3}?و\s*[«»\"“”']*$")


def _first_subject(sent: str, ts: int, forces: list[Span]) -> int | None:
    """The first plausible subject of the sentence before ``ts`` (its main clause's subject)."""
    for i, f in enumerate(forces):
        if f.end > ts:
            return None
        if f.reporter or _governed(sent, f.start) or _NOT_SUBJECT.search(sent[max(0, f.start - 16):f.start]) \
                or _GOVERNED_COORD.search(sent, max(0, f.start - 40), f.start):
            continue
        return i
    return None


def _backref_end(sent: str, te: int) -> int:
    m = _BACKREF.match(sent[te:te + 14])
    return te + m.end() if m else te


def _late_subject(sent: str, te: int, forces: list[Span]) -> int | None:
    """"وبالسيطرة على Y يكون النظام قد …": a subject announced after the object by a copula."""
    for i, f in enumerate(forces):
        if te <= f.start <= te + 90 and _LATE.search(sent[max(te, f.start - 28):f.start]):
            return i
    return None


def _governed(sent: str, start: int) -> bool:
    """A force with an attached preposition (لتنظيم داعش، بقوات النظام) is never the subject."""
    w = start
    while w > 0 and sent[w - 1].isalpha():
        w -= 1
    return w < start and sent[start - 1] in "بل" and not _MARKER.search(sent, max(0, w - 40), w)


def _agent_after(sent: str, te: int, forces: list[Span]) -> int | None:
    """``من قبل X`` after the trigger (حصار خانق من قبل قوات النظام)."""
    for i, f in enumerate(forces):
        if te <= f.start <= te + 60 and _AGENT.search(sent[te:f.start]):
            return i
    return None


def _places_for(rule: Rule, sent: str, ts: int, obj_from: int, places: list[Span], forces: list[Span], *,
                window: int | None = None, allow_forces: bool = False) -> tuple[list[int], float]:
    """The object places of a trigger and a confidence factor.

    The first place on the rule's side within a short window plus the places coordinated with it;
    an anaphoric object (عليها، من المدينة) points back to the nearest place before the trigger.
    """
    if rule.place in ("before", "before_or_after"):
        group = _before(sent, ts, places, forces, nearest=rule.name in _RELATIVE_RULES)
        if group and rule.place == "before_or_after" and not _SHORT_GAP.match(sent[places[group[-1]].end:ts]):
            group = []  # "شهد Y اشتباكات" yes; "انسحاب من Y وسط اشتباكات" no
        if group and rule.name in _RELATIVE_RULES \
                and not _SHORT_GAP.match(sent[max(p.end for p in places if p.end <= ts):ts]):
            group = []  # "Y، واتخذها مركزا لإدارة المناطق التي يسيطر عليها": the antecedent is المناطق, not Y
        if group or rule.place == "before":
            return group, 1.0
    if rule.needs_on and not sent[:obj_from].rstrip().endswith(_ON_WORD):
        m = _ON_PRONOUN.match(sent, obj_from)
        if m:  # "بعد سيطرة X عليها": the object is the place named before
            return _antecedent(sent, ts, places, ""), 0.8
        m = _ON.search(sent, obj_from, obj_from + 90)  # "سيطرت X في درعا اليوم، على معبر Y": Y, not درعا
        if not m:
            return [], 1.0
        obj_from = m.end()
    first = None
    window = window or rule.window
    allow_forces = allow_forces or rule.relation == "attacked"
    for i, p in enumerate(places):
        if p.start < obj_from:
            continue
        gap = sent[obj_from:p.start]
        if p.start - obj_from > window or (not allow_forces and _force_between(obj_from, p.start, forces)) \
                or _OBJECT_GAP_BAD.search(gap) or _OBJECT_BREAK.search(gap) \
                or (rule.relation not in ("attacked", "contested") and _VICINITY.search(gap)) \
                or (rule.prep and not _LOCATIVE.search(gap)) \
                or (rule.obj_gap is not None and not rule.obj_gap.match(gap)) \
                or (not rule.prep and rule.relation in HOLD_OR_LOSE and _IN.match(gap)):
            break
        first = i
        break
    if first is None:
        m = _ANAPHOR.match(sent[obj_from:obj_from + 30])
        if m:
            return _antecedent(sent, ts, places, m.group()), 0.8
        m = _LIST_HEAD.search(sent, obj_from, obj_from + 120)  # "على قرى عدة، آخرها X وY"
        if m and not any(obj_from <= f.start < m.start() and not _governed(sent, f.start) for f in forces):
            return _places_for(replace(rule, needs_on=False), sent, ts, m.end(), places, forces, window=window,
                               allow_forces=allow_forces)
        return [], 1.0
    group = _coordinated(sent, first, places)
    if rule.needs_on:  # "سيطرت على X، وعلى Y": each further على adds its object
        end = places[group[-1]].end
        for m in _AND_ON.finditer(sent, end):
            if _force_between(end, m.start(), forces) or _OBJECT_BREAK.search(sent, end, m.start()):
                break
            more, _ = _places_for(Rule(rule.name, rule.pattern, rule.relation, rule.actor, "after", 0.0),
                                  sent, ts, m.end(), places, forces)
            if not more:
                continue
            group += [i for i in more if i not in group]
            end = places[group[-1]].end
    return group, 1.0


def _coordinated(sent: str, first: int, places: list[Span]) -> list[int]:
    """``first`` and the places listed after it (X وY، Z وقرية W)."""
    group = [first]
    while group[-1] + 1 < len(places):
        gap = sent[places[group[-1]].end:places[group[-1] + 1].start]
        if not (_COORD.match(gap) or (_COORD_SKIP.match(gap) and not _NOT_ITEM.search(gap))):
            break
        group.append(group[-1] + 1)
    return group


def _antecedent(sent: str, ts: int, places: list[Span], anaphor: str) -> list[int]:
    """The place an anaphor points back to: the nearest one before, preferring one named with the same noun
    (هذا المعبر → معبر باب الهوى)."""
    near = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= ANAPHOR_WINDOW]
    if not near or (not anaphor and _VICINITY.search(sent, max(0, places[near[-1]].start - 25),
                                                     places[near[-1]].start)):
        return []  # "مناطق بريف Y، كانت قد سيطرت عليها": the pronoun stands for the areas, not for Y
    noun = re.search(r"(?:ال)?(\w+)\s*$", anaphor)
    stem = noun.group(1) if noun else ""
    if stem and len(stem) > 2:
        same = [i for i in near if stem in sent[max(0, places[i].start - 10):places[i].start]]
        if same:
            return [same[-1]]
    return [_head(sent, near[-1], places, ts)]


def _before(sent: str, ts: int, places: list[Span], forces: list[Span], *, nearest: bool = False) -> list[int]:
    """The place group just before the trigger (Y، الخاضعة لـ X), its head rather than its locator
    (``nearest``: the place right before, as the antecedent of a relative pronoun is)."""
    before = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= BEFORE_WINDOW]
    if before:  # the cheap window test first, the regex only for the few places it keeps
        before = [i for i in before if not _force_between(places[i].end, ts, forces)
                  and not _CLAUSE_BREAK.search(sent[places[i].end:ts])]
    if not before:
        return []
    last = before[-1] if nearest else _head(sent, before[-1], places, ts)
    group = [last]
    while group[0] > 0 and _COORD.match(sent[places[group[0] - 1].end:places[group[0]].start]):
        group.insert(0, group[0] - 1)
    return group


def _head(sent: str, last: int, places: list[Span], ts: int) -> int:
    """Step back from a locating place to the place it locates: "التنف شرق حمص" → التنف."""
    while last > 0 and ts - places[last - 1].end <= ANAPHOR_WINDOW \
            and _LOCATOR.match(sent[places[last - 1].end:places[last].start]):
        last -= 1
    return last


def _force_between(a: int, b: int, forces: list[Span]) -> bool:
    for f in forces:  # a plain loop: a generator costs more than the few forces of a sentence
        if a <= f.start < b:
            return True
    return False


def _loser(sent: str, place_end: int, forces: list[Span]) -> int | None:
    """``… Y من X`` / ``طرد X من Y``: the force on the other side of من, who lost the place."""
    for i, f in enumerate(forces):
        if place_end <= f.start <= place_end + 30 and _LOSER.match(sent[place_end:f.start]) \
                and not _SUPPORT.search(sent[place_end:f.start] + " "):
            return i
    return None
