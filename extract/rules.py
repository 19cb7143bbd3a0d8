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
first one starts); a rule written ``<PRE>trigger`` is searched as the bare trigger and its clitics are
checked afterwards, which lets the regex engine skip ahead on the trigger's first letters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Iterable, NamedTuple

from arabic.lexicon import alternation, words
from arabic.normalize import normalize
from extract.grammar import Grammar, Rule, load_grammar, rx
from records.forces import load_coalitions


_rx = rx


def _alt(name: str) -> str:
    """A word list of arabic/data/words.json as a regex alternation (its one place)."""
    return alternation(words(name))


_CUES_EARLY = _alt("object_cues")  # cue words that may stand between a verb and its object (على مدينة X)
_DIRS = _alt("directions")
DEFAULT = load_grammar()  # the packaged grammar; load_grammar(path) adds a linguist's file to it
RULES = DEFAULT.rules


class Span(NamedTuple):
    """A place or force found in the sentence (offsets into the normalised sentence).

    A named tuple rather than a dataclass: dozens are made per article, and a tuple is made several times faster."""

    start: int
    end: int
    force: str = ""          # force id for force spans
    reporter: bool = False   # a force named as the source of the report


class Claim(NamedTuple):
    """One rule firing: ``force`` did ``relation`` to ``places[place]``. A named tuple, like ``Span``: a sentence
    makes several (one per place and actor), and a tuple is made several times faster than a frozen dataclass.

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


def _matches(rule: Rule, sent: str, pos: int, last_key: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each match of ``rule`` from ``pos``, left to right, without overlaps.

    A rule written as ``<PRE>trigger`` is searched as the bare trigger (the regex engine then skips ahead
    on its first letters, several times faster than trying a lookbehind at every position) and kept when
    what stands between the word start and the trigger is a valid run of proclitics: the same matches.
    Every match contains one of the rule's keys, so none starts after ``last_key`` (where its last key
    starts): the search stops there instead of scanning the rest of the sentence.
    """
    stop = len(sent) if last_key is None else last_key
    if rule.pre is None:
        if rule.core is not None and rule.core.search(sent, pos) is None:
            return []  # a pattern opening with an optional part: its core is found fast, or there is no match
        out = []
        for m in rule.pattern.finditer(sent, pos):
            out.append(m.span())
            if m.end() > stop:
                break
        if rule.unless is not None and out:
            out = [(a, b) for a, b in out if rule.unless.search(sent, a, b) is None]
        return out
    out = []
    search, pre = rule.pattern.search if rule.skip is None else partial(_search, rule), rule.pre
    while pos <= stop and (m := search(sent, pos)) is not None:
        c = w = m.start()
        while w > 0 and c - w <= 4 and (sent[w - 1].isalnum() or sent[w - 1] == "_"):
            w -= 1
        if pre.fullmatch(sent, w, c) and (w == 0 or not (sent[w - 1].isalnum() or sent[w - 1] == "_")):
            out.append((w, m.end()))
            pos = m.end() if m.end() > c else c + 1
        else:
            pos = c + 1
    if rule.unless is not None and out:  # "حاولت … ثم تمكنت من السيطرة": the attempt succeeded, no blocker
        out = [(a, b) for a, b in out if rule.unless.search(sent, a, b) is None]
    return out


def _search(rule: Rule, sent: str, pos: int) -> re.Match[str] | None:
    """``rule.pattern.search(sent, pos)`` for a pattern with lookbehinds: the lesser pattern (``Rule.skip``, found
    by a fast skip) matches wherever the pattern does, so the first place both match is the first match."""
    skip, match = rule.skip.search, rule.pattern.match
    while (s := skip(sent, pos)) is not None:
        m = match(sent, s.start())
        if m is not None:
            return m
        pos = s.start() + 1
    return None


# Verbs whose grammatical object is the force they act against (طرد X، هاجمت X، حاصرت X)
_AGAINST_VERBS = r"[وف]?[يت]?(?:طرد|هاجم|استهدف|قاتل|حارب|واجه|قصف|حاصر)\w*"
# The words of a fall (سقطت Y، سقوط Y): the place fell; who took it is said after (بيد X) or not at all
_FALL_WORDS = r"[وف]?(?:(?:ال)?سقوط|سقط\w*|تسقط\w*|يسقط\w*)"
# A force governed by one of these words is an object or a target, not the actor.
_NOT_SUBJECT = _rx(r"(?:^|\s)(?:[وف]?(?:ضد|مع|عن|على|إلى|الى|بين|لدى|حول|تجاه|أمام|لصالح|قبل|طرف|جانب|بدعم|بإسناد)|فرار\w* من|(?:ال)?مدعوم\w* من"
                   r"|[وب]?(?:دعم|إسناد|مساندة|غطاء|تغطية|مشاركة|مؤازرة)(?:\s+\w+)?\s+من"  # بغطاء جوي من X: X backs
                   r"|(?:ال)?مدعوم\w*(?:\s+ب\w+)?|ب(?:طيران|مدفعية|دعم|إسناد|مساندة|غطاء|تغطية|مؤازرة)\w*(?:\s+\w+)?"  # مدعومة بطيران X
                   r"|[وف]?(?:ب|ل|ال|بال|لل)?(?:" + _alt("target_nouns") + r")"  # حواجز X، مواقع X: X holds them
                   r"|(?:ل|ب|ال|لل)?(?:سيطرة|نفوذ)|قبضة|يد|أيدي|[وف]?(?:ب|ل|ال|بال|لل)?(?:هجوم|هجمات|هجمة|قصف|غارات|غارة)\w*"  # صد هجوم X: X attacked
                   r"|" + _AGAINST_VERBS + r")\s*[«»\"“”']*\s*$")
# "صدت هجوما لعناصر X"، "هجوما شنه X": a force one word after an attack noun is the attacker, not the verb's subject
_ATTACK_NOUN_GAP = _rx(r"(?<![\w])(?:[وف]?(?:ب|ل|ال|بال|لل)?(?:هجوم|هجمات|هجمة|اعتداء|محاول)\w*)\s+[^\s،,.]+\s*[«»\"“”']*\s*$")
# "هاجمت قوات X مواقع Y": an attack verb that opens the sentence has its subject after it (VSO), not its object
_OPENING_VERB = _rx(r"[\s«»\"“”'(]*" + _AGAINST_VERBS + r"\s+")


def _object_of(sent: str, start: int) -> bool:
    """The force at ``start`` is governed as an object or a target (ضد X، مواقع X، بدعم من X، Y هاجمت X)."""
    return bool(_NOT_SUBJECT.search(sent[max(0, start - 16):start])) and not _OPENING_VERB.fullmatch(sent, 0, start)


_SIDE = _rx(r"(?:بين|مع|و)\s*[«»\"“”']*\s*$")
_AGENT = _rx(r"(?:من قبل|من طرف|بواسطة|على يد|على أيدي)\s*$")
# "الطيران التابع للنظام"، "القوات الموالية للحكومة": the force after the marker is the actor, despite its لـ
_ARMED = r"(?:ال)?(?:" + _alt("armed_nouns") + ")"
_MARKER = _rx(r"(?<![\w])" + _ARMED + r"\s+(?:\w+\s+)?(?:ال)?(?:تابع|تابعة|تابعين|موالي|موالية|موالين|موالون)\s+$")
# "بدعم من X"، "بغطاء من X": X helps, it did not lose the place
_MARKER_GAP = _rx(r"^[\s«»\"“”'(]*" + _ARMED + r"\s+(?:\w+\s+)?(?:ال)?(?:تابع|تابعة|موالي|موالية)\s+ل?$")  # قصفت المدفعية الموالية للنظام
_SUPPORT = _rx(r"(?:دعم|مساندة|غطاء|إسناد|مشاركة|تغطية)\s+من\s")
# "التي استعادتها من التنظيم": the force after من lost the place; the actor is the main clause's subject
_FROM = _rx(r"^\s*(?:ها|ه|هما)?\s*من\s+(?:(?:أيدي|يد|قبضة|سيطرة)\s+)?[«»\"“”'(]*$")
_AND_ON = _rx(r"(?:،\s*)?(?<![\w])(?:و|ثم)\s*(?:كذلك\s+|أيضا\s+)?على(?![\w])")
_ALSO = _rx(r"(?:،\s*)?(?<![\w])[و]?(?:" + _alt("list_joiners") + r")(?![\w])")
_AND_ON_OR_ALSO = _rx(r"(?:،\s*)?(?<![\w])(?:(?:و|ثم)\s*(?:كذلك\s+|أيضا\s+)?على|[و]?(?:" + _alt("list_joiners")
                      + r"))(?![\w])")
_SHORT_GAP = _rx(r"^[\s،,«»\"“”']*(?:\w+\s+){0,2}$")
_CONTINUATION = _rx(r"^\s*[وف]?(?:على|إلى|الى)(?![\w])")
_CALL = _rx(r"(?:دعا|دعت|تدعو|يدعو|طالب|طالبت|تطالب|يطالب|حث|حثت|ناشد|ناشدت)\s*$")
_ALLY = _rx(r"^\s*(?:ال)?(?:متحالف|متعاون|حليف|مساند|شريك)\w*\s+مع")
_RELATIVE = _rx(r"^\s*[«»\"“”']*\s*(?:الذي|التي|الذين|اللذين|اللتين)\s+(?:\w+\s+)?$")
_RELATIVE_WORD = _rx(r"(?:الذي|التي|الذين|اللذين|اللتين)\s")  # what _RELATIVE needs somewhere: a cheap pre-check
# X وY، X وفصائل Y: a second force of the same claim (an armed noun before its name is still that force)
_AND = _rx(r"^\s*[«»\"“”']*\s*(?:،\s*)?و\s*(?:" + _ARMED + r"\s+)?[«»\"“”']*\s*$")
# Words between the trigger and a VSO subject: adverbs of time and two filler words at most.
_VSO_GAP = _rx(r"^[\s«»\"“”'(]*(?:\w+\s+){0,2}[\s«»\"“”'(]*$")
# "سيطر ما يسمى X"، "ما يعرف بـ«X»"، "المسماة X": a force introduced by its name is that force
_SO_CALLED = _rx(r"^[\s«»\"“”'(]*(?:ال\w+\s+)?(?:" + _alt("so_called") + r")\s+(?:اسم\s+|ب(?:اسم\s*)?)?[«»\"“”'(]*$")
_TIME_GAP = _rx(r"[\s،,«»\"“”'(]*(?:(?:" + _alt("time_words") + r")[\s،,]+){1,5}")
TIME_GAP_WINDOW = 48
# "انسحب منه القسم الأكبر من قوات X": a quantity of the force is still the force
_PARTITIVE = _rx(r"^[\s«»\"“”'(]*(?:(?:ال)?(?:قسم|جزء|معظم|غالبية|بعض|عدد|جميع|كافة|كل|مئات|عشرات|آلاف|العديد|عناصر|مقاتلو|"
                 r"مقاتلي|مقاتلون|مقاتلين|مسلحو|مسلحي|مسلحون|مسلحين|جنود|وحدات|أرتال|رتل|مجموعة|مجموعات|قوة|وحدة|مفرزة|دفعة)(?:\s+(?:ال)?\w+)?\s+(?:من\s+)?){1,2}"
                 r"[\s«»\"“”'(]*$")  # عشرات من عناصر X: a quantity of a part of the force
# "اقتحم نحو 200 مقاتل من قوات X"، "أكثر من ألف عنصر من X": a counted number of the force's members is the force
_QUANTITY = _rx(r"^[\s«»\"“”'(]*(?:(?:" + _alt("approximators") + r")\s+)?(?:[\d٠-٩]+|" + _alt("count_words") + r")\s+(?:ال)?(?:"
                + _alt("force_members") + r")\w*\s+من\s+[\s«»\"“”'(]*$")
_PREP_IN_GAP = _rx(r"(?<![\w])(?:على|من|إلى|الى|في|ضد|مع)(?![\w])")
# Between two coordinated places: separators, و, and at most a cue word (قرية، بلدة …), or up to two
# names the gazetteer did not know (X وقرية Z وY): the list goes on through them.
_CUES = r"(?:" + _alt("list_cues") + ")"
_SEP = r"[\s،,()«»\"“”'\-–/]*"
_BULLET = r"(?:\d{1,2}\s*[-–)]|[-–•*·])\s*"  # numbered or bulleted members: "قرى: 1- X 2- Y"
_COORD = _rx(r"^" + _SEP + r"(?:(?:و|أو|ثم)\s*(?:" + _CUES + r"\s*)?|[،,/\-–]" + _SEP + r"(?:و|أو)?\s*(?:" + _CUES +
              r"\s*)?|" + _CUES + r"\s*|" + _BULLET + r")" + _SEP + r"$")
_HEADS = r"(?:" + _alt("compound_heads") + ")"
# words that describe a member, not a place of their own (X الشمالية، X بالكامل), and a coordination with و
_DESCRIBED = _rx(r"^[\s)]*(?:(?:" + _alt("member_descriptors") + r")(?![\w])\s*){1,2}")
_AND_COORD = _rx(r"^[\s)»\"”']*[،,]?\s*(?:و|ثم)\s*(?:" + _CUES + r"\s*)?" + _SEP + r"$")
_ITEM = r"(?:و|،|,)\s*" + _SEP + r"(?:" + _CUES + r"\s*)?" + _SEP + r"(?:" + _HEADS + r"\s+)?\w+" + _SEP
_COORD_SKIP = _rx(r"^" + _SEP + r"(?:" + _ITEM + r"){1,4}(?:و|أو)?\s*(?:" + _CUES + r"\s*)?" + _SEP + r"$")
_NOT_ITEM = _rx(r"(?<![\w])[وف]?(?:طريق|أوتوستراد|محور|ريف|" + _DIRS + r"|في|من|على|إلى|بعد|قبل|"
                r"التي|الذي|الواقعة|حيث|مع|بين|عدة|عدد|أكثر|كم|محافظة|العاصمة|باتجاه|نحو|محيط|قرب|أطراف|حتى|ضد|وسط"
                r"|" + _alt("clause_verbs") + r")(?![\w])"  # "على X، وقصفت Y": a verb opens a new clause, not a member
                r"|\d")
_OBJECT_GAP_BAD = _rx(r"(?:طريق|أوتوستراد|اوتوستراد|محور|جبهة|اتجاه|باتجاه|نحو|ضد|معركة|لمعركة|مقر|قيادة|عمليات)\s*(?:"
                     + _CUES + r"\s*)?[«»\"“”'(]*\s*$|(?<![\w])(?:ال)?(?:طريق|أوتوستراد)(?![\w])"
                     r"|(?<![\w])(?:ال)?(?:مطل|مشرف)\w*\s+على(?![\w])"  # تلال مطلة على Y: Y only locates them
                     r"|(?<![\w])(?:ال)?واقع\w*\s+(?:في|ب|على|ضمن|داخل)")  # البلدة، الواقعة في محافظة Y: Y locates it
# "على قرى في ريف X"، "على عدد من النقاط في منطقة X"، "على مناطق وسط X"، "على مدن وبلدات محافظة X": X only
# locates an unnamed set of objects, a part of X
_IN = _rx(r"^\s*(?:على\s+)?.*?(?<![\w])(?:ال)?(?:قرى|بلدات|عدد|عدة|نقاط|نقطة|مواقع|مناطق|أجزاء|العديد|أكثر|بعض|معظم|"
          r"أحياء|حواجز|تلال|مزارع|" + _alt("unnamed_area_sets") + r")(?![\w]).*?(?<![\w])(?:في|"
          + _alt("inside_words") + "|" + _alt("region_cues") + r")(?![\w])")
# "على عدة أحياء في مدينة X"، "على مناطق وسط X"، "على أحياء من مدينة X": part of a town is taken, the town is
# contested (the gold convention for partial control); a countryside or a province stays a mere locator (_IN)
_PART_OF_TOWN = _rx(r"(?<![\w])(?:ال)?(?:أحياء|احياء|مناطق|أجزاء|اجزاء)(?:\s+(?:واسعة|عدة|كبيرة|مهمة))?\s+"
                    r"(?:من|في|وسط|داخل)\s+(?:(?:ال)?(?:مدينة|بلدة)\s+)?[«»\"“”'(]*$")
_CLAUSE_BREAK = _rx(r"(?<![\w])(?:بعد|قبل|فيما|بينما|حيث|لكن|إلا|عقب|إثر|بسبب|كما|أما)(?![\w])")
_OBJECT_BREAK = _rx(r"(?<![\w])(?:فيما|بينما|حيث|لكن|إلا|بسبب|كما|أما|لاستعادة|لتحرير|للسيطرة|لطرد)(?![\w])")
# "معارك للسيطرة على Y": fighting for a place contests it, while "قصف X لاستعادة Y" claims nothing of Y
_CLAUSE_ONLY_BREAK = _rx(r"(?<![\w])(?:فيما|بينما|حيث|لكن|إلا|بسبب|كما|أما)(?![\w])")
# "هجوم على مواقع X غرب حلب": a place after a bare direction only locates an unnamed target
_BARE_DIRECTION = _rx(r"(?<![\w])(?:" + _DIRS + r")\s*[«»\"“”'(]*\s*$")
# A place after one of these is only the neighbourhood of the claim (أطراف دمشق، قرب حلب), not its object.
_VICINITY = _rx(r"(?:" + _alt("vicinity") + "|" + _DIRS + r"|ريف|الريف(?:\s+\w+)?)\s*(?:" + _CUES + r"|محافظة|محافظتي)?\s*[«»\"“”'(]*\s*(?:ل|ب|لل)?$")
# Between a place and the place that locates it: Y شرق X، Y في ريف X، Y الواقعة شمال X.
_LOCATOR = _rx(r"^[\s،,]*(?:ال\w*واقع\w*\s+)?(?:\w+\s+)?(?:" + _DIRS + r"|قرب|ريف|بريف|في|ب|"
               r"محافظة|بمحافظة|العاصمة|التابعة|التابع|قضاء|منطقة|بمنطقة)(?:\s+\w+){0,2}?\s*[«»\"“”'(]*$")
# not "بالقرب من X"، "القريبة من X": near a force is not taken from it
_LOSER = _rx(r"^\s*(?:(?![بل]?(?:ال)?(?:قرب|قريب\w*|مقربة|بعيد\w*)\s)\w+\s+){0,2}?من\s+(?:(?:أيدي|يد|قبضة|سيطرة|سيطره)\s+)?[«»\"“”'(]*$")
# "Y الواقعة على بعد 10 كم من X"، "Y على تخوم X"، "Y بالقرب من X": X only says where Y lies
_DISTANCE = _rx(r"[\s،,]*(?:ال\w*واقع\w*\s+|ال\w*قريب\w*\s+)?(?:على\s+بعد\s+(?:\S+\s+){1,3}?(?:من|عن)|(?:على|عند)\s+"
                r"(?:تخوم|مشارف|أطراف|مقربة\s+من)|بالقرب\s+من|(?:ال)?قريب\w*\s+من)\s+(?:(?:" + _CUES + r")\s+)?[«»\"“”'(]*$")
# An object that points back to a place already named: عليها، منه، من المدينة، إلى البلدة.
_ANAPHOR = _rx(r"^\s*(?:(?!أطراف|اطراف|مشارف|محيط|تخوم|قرب)\w+\s+)?(?:(?:على|من|إلى|الى|في)\s*(?:ها|ه|هما)"
               r"|(?:على|من|إلى|الى|في)?\s*(?:(?:هذه|هذا)\s*(?:ال)?|ال)(?:مدينة|بلدة|قرية|منطقة|معبر|مطار|حي|ناحية|مخيم|قاعدة))"
               r"(?![\w])")
_POSSESSIVE = _rx(r"(?:ها|هم|ه|هما)(?:\s+على)?$")  # سيطرتها على: the masdar carries its subject
_LOCATIVE = _rx(r"(?<![\w])(?:في|داخل|ب|حول|قرب|محيط|على|عند|بمحيط|بالقرب من)\s*(?:" + _CUES + r")?\s*[«»\"“”'(]*\s*$")
_LIST_HEAD = _rx(r"(?<![\w])[وف]?(?:" + _alt("list_openers") + r")(?![\w])\s*:?")
_ON_WORD = normalize("على")
_ON = _rx(r"(?<![\w])على(?![\w])")
_ON_PRONOUN = _rx(r"[\s«»\"“”']*(?:\w+\s+)?علي(?:ها|ه|هما|هم)(?![\w])")

PLACE_WINDOW = 48     # normalised characters between trigger and the first place
BEFORE_WINDOW = 60    # for place-before rules (Y، آخر معقل لـ X)
ANAPHOR_WINDOW = 160  # how far back an anaphoric object (منها، المدينة) may point
SUBJECT_WINDOW = 110  # how far back the SVO subject may be
AFTER_FORCE_WINDOW = 24
HOLD_OR_LOSE = ("captured", "controls", "withdrew", "besieged", "lost")


Subject = tuple[str, ...]  # the force ids a sentence hands on for pro-drop: a coordinated subject keeps all


def find_claims(sent: str, places: list[Span], forces: list[Span], prev_subject: Subject = (),
                continues: tuple[str, str] | None = None, grammar: Grammar = DEFAULT,
                scanned: Scan | None = None) -> tuple[list[Claim], Subject]:
    """Claims in one normalised sentence; returns them and the subject to carry to the next sentence.

    ``places``/``forces`` are sorted spans into ``sent``. ``prev_subject``: the force ids the sentence before
    hands on (the head of a claim's subject; a sentence without a claim hands on its whole coordinated subject,
    "تقدمت X وY نحو … . وسيطرت على B"). ``continues`` is the (force, relation) of the
    previous sentence's last claim, for elliptical continuations ("وعلى مطار X" on a line of its own).
    Pure: no state beyond the arguments.
    """
    claims: list[Claim] = []
    taken = bytearray(len(sent) + 1)  # 1: a trigger already fired there; 2: inside a place or force name
    for x in places:
        taken[x.start:x.end] = b"\x02" * (x.end - x.start)
    for x in forces:
        taken[x.start:x.end] = b"\x02" * (x.end - x.start)
    subject_out: Subject = ()
    topic: Subject = ()
    keyed, may_block, _ = scanned if scanned is not None else scan(sent, grammar)
    if may_block and grammar.sentence_block is not None and grammar.sentence_block.search(sent):
        return [], carry_subject(sent, forces)  # "… عارية عن الصحة": a denied report claims nothing
    for rule, first, last_key in keyed:
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
            if not found:
                continue
            if rule.actor == "subject":  # the head of a coordinated subject only: carrying every force of it
                subject_out = _named_actors(found)[:1] or subject_out  # gave held-out news many wrong claims
            elif rule.actor in ("after", "before") and not topic:  # "Y تحت سيطرة X. وتقدمت نحو Z": X is the topic
                topic = _named_actors(found)
    claims = _outcome_over_fighting(_fallen(sent, _former_holders(_gapped(sent, claims, places, forces, grammar), sent), places))
    claims = _fold_coalitions(claims)
    if not claims and continues and _CONTINUATION.match(sent):
        group = _continuation_places(sent, places)
        claims = [Claim(i, continues[0], None, continues[1], "continuation", 0.5, 0) for i in group]
    if not subject_out:
        subject_out = carry_subject(sent, forces) or topic
    return claims, subject_out


# "سيطرة مقاتلي X على Y، ومقاتلي Z على W": the trigger is left out before a second force and its object
_GAP_AND = _rx(r"[\s«»\"“”')]*[،,]?\s*و\s*(?:(?:" + _ARMED + r"|مقاتلي|مقاتلو|عناصر|مسلحي)\s+)?[«»\"“”'(]*")
_GAP_ON = _rx(r"[\s«»\"“”')]*على\s+(?:كامل\s+)?(?:(?:ال)?(?:" + _CUES_EARLY + r")\s+)?[«»\"“”'(]*")
_GAPPING_RELATIONS = ("captured", "controls")


def _gapped(sent: str, claims: list[Claim], places: list[Span], forces: list[Span], grammar: Grammar) -> list[Claim]:
    """The claims of a gapped second clause after a claim of control (سيطرة X على Y، وZ على W): Z did the same to
    W (and to the places listed with it). Only right after the last place of a claim whose verb takes على."""
    if not claims or len(forces) < 2 or claims[-1].relation not in _GAPPING_RELATIONS or "،" not in sent:
        return claims
    last = claims[-1]
    if not any(r.name == last.rule and r.needs_on for r in grammar.rules):
        return claims
    end, out = places[max(c.place for c in claims if c.anchor == last.anchor)].end, list(claims)
    for fi, f in enumerate(forces):
        if f.start < end or f.reporter:
            continue
        nxt = next((i for i, p in enumerate(places) if p.start >= f.end), None)
        if nxt is None or not _GAP_AND.fullmatch(sent, end, f.start) or not _GAP_ON.fullmatch(sent, f.end, places[nxt].start):
            break
        group = _coordinated(sent, nxt, places)
        out += [Claim(i, f.force, fi, last.relation, last.rule + "_gapped", round(last.confidence * 0.9, 3), last.anchor)
                for i in group]
        end = places[group[-1]].end
    return out


_COALITIONS = load_coalitions()


def _fold_coalitions(claims: list[Claim]) -> list[Claim]:
    """Drops a member's claim where its coalition makes the same claim on the same place in the sentence
    ("فصائل المعارضة وهيئة تحرير الشام سيطرت على Y": one claim, the opposition's)."""
    if len(claims) < 2:
        return claims  # most sentences make one claim or none
    held = {(c.place, c.relation, c.force) for c in claims}
    return [c for c in claims if not any((c.place, c.relation, head) in held
                                         for head, members in _COALITIONS.items() if c.force in members)]


def _named_actors(found: list[Claim]) -> Subject:
    """The forces named as the actors of one trigger's holding or losing claims (losers excluded), in order."""
    return tuple(dict.fromkeys(c.force for c in found if c.force_idx is not None and c.relation in HOLD_OR_LOSE
                               and not c.rule.endswith(("_loser", "_taker"))))


def _rules_for(sent: str, g: Grammar = DEFAULT) -> list[tuple[Rule, int, int | None]]:
    """The rules whose key stems occur in ``sent`` (and one of whose ``needs``, if any) with the offset of their
    first key and where their last key starts, in rule order (earlier rules claim their trigger first). One
    automaton pass instead of a search per rule."""
    return scan(sent, g).keyed


class Scan(NamedTuple):
    """What one automaton pass finds in a normalised sentence (``scan``)."""

    keyed: list[tuple[Rule, int, int | None]]  # the rules its keys unlock, with where to search (``_rules_for``)
    may_block: bool  # one of the sentence blockers' stems occurs
    claim_key: bool  # a claim rule's key occurs (``may_claim`` but for its continuation test)


def scan(sent: str, g: Grammar = DEFAULT) -> Scan:
    """The rules a sentence's keys unlock, whether a sentence blocker may apply, and whether a claim rule's key
    occurs, from one automaton pass. The pipeline asks it once per sentence and hands it to ``find_claims``.

    A rule whose every match opens with one of its needs (``Rule.opens_with_need``: حاولت …، لم …) has no match
    before its first need: its first offset is moved so that the search starts there, not ``lead`` characters
    before its first key (the verb at the end of the phrase)."""
    first = dict(g.unkeyed) if g.unkeyed else {}
    last: dict[int, int] = {}
    opening: dict[int, int] = {}  # rule → where its first need starts (only rules whose matches open with one)
    needed = 0  # bit i: one of rule i's ``needs`` occurs (found in the same pass)
    for end, (back, size, rules, needing) in g.key_auto.iter(sent):
        start = end - size
        needed |= needing
        if needing & g.opening_bits:
            for i in g.opening:  # the leftmost need: a longer one (محاولة) may end after a shorter one inside it
                if needing >> i & 1 and start < opening.get(i, start + 1):
                    opening[i] = start
        for i in rules:
            if i not in first:  # hits come in order of their end: the first is (nearly) the leftmost
                first[i] = end - back
                last[i] = start
            elif start > last[i]:
                last[i] = start
    rules = g.rules
    for i, start in opening.items():
        if i in first:
            first[i] = max(first[i], start + rules[i].lead)
    runs = needed | g.free_bits  # bit i: rule i has no needs, or one of them occurs
    return Scan([(rules[i], first[i], last.get(i)) for i in sorted(first) if runs >> i & 1],
                not g.block_bit or needed & g.block_bit != 0, needed & g.claim_bit != 0)


# "وكان Z قد سيطر عليها": a taking before the one the sentence reports (pluperfect)
_PLUPERFECT = _rx(r"(?<![\w])[وف]?(?:كان|كانت|كانوا)\s+(?:[^\s،,.]+\s+){0,4}قد\s+$")


def _former_holders(claims: list[Claim], sent: str = "") -> list[Claim]:
    """"سيطر X على Y، آخر معاقل Z": a stronghold or control phrase in apposition to what X just took
    names who held it before — Z lost Y, it does not hold it; so does a relative clause "Y التي سيطر عليها Z"
    or a pluperfect "وكان Z قد سيطر عليها" (Z took it before X did)."""
    takers = {(c.place, c.force) for c in claims if c.relation == "captured"}
    if len(takers) < 2 and not any(c.rule in _STATE_RULES for c in claims):
        return claims
    out = []
    for c in claims:
        earlier = c.relation == "captured" and (c.rule == "relative_capture"
                                                or bool(_PLUPERFECT.search(sent, max(0, c.anchor - 60), c.anchor)))
        if (c.rule in _STATE_RULES and c.relation == "controls" or earlier) and any(p == c.place and f != c.force
                                                                                     for p, f in takers) \
                and any(t.place == c.place and t.relation == "captured" and t.anchor < c.anchor for t in claims):
            c = Claim(c.place, c.force, c.force_idx, "lost", c.rule + "_former", c.confidence, c.anchor)
        out.append(c)
    return out


_STATE_RULES = frozenset({"stronghold"})
# "سقطت مدينة Y، آخر معاقل X"، "سقوط بلدة Y الخاضعة لسيطرة X": a fall with no hand it fell into
_FALL_STEM = normalize("سق")  # in every fall word: most sentences lack it
_FALL_WORD = _rx(r"(?<![\w])" + _FALL_WORDS + r"(?![\w])")


def _fallen(sent: str, claims: list[Claim], places: list[Span]) -> list[Claim]:
    """A place said to have fallen (its name right after the fall word: سقطت مدينة Y، سقوط Y) was lost by the
    force the sentence names as its holder (a stronghold or a control phrase after it): that state just ended."""
    if not claims or _FALL_STEM not in sent or (m := _FALL_WORD.search(sent)) is None:
        return claims
    return [Claim(c.place, c.force, c.force_idx, "lost", c.rule + "_fallen", c.confidence, c.anchor)
            if c.relation == "controls" and c.rule in _FALLEN_STATES and m.start() < c.anchor
            and _FALL_GAP.fullmatch(sent, m.end(), places[c.place].start) else c for c in claims]


_FALLEN_STATES = frozenset({"stronghold", "under_control", "subject_to"})
_FALL_GAP = _rx(r"\s+(?:(?:ال)?(?:" + _CUES_EARLY + r")\s+)?[«\"“(]?")


def _outcome_over_fighting(claims: list[Claim]) -> list[Claim]:
    """"انتهت المعارك بسيطرة X على Y": where the sentence says how the fighting ended for a force, the fight is
    no separate contest of that force; "تمكن X بعد الهجمات على Y من اقتحامه": nor its attack a separate one."""
    held = {(c.place, c.force): c.relation for c in claims if c.relation in ("captured", "controls", "lost", "withdrew")}
    if not held:
        return claims
    return [c for c in claims if (c.place, c.force) not in held
            or c.rule != "fighting" and (c.relation != "attacked" or held[c.place, c.force] not in ("captured", "controls"))]


def may_claim(sent: str, g: Grammar = DEFAULT, scanned: Scan | None = None) -> bool:
    """A cheap pre-check: could any claim rule fire on this normalised sentence? (``scanned``: its ``scan``, which
    found the claim keys already.)"""
    if scanned is not None:
        return scanned.claim_key or bool(_CONTINUATION.match(sent))
    for _ in g.claim_auto.iter(sent):
        return True
    return bool(_CONTINUATION.match(sent))


_AND_NEXT = _rx(r"\s*[«»\"“”']*\s*(?:،\s*)?و")


def carry_subject(sent: str, forces: Iterable[Span]) -> Subject:
    """The forces a sentence hands to the next one for pro-drop: its first plausible subject and the forces
    coordinated with it (X وY; not "والفصائل المتحالفة معها", only allies). An iterable: the caller may make
    the spans lazily, as only those up to the subject and its coordination are looked at."""
    out: list[str] = []
    last: Span | None = None
    for f in forces:
        if last is not None:  # the subject is found: only its coordination goes on
            if not _AND.match(sent[last.end:f.start]) or f.reporter or _ALLY.match(sent[f.end:f.end + 16]):
                break
        elif f.reporter or _governed(sent, f.start) or _object_of(sent, f.start) \
                or _CALL.search(sent[max(0, f.start - 12):f.start]):
            continue
        out.append(f.force)
        last = f
        if not _AND_NEXT.match(sent, f.end):  # most subjects stand alone: no need to make the next span
            break
    return (out[0],) if len(out) == 1 else tuple(dict.fromkeys(out))


def _continuation_places(sent: str, places: list[Span]) -> list[int]:
    """The place group right after a leading "وعلى" (a list item continuing the previous claim)."""
    if not places or places[0].start > 60:
        return []
    group = [0]
    while group[-1] + 1 < len(places) and _COORD.match(sent[places[group[-1]].end:places[group[-1] + 1].start]):
        group.append(group[-1] + 1)
    return group


@dataclass(slots=True)
class _Reading:
    """What one trigger has found so far. ``actors``: (force index or None for pro-drop, force id, confidence
    factor); ``obj_from``: where its object may start; ``te``: the trigger's end (after a pronoun object);
    ``patient``: the force expelled (طرد X); ``pronoun_object``: انسحبت منها; ``alone``: actors named by a
    back-reference, whose coordination is not theirs."""

    te: int
    obj_from: int
    actors: list[tuple[int | None, str, float]] = field(default_factory=list)
    patient: int | None = None
    pronoun_object: bool = False
    alone: set[int] = field(default_factory=set)


_GO_ON = object()  # a stage's answer when the rule has not finished yet


def _apply(rule: Rule, sent: str, ts: int, te: int, places: list[Span], forces: list[Span],
           prev_subject: Subject) -> list[Claim] | None:
    """Fire one rule at one trigger; None when it has no actor or no place (the trigger stays free).

    Stages: who acts (and whom it acts on), the forces coordinated with them, the object places, the
    relation as worded around the trigger, the claims (with the loser of a taking)."""
    if not rule.relation:
        return []
    r = _Reading(te, te)
    early = _read_actors(rule, sent, ts, r, places, forces, prev_subject)
    if early is not _GO_ON:
        return early  # type: ignore[return-value]
    if len(forces) > 1:  # a coordination needs two forces
        _coordinated_actors(sent, r, forces)
    if not r.actors:  # a trigger that names nobody: rules that need an actor keep it from weaker readings
        if rule.loser and rule.relation == "captured":
            return _loser_only(rule, sent, ts, r, places, forces) or (None if rule.pro_drop else [])
        return None if rule.pro_drop else []
    targets, factor = _object_places(rule, sent, ts, r, places, forces)
    if not targets:
        return [] if rule.place == "before" else None
    relation, name = _worded_relation(rule, sent, ts, r, places[targets[0]].start, forces)
    return _claims_of(rule, sent, ts, r, targets, factor, (relation, name), places, forces)


def _loser_only(rule: Rule, sent: str, ts: int, r: _Reading, places: list[Span], forces: list[Span]) -> list[Claim]:
    """"تم طرد تنظيم X من Y"، "تحرير Y من X": the taker is unnamed, the force expelled or taken from lost Y."""
    targets, _ = _places_for(rule, sent, ts, r.obj_from, places, forces)
    out = []
    for pi in targets:
        lost = r.patient if r.patient is not None else _loser(sent, places[pi].end, forces)
        if lost is not None:
            out.append(Claim(pi, forces[lost].force, lost, "lost", rule.name + "_loser", round(rule.confidence * 0.7, 3),
                             ts))
    return out


def _read_actors(rule: Rule, sent: str, ts: int, r: _Reading, places: list[Span], forces: list[Span],
                 prev_subject: Subject) -> object:
    """Who acts, per the rule's ``actor`` side; ``_GO_ON``, or the finished claims of a rule that needs no
    more (a handover, "التي استعادتها من X"), or None when the actor it needs is not there."""
    te = r.te
    r.patient = _force_after(sent, te, forces, AFTER_FORCE_WINDOW, gap_ok=False) if rule.patient_after else None
    if r.patient is not None:
        r.obj_from = forces[r.patient].end
        second = _force_after(sent, _past_backers(sent, r.obj_from, forces), forces, AFTER_FORCE_WINDOW, gap_ok=False)
        if second is None:
            second = _object_with_lam(sent, r.patient, forces)
        if second is not None and _force_before(sent, ts, forces, rule.subject_window) is None:
            r.actors.append((r.patient, forces[r.patient].force, 1.0))  # طردت X Y من Z: X expelled Y
            r.patient, r.obj_from = second, forces[second].end
    if rule.actor == "after":
        i = _force_after(sent, te, forces, AFTER_FORCE_WINDOW, gap_ok=True)
        if i is None:
            return None
        if rule.name == "relative_capture" and _FROM.match(sent[te:forces[i].start]):
            return _taken_from(rule, sent, ts, i, places, forces)
        r.actors.append((i, forces[i].force, 1.0))
        r.obj_from = forces[i].end
    elif rule.actor == "before":  # "رتل لقوات X المنسحب من Y": the participle describes the force right before it
        i = _described_force(sent, ts, forces)
        if i is None:
            return None
        r.actors.append((i, forces[i].force, 1.0))
    elif rule.actor == "inside":  # the forces named inside the trigger phrase
        r.actors = [(j, f.force, 1.0) for j, f in enumerate(forces) if ts <= f.start and f.end <= te and not f.reporter]
    elif rule.actor == "recipient":  # سلمت X مواقعها في Y لـ Z: Z now holds Y
        return _handover(rule, sent, ts, te, places, forces)
    elif not r.actors:
        _subject_actors(rule, sent, ts, r, forces, prev_subject)
        if rule.actor == "between":
            _other_sides(sent, r, forces)
    return _GO_ON


_LAM_GAP = _rx(r"[\s«»\"“”']*لل?")


def _object_with_lam(sent: str, i: int, forces: list[Span]) -> int | None:
    """"طرد X لتنظيم Y": a masdar's agent in the genitive, its object after لـ right behind it."""
    j = i + 1
    return j if j < len(forces) and _LAM_GAP.fullmatch(sent, forces[i].end, forces[j].start) else None


# "استعادت قوات X بدعم من الطيران الروسي مدينة Y"، "مدعومة بالطيران Z": a backer between the subject and its object
_BACKER_GAP = _rx(r"[\s،,]*(?:(?:ال)?مدعوم\w*\s+(?:من\s+)?|(?:تحت\s+)?[وب]?(?:دعم|إسناد|مساندة|غطاء|تغطية|مشاركة|مؤازرة|ضغط)"
                  r"\w*(?:\s+(?!من(?![\w]))\w+)?\s+(?:من\s+)?)(?:قبل\s+|طرف\s+)?(?:ب|لل|ل)?")


# "دخلت قوات X، التي تقودها وحدات Y، مدينة Z": an aside between commas describes the subject
_ASIDE = _rx(r"\s*[،,]\s*(?:التي|الذي|الذين|اللتين|اللذين|وهي|وهو|المدعوم\w*|بقيادة|بدعم|بمساندة|بإسناد)[^،,.:؛]{0,90}[،,]")


def _past_backers(sent: str, end: int, forces: list[Span]) -> int:
    """Where a VSO subject's object may start: after the backers named right behind it (they act with it) and
    after an aside between commas that describes it."""
    aside = _ASIDE.match(sent, end)
    if aside:
        return aside.end()
    for f in forces:
        if f.start >= end:
            if f.start - end > 40 or not _BACKER_GAP.fullmatch(sent, end, f.start):
                break
            end = f.end
    return end


def _subject_actors(rule: Rule, sent: str, ts: int, r: _Reading, forces: list[Span], prev_subject: Subject) -> None:
    """The subject: right after the trigger (VSO) or a back-reference (انسحاب الأخيرة), else before it."""
    te = _skip_pronoun_object(sent, r.te)
    r.pronoun_object, r.te = te != r.te, te
    vso = None if rule.patient_after else _force_after(sent, te, forces, AFTER_FORCE_WINDOW, gap_ok=False)
    back = _backref(sent, te, ts, forces) if vso is None else None
    if back is not None:
        r.actors.append((back, forces[back].force, 0.8))
        r.obj_from = _backref_end(sent, te)
    if vso is not None:
        r.actors.append((vso, forces[vso].force, 1.0))
        r.obj_from = _past_backers(sent, forces[vso].end, forces)
    elif back is None:
        _svo_actor(rule, sent, ts, r, forces, prev_subject)


def _svo_actor(rule: Rule, sent: str, ts: int, r: _Reading, forces: list[Span], prev_subject: Subject) -> None:
    """The subject before the trigger (SVO, "تمكنت الأخيرة من"), else the agent (من قبل X), a subject announced
    after the object (يكون X), the only force around, or last the previous sentence's subject (pro-drop)."""
    te = r.te
    possessive = bool(_POSSESSIVE.search(sent[ts:te]))
    svo = _backref_subject(sent, ts, forces)
    if svo is not None:
        r.alone.add(svo)  # "X وY … تمكنت الأخيرة من السيطرة": only Y, not the whole coordination
    else:
        svo = _force_before(sent, ts, forces, rule.subject_window, cross_clauses=possessive)
        if svo is None and possessive and rule.needs_on:  # "سيطرتها على Y": the sentence's subject
            svo = _first_subject(sent, ts, forces)
    if svo is None:
        svo = _own_forces(sent, ts, forces)
    if svo is not None:
        r.actors.append((svo, forces[svo].force, 1.0))
        return
    agent = _agent_after(sent, te, forces)
    if agent is not None:
        r.actors.append((agent, forces[agent].force, 0.9))
        r.obj_from = max(r.obj_from, te)  # after the patient of طرد X, if any
        return
    late = _late_subject(sent, te, forces)
    if late is None:
        late = _main_clause_subject(sent, ts, te, forces)
    if late is not None:
        r.actors.append((late, forces[late].force, 0.7))
    elif rule.pro_drop and rule.actor == "subject":
        near = [j for j, f in enumerate(forces) if f.end <= ts and not f.reporter
                and not _object_of(sent, f.start)]
        if near:  # "التقدم للمعارضة … من السيطرة على": the only force around is the agent
            r.actors.append((near[-1], forces[near[-1]].force, 0.6))
        else:
            r.actors.extend((None, f, 0.5) for f in prev_subject)


# "قالت X إن مقاتليها سيطروا"، "أكد الناطق باسم X أن قواته حررت": the reporting force's own troops act
_OWN_TROOPS = _rx(r"(?<![\w])(?:قوات|مقاتلي|مقاتلو|عناصر|وحدات|فصائل|قوة|جنود|ألوية|كتائب)(?:ها|ه|هم)\s+(?:\w+\s+)?$")


# "قال الجيش السوري إنه سيطر"، "أعلنت X أنها استعادت": the pronoun after إن/أن is the reporter itself
_SELF = _rx(r"(?<![\w])(?:[وف]?[بل]?(?:إن|أن|ان))(?:ه|ها|هم|هما)\s+(?:قد\s+)?$")


def _own_forces(sent: str, ts: int, forces: list[Span]) -> int | None:
    """The reporter whose own troops (a possessive armed noun right before the trigger) are the subject, or
    who says "إنه/أنها" right before the trigger."""
    m = _OWN_TROOPS.search(sent, max(0, ts - 30), ts) or _SELF.search(sent, max(0, ts - 16), ts)
    if not m:
        return None
    before = [i for i, f in enumerate(forces) if f.end <= m.start() and m.start() - f.end <= 90]
    if before and forces[before[-1]].reporter:
        return before[-1]
    return None


def _other_sides(sent: str, r: _Reading, forces: list[Span]) -> None:
    """اشتباكات بين X وZ / معارك مع X: every side named after the trigger is in the contest."""
    te = r.te
    for j, f in enumerate(forces):
        if te <= f.start <= te + 70 and not f.reporter and all(j != a[0] for a in r.actors) \
                and _SIDE.search(sent[te:f.start]):
            r.actors.append((j, f.force, 1.0))
            r.obj_from = max(r.obj_from, f.end)


# "قوات X بالاشتراك مع Y"، "فصائل X ومن بينها Y"، "X وعلى رأسها Y"، "X بقيادة Y": Y acts in the same claim
_WITH = _rx(r"\s*(?:[،,]\s*)?(?:و?من\s+بين(?:ها|هم)|بما\s+في(?:ها|هم)|بالاشتراك\s+مع|بالتعاون\s+مع|بمشاركة|"
            r"(?:جنبا\s+)?(?:إلى|الى)\s+جانب|و?على\s+رأس(?:ها|هم)|و?في\s+مقدمت(?:ها|هم)|بقيادة)\s*"
            r"(?:" + _ARMED + r"\s+)?[«»\"“”']*\s*(?:ب|ل|لل)?")


def _coordinated_actors(sent: str, r: _Reading, forces: list[Span]) -> None:
    """"قوات النظام وحزب الله": both forces of a coordination act ("والفصائل المتحالفة معها" are only its allies)."""
    for fi, _, factor in list(r.actors):
        j = None if fi in r.alone else fi
        while j is not None and j + 1 < len(forces) and (_AND.match(sent[forces[j].end:forces[j + 1].start])
                                                          or _WITH.fullmatch(sent, forces[j].end, forces[j + 1].start)):
            j += 1
            if _ALLY.match(sent[forces[j].end:forces[j].end + 16]):
                r.obj_from = max(r.obj_from, forces[j].end) if forces[j].start >= r.te else r.obj_from
                continue
            if all(j != a[0] for a in r.actors):
                r.actors.append((j, forces[j].force, factor))
            if forces[j].start > r.obj_from - 1 or fi is not None and forces[fi].start >= r.te:
                r.obj_from = max(r.obj_from, forces[j].end)


_TOWARDS = _rx(r"\s*(?:من|عن|إلى|الى|باتجاه|نحو)(?![\w])")


def _object_places(rule: Rule, sent: str, ts: int, r: _Reading, places: list[Span],
                   forces: list[Span]) -> tuple[list[int], float]:
    """The places the trigger claims, and a confidence factor; the fallbacks when none follows it."""
    if rule.actor not in ("after", "inside") and r.pronoun_object:  # انسحبت منها قوات X: the place named before
        targets = _antecedent(sent, ts, places, "")
        return targets, (0.8 if targets else 1.0)
    targets, factor = _places_for(rule, sent, ts, r.obj_from, places, forces)
    if not targets and rule.actor == "between" and r.obj_from > r.te:
        # "تدور معارك في Y بين X وZ": the place stands between the trigger and its sides
        targets, factor = _places_for(rule, sent, ts, r.te, places, forces)
    first = r.actors[0][0]
    vso = first is not None and forces[first].start >= r.te
    if not targets and rule.name == "withdrawal" and vso and not _TOWARDS.match(sent, r.obj_from):
        near = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= ANAPHOR_WINDOW]
        if near:  # "دخلت X مدينة Y بعد انسحاب قوات Z": Z left Y
            targets, factor = [_head(sent, near[-1], places, ts)], 0.7
    if not targets and vso and rule.actor == "subject":
        m = _ON.search(sent, r.obj_from, r.obj_from + 90)  # a long VSO subject: the object follows the next على
        if m:
            targets, factor = _places_for(rule, sent, ts, m.end(), places, forces)
    if not targets and rule.name in _TAKES_OBJECT and _OBJECT_SUFFIX.search(sent, ts, _word_end(sent, ts)):
        near = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= ANAPHOR_WINDOW]
        if near:  # "استعادتها"، "حررها الجيش": the suffix pronoun is the object, the place named before
            targets, factor = [_head(sent, near[-1], places, ts)], 0.7
    return targets, factor


def _worded_relation(rule: Rule, sent: str, ts: int, r: _Reading, first_place: int,
                     forces: list[Span]) -> tuple[str, str]:
    """The relation as the words around the trigger make it: a storming that succeeded is a capture, a
    capture of parts of a place is a contest."""
    relation, name, te = rule.relation, rule.name, r.te
    if name == "storming" and _MANAGED.search(sent, max(0, ts - 160), ts):
        return "captured", "storm"  # "تمكن X من اقتحام Y": the storming succeeded
    if name == "partial_control" and _AND_ON.search(sent, te, first_place):
        return "captured", "capture"  # "على أجزاء من البلدة وعلى بلدة Y": Y is a whole second object
    if relation in ("captured", "controls") and first_place > te:
        after_actor = max([te] + [forces[a[0]].end for a in r.actors
                                  if a[0] is not None and forces[a[0]].end <= first_place])
        if _PARTIAL.search(sent, after_actor, first_place) or _PART_OF_TOWN.search(sent, after_actor, first_place):
            return "contested", "partial_control"  # "على أجزاء من مدينة Y": fighting goes on in Y
    if relation == "controls" and rule.place == "before" and _WAS.search(sent, max(0, ts - 24), ts):
        return "lost", name + "_former"  # "Y التي كانت تحت سيطرة X": X held Y before, no longer
    if name == "control_present" and _WAS_AGO.search(sent, max(0, ts - 60), ts) \
            and _PAST_MARK.search(sent, ts, first_place + 60):
        return "lost", name + "_former"  # "كانت X تسيطر على Y سابقا": a control that has ended
    if name == "under_control" and _HANDS.match(sent, ts) and _FELL.search(sent, max(0, ts - 70), ts):
        return "captured", "fall"  # "سقطت Y بيد X"، "بعد سقوط Y في قبضة X": X took Y
    return relation, name


def _claims_of(rule: Rule, sent: str, ts: int, r: _Reading, targets: list[int], factor: float,
               worded: tuple[str, str], places: list[Span], forces: list[Span]) -> list[Claim]:
    """One claim per (place, actor); for a taking, the force it was taken from lost the place."""
    relation, name = worded
    out = []
    for pi in targets:
        for fi, fid, f2 in r.actors:
            out.append(Claim(pi, fid, fi, relation, name, round(rule.confidence * f2 * factor, 3), ts))
        if relation in ("lost", "withdrew"):
            out.extend(_beneficiary(sent, places[targets[-1]].end, pi, forces, r, rule, ts))
        if rule.loser:
            lost = r.patient if r.patient is not None else _loser(sent, places[pi].end, forces)
            if lost is not None and all(forces[lost].force != a[1] for a in r.actors):
                out.append(Claim(pi, forces[lost].force, lost, "lost", rule.name + "_loser",
                                 round(rule.confidence * 0.7, 3), ts))
    return out


# "سقطت Y بيد X"، "وقعت Y في أيدي X": the place is the subject of a fall, the hand it fell into took it
_HANDS = _rx(r"(?:بيد|بأيدي|بقبض\w*|في\s+(?:يد|أيدي|قبض\w*))(?![\w])")
_FELL = _rx(r"(?<![\w])(?:" + _FALL_WORDS + r"|[وف]?(?:وقعت|وقع))\s+(?:[^\s،,.:؛]+\s+){0,5}?$")
# "Y التي كانت خاضعة لسيطرة X"، "كانت بيد X": a state of control in the past
_WAS = _rx(r"(?<![\w])[وف]?(?:كان|كانت|كانتا|كانوا)\s+(?:قد\s+)?(?:\w+\s+)?$")
_WAS_AGO = _rx(r"(?<![\w])[وف]?(?:كان|كانت|كانتا|كانوا)(?![\w])")
_PAST_MARK = _rx(r"(?<![\w])(?:" + _alt("past_markers") + r")(?![\w])(?!\s+(?:الآن|الان|اليوم|اللحظة))")
_PARTIAL = _rx(r"(?:(?<![\w])(?:جزء|أجزاء|اجزاء|ثلث|نصف|ربع|بعض|عدد من|عدة|معظم|أغلب|غالبية|بالمئة|بالمائة)(?![\w])"
              r"|%|٪|(?<![\w])في\s+(?:المئة|المائة)(?![\w]))(?:\s+(?![وف]?(?:" + _alt("list_openers") + r")(?![\w]))\w+)?"
              r"\s+(?:من\s+|في\s+)?"  # "نقاط عدة، منها تلة Y": the opener names whole members, not a part
              r"(?:(?:ال)?(?:أحياء|احياء|حي|مناطق|أطراف)\s+)?(?:" + _CUES_EARLY + r")?\s*[«»\"“”'(]*$")
_MANAGED = _rx(r"(?<![\w])[وف]?(?:تمكن|تمكنت|تمكنوا|يتمكن|تتمكن|نجح|نجحت|نجحوا)\s+(?:\S+\s+){0,24}?من\s+(?:ال)?$")
_RELATIVE_RULES = frozenset({"relative_capture", "relative_control", "former_control"})
_TAKES_OBJECT = frozenset({"recapture", "liberation", "entry", "storm", "seizure"})
_OBJECT_SUFFIX = _rx(r"(?:ها|هما)(?![\w])")


_FOR_THE_BENEFIT = _rx(r"^[\s،,]*(?:\w+\s+){0,2}?لصالح\s*[«»\"“”'(]*$")


def _beneficiary(sent: str, end: int, pi: int, forces: list[Span], r: _Reading, rule: Rule, ts: int) -> list[Claim]:
    """"خسرت X مدينة Y لصالح Z"، "انسحبت X من Y لصالح Z": Z took Y."""
    for i, f in enumerate(forces):
        if end <= f.start <= end + 30 and all(i != a[0] for a in r.actors) and _FOR_THE_BENEFIT.match(sent[end:f.start]):
            return [Claim(pi, f.force, i, "captured", rule.name + "_taker", round(rule.confidence * 0.9, 3), ts)]
    return []


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


_DESCRIBED_GAP = _rx(r"[\s«»\"“”')]*(?:[^\s،,.:؛]+\s+){0,2}")


def _described_force(sent: str, ts: int, forces: list[Span]) -> int | None:
    """The force a participle or adjective agrees with: the last one before it, two words away at most
    (its own descriptors: المدعومة تركيا), governed or not (رتل لقوات X المنسحب), never a reporter."""
    for i in range(len(forces) - 1, -1, -1):
        f = forces[i]
        if f.end <= ts:
            return None if f.reporter or not _DESCRIBED_GAP.fullmatch(sent, f.end, ts) else i
    return None


def _force_after(sent: str, te: int, forces: list[Span], window: int, *, gap_ok: bool) -> int | None:
    """The force starting right after the trigger (at most two filler words between)."""
    for i, f in enumerate(forces):
        if f.start < te:
            continue
        gap = sent[te:f.start]
        if f.start - te > window and not (f.start - te <= TIME_GAP_WINDOW
                                          and (_TIME_GAP.fullmatch(gap) or _MARKER_GAP.match(gap))):
            return None  # "سيطرت، صباح اليوم الأحد، قوات X": a time adverbial may stand before a VSO subject;
            # so may the armed noun X belongs to ("سيطرت المجموعات المسلحة التابعة لـ X")
        if f.reporter:
            return None
        if not gap_ok and gap.strip() and (_NOT_SUBJECT.search(" " + gap) or _ATTACK_NOUN_GAP.search(gap)):
            return None  # "استهدف مواقع قسد": the force after the verb is its target; "صدت هجوما لمسلحي X": the attacker
        if gap_ok or (_VSO_GAP.match(gap) and not _PREP_IN_GAP.search(gap)) or _PARTITIVE.match(gap) or _QUANTITY.match(gap) \
                or _MARKER_GAP.match(gap) or _TIME_GAP.fullmatch(gap) or _SO_CALLED.match(gap):
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
        if f.reporter or _object_of(sent, f.start) or _governed(sent, f.start) \
                or _GOVERNED_COORD.search(sent, max(0, f.start - 40), f.start):
            continue
        if not cross_clauses and _CLAUSE_BREAK.search(sent[f.end:ts]):
            return None
        # "X وY سيطرتا"، "تمكنت X بمشاركة Y من": the head X (Y is added as a co-actor)
        while i > 0 and not forces[i - 1].reporter and (_AND.match(sent[forces[i - 1].end:forces[i].start])
                                                         or _WITH.fullmatch(sent, forces[i - 1].end, forces[i].start)):
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
        if f.reporter or _governed(sent, f.start) or _object_of(sent, f.start) \
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


# "وبعد أن سيطرت على Y، تقدمت قوات X نحو Z": a leading time clause shares the main clause's subject
_LEADING_CLAUSE = _rx(r"[\s«»\"“”']*[وف]?(?:بعد|عقب|إثر|اثر|مع|فور|عند)\s+(?:أن\s+|ان\s+)?")
_MAIN_VERB_GAP = _rx(r"[،,]\s*(?:[^\s،,.]+\s+){0,2}")


def _main_clause_subject(sent: str, ts: int, te: int, forces: list[Span]) -> int | None:
    """The subject of the main clause after a leading time clause the trigger opens (no force of its own):
    the first force after the clause's comma, a verb and a filler word at most before it."""
    if not _LEADING_CLAUSE.fullmatch(sent, 0, ts):
        return None
    comma = sent.find("،", te, te + 120)
    if comma < 0:
        return None
    for i, f in enumerate(forces):
        if f.start > comma:
            ok = not f.reporter and _MAIN_VERB_GAP.fullmatch(sent, comma, f.start) and not _governed(sent, f.start)
            return i if ok else None
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

    Stages: the place group before the trigger (for rules whose place comes first), the على that introduces
    the object, the first place after it within a short window, then the places coordinated with it and
    those of further ``وعلى`` phrases; an anaphoric object (عليها، من المدينة) points back to the nearest
    place before the trigger, a list head (آخرها) to the list after it.
    """
    if rule.place in ("before", "before_or_after"):
        group = _places_before(rule, sent, ts, places, forces)
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
    window = window or rule.window
    allow_forces = allow_forces or rule.relation == "attacked"
    first = _first_object(rule, sent, obj_from, places, forces, window, allow_forces)
    if first is None:
        m = _ANAPHOR.match(sent[obj_from:obj_from + 30])
        if m:
            return _antecedent(sent, ts, places, m.group()), 0.8
        m = _LIST_HEAD.search(sent, obj_from, obj_from + 120)  # "على قرى عدة، آخرها X وY"
        if m and not any(obj_from <= f.start < m.start() and not _governed(sent, f.start) for f in forces) \
                and not _heading(rule, sent[obj_from:m.start()]):  # "باتجاه البادية، وهي X وY": where they went
            return _places_for(replace(rule, needs_on=False), sent, ts, m.end(), places, forces, window=window,
                               allow_forces=allow_forces)
        return [], 1.0
    group = _coordinated(sent, first, places)
    if rule.needs_on or rule.relation in HOLD_OR_LOSE:
        _more_on(rule, sent, ts, group, places, forces)
    return group, 1.0


def _places_before(rule: Rule, sent: str, ts: int, places: list[Span], forces: list[Span]) -> list[int]:
    """The place group a place-first rule claims (Y، الخاضعة لـ X), or none when too far from the trigger."""
    group = _before(sent, ts, places, forces, nearest=rule.name in _RELATIVE_RULES)
    if group and rule.place == "before_or_after" and not _SHORT_GAP.match(sent[places[group[-1]].end:ts]):
        return []  # "شهد Y اشتباكات" yes; "انسحاب من Y وسط اشتباكات" no
    if group and rule.name in _RELATIVE_RULES \
            and not _SHORT_GAP.match(sent[max(p.end for p in places if p.end <= ts):ts]):
        return []  # "Y، واتخذها مركزا لإدارة المناطق التي يسيطر عليها": the antecedent is المناطق, not Y
    return group


def _first_object(rule: Rule, sent: str, obj_from: int, places: list[Span], forces: list[Span], window: int,
                  allow_forces: bool) -> int | None:
    """The first place after ``obj_from`` when what stands between lets it be the object (no force, no road,
    no vicinity word, the rule's preposition, …)."""
    for i, p in enumerate(places):
        if p.start < obj_from:
            continue
        gap = sent[obj_from:p.start]
        if p.start - obj_from > window or (not allow_forces and _force_between(obj_from, p.start, forces)) \
                or _OBJECT_GAP_BAD.search(gap) \
                or (_CLAUSE_ONLY_BREAK if rule.relation == "contested" else _OBJECT_BREAK).search(gap) \
                or (_VICINITY.search(gap) if rule.relation not in ("attacked", "contested")
                    else _BARE_DIRECTION.search(gap)) \
                or (rule.prep and not _LOCATIVE.search(gap)) \
                or (rule.obj_gap is not None and not rule.obj_gap.match(gap)) \
                or (not rule.prep and rule.relation in HOLD_OR_LOSE and _IN.match(gap)
                    and not (_PART_OF_TOWN.search(gap) and not _LIST_HEAD.search(sent, p.end, p.end + 25))) \
                or _heading(rule, gap):
            return None
        return i
    return None


# "انسحبوا باتجاه البادية، وهي X وY"، "استهدفت رتلا لقوات Z المنسحب من X": a place after a destination word, or
# after a unit said to move, is where it went or came from, not what the trigger claims
_HEADING = _rx(r"(?<![\w])[وف]?(?:" + _alt("destination_markers") + "|" + _alt("moving_participles") + "|"
               + _alt("distance_words") + r")(?![\w])")  # "على قرى على بعد 5 كم من X": X only measures
_HEADING_TO = _rx(r"(?<![\w])[وف]?(?:إلى|الى)(?![\w])")


def _heading(rule: Rule, gap: str) -> bool:
    """The gap before a candidate object says where a movement went (باتجاه، نحو; إلى after a withdrawal)."""
    return bool(_HEADING.search(gap)) or rule.relation == "withdrew" and bool(_HEADING_TO.search(gap))


def _object_rule(rule: Rule) -> Rule:
    """``rule`` reduced to what finding a further object needs: its relation, the object after the point given."""
    return Rule(rule.name, rule.pattern, rule.relation, rule.actor, "after", 0.0)


def _more_on(rule: Rule, sent: str, ts: int, group: list[int], places: list[Span], forces: list[Span]) -> None:
    """"سيطرت على X، وعلى Y" / "استعادت X … إضافة إلى Y": each further على (for a verb that takes one) or
    list joiner (إضافة إلى، فضلا عن، إلى جانب) adds its object to ``group``."""
    end = places[group[-1]].end
    joiners = _AND_ON_OR_ALSO if rule.needs_on else _ALSO
    for m in joiners.finditer(sent, end):
        if _force_between(end, m.start(), forces) or _OBJECT_BREAK.search(sent, end, m.start()):
            break
        more, _ = _places_for(_object_rule(rule), sent, ts, m.end(), places, forces)
        if not more:
            continue
        group += [i for i in more if i not in group]
        end = places[group[-1]].end
    _more_after_set(rule, sent, ts, group, places, forces)
    if rule.relation == "withdrew":
        _more_from(sent, group, places)


# "من خان شيخون وبعض القرى الواقعة بريف حماة، أبرزها كفرزيتا واللطامنة": a set of places after the object,
# named by a list opener, is more of the object
_SET_THEN_OPENER = _rx(r"[\s)»\"”']*[،,]?\s*و\s*(?:بعض|عدد\s+من|عدة|عشرات)?\s*(?:ال)?(?:قرى|بلدات|مدن|مناطق|أحياء|احياء"
                       r"|نقاط|مواقع|تلال)(?:\s+[^\s،,.:؛]+){0,6}?\s*[،,:]?\s*(?:" + _alt("list_openers") + r")(?![\w])\s*:?")


def _more_after_set(rule: Rule, sent: str, ts: int, group: list[int], places: list[Span], forces: list[Span]) -> None:
    """Adds to ``group`` the list a set noun and a list opener introduce right after its last place."""
    end = places[group[-1]].end
    m = _SET_THEN_OPENER.match(sent, end, end + 120)
    if m is None or _force_between(end, m.end(), forces):
        return
    more, _ = _places_for(_object_rule(rule), sent, ts, m.end(), places, forces)
    group += [i for i in more if i not in group]


# "انسحبت X من بلدة A ومن قرية B": a further من phrase right after a withdrawal's object is a second object
_AND_FROM = _rx(r"[\s)»\"”']*[،,]?\s*و\s*(?:كذلك\s+|أيضا\s+)?من\s+(?:(?:ال)?(?:" + _CUES + r")\s+)?[«\"“(]?")


def _more_from(sent: str, group: list[int], places: list[Span]) -> None:
    """Adds to ``group`` the places of each ``ومن Y`` that follows its last place directly (no word between)."""
    while group[-1] + 1 < len(places):
        nxt = group[-1] + 1
        if not _AND_FROM.fullmatch(sent, places[group[-1]].end, places[nxt].start):
            return
        group += [i for i in _coordinated(sent, nxt, places) if i not in group]


_ON_AXIS = _rx(r"^[\s)]*(?:على|عند)\s+(?:محور|جبهه|جبهة)\s+(?:(?:ناحيه|ناحية|بلده|بلدة|مدينه|مدينة)\s+)?[\s(«\"“]*$")


def _coordinated(sent: str, first: int, places: list[Span]) -> list[int]:
    """``first`` and the places listed after it (X وY، Z وقرية W، X شمال حماة وY)."""
    group = [first]
    while group[-1] + 1 < len(places):
        nxt = _next_member(sent, group[-1], places)
        if nxt is None:
            break
        group.append(nxt)
    return group


def _next_member(sent: str, i: int, places: list[Span]) -> int | None:
    """The place listed after the member ``places[i]``: right after a separator (X وY، Z وقرية W), after words
    describing the member (X الشمالية وY، X بالكامل وبلدة Y), or after the places that only locate it (قرية X
    شمال حماة، وبلدة Y جنوب إدلب): a locating place is never a member itself, and the next member needs و."""
    gap = sent[places[i].end:places[i + 1].start]
    if _COORD.match(gap) or (_COORD_SKIP.match(gap) and not _NOT_ITEM.search(gap)):
        return i + 1
    if gap.isspace():  # "القرى التالية:⏎X⏎Y": one member a line, the break a space once normalised
        colon = sent.rfind(":", 0, places[i].start)
        run = [p for p in places[:i + 1] if p.start > colon]
        if colon >= 0 and not sent[colon + 1:run[0].start].strip(" -–•*") \
                and all(not sent[a.end:b.start].strip(" -–•*") for a, b in zip(run, run[1:])):
            return i + 1
    described = _DESCRIBED.match(gap)
    if described and _COORD.match(gap[described.end():]):
        return i + 1
    k = i + 1
    while k < len(places) and (_LOCATOR.match(sent[places[k - 1].end:places[k].start].replace("(", " "))
                               or _DISTANCE.match(sent, places[k - 1].end, places[k].start)
                               or (k == i + 1 and _ON_AXIS.match(gap))):
        k += 1  # places[i + 1 .. k - 1] locate the member (X على محور ناحية Y غرب Z، وقرية W)
    if k == i + 1 or k >= len(places):
        return None
    tail = sent[places[k - 1].end:places[k].start]
    described = _DESCRIBED.match(tail)
    return k if _AND_COORD.match(tail[described.end():] if described else tail) else None


def _antecedent(sent: str, ts: int, places: list[Span], anaphor: str) -> list[int]:
    """The place an anaphor points back to: the nearest one before, preferring one named with the same noun
    (هذا المعبر → معبر باب الهوى)."""
    near = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= ANAPHOR_WINDOW]
    if not near:
        return []
    head = _head(sent, near[-1], places, ts)  # "X على تخوم Y، قبل أن تسيطر عليها": X, which Y only locates
    if not _NOUN_ANAPHOR.search(anaphor) and _not_antecedent(sent, places[head].start):
        return []  # "مناطق بريف Y، كانت قد سيطرت عليها"، "على محور Y … السيطرة عليه": the areas, the axis, not Y
    noun = re.search(r"(?:ال)?(\w+)\s*$", anaphor)
    stem = noun.group(1) if noun else ""
    if stem and len(stem) > 2:
        same = [i for i in near if stem in sent[max(0, places[i].start - 10):places[i].start]]
        if same:
            return [same[-1]]
    return [head]


_NOUN_ANAPHOR = _rx(r"(?:مدينة|بلدة|قرية|منطقة|معبر|مطار|حي|ناحية|مخيم|قاعدة)$")  # المدينة names its kind: no pronoun


def _not_antecedent(sent: str, start: int) -> bool:
    """A place named after a vicinity word, an axis or inside a road's name is no pronoun's antecedent."""
    return bool(_VICINITY.search(sent, max(0, start - 25), start) or _AXIS.search(sent, max(0, start - 25), start)
                or _ROAD.search(sent, max(0, start - 50), start))


# "طريق X - Y … السيطرة عليه": a place inside a road's name names the road, the pronoun stands for the road
_ROAD = _rx(r"(?<![\w])[وفب]?(?:ال)?(?:طريق|أوتوستراد|اوتوستراد)(?:\s+(?:ال)?(?:دولي|سريع|عام|رئيسي))?"
            r"(?:\s+[^\s،,.:؛]+){0,2}?(?:\s*[-–]\s*|\s+)$")
# "تقدمت على محور Y": an axis or front is named by the place it leads to; a pronoun after it is the axis
_AXIS = _rx(r"(?<![\w])[وفب]?(?:ال)?(?:" + _alt("axis_words") + r")\s*(?:" + _CUES + r"\s*)?[«»\"“”'(]*\s*$")


# "Y القريبة من معقل X"، "Y التي تبعد 10 كم عن معقل X": Y is near what X holds, not held by X
_NEAR = _rx(r"(?<![\w])(?:[بل]?(?:ال)?(?:قرب|قريب\w*|مقربة|بعيد\w*|محاذي\w*|متاخم\w*|مجاور\w*)|[تي]بعد|عن)(?![\w])")


def _before(sent: str, ts: int, places: list[Span], forces: list[Span], *, nearest: bool = False) -> list[int]:
    """The place group just before the trigger (Y، الخاضعة لـ X), its head rather than its locator
    (``nearest``: the place right before, as the antecedent of a relative pronoun is)."""
    before = [i for i, p in enumerate(places) if p.end <= ts and ts - p.end <= BEFORE_WINDOW]
    if before:  # the cheap window test first, the regex only for the few places it keeps
        before = [i for i in before if not _force_between(places[i].end, ts, forces)
                  and not _CLAUSE_BREAK.search(sent[places[i].end:ts]) and not _NEAR.search(sent[places[i].end:ts])]
    if not before:
        return []
    last = before[-1] if nearest else _head(sent, before[-1], places, ts)
    while nearest and last > 0 and _DISTANCE.match(sent, places[last - 1].end, places[last].start):
        last -= 1  # "Y الواقعة على بعد 10 كم من X، التي": the relative pronoun's antecedent is Y
    group = [last]
    while group[0] > 0 and _COORD.match(sent[places[group[0] - 1].end:places[group[0]].start]):
        group.insert(0, group[0] - 1)
    if _ROAD.search(sent, max(0, places[group[0]].start - 50), places[group[0]].start):
        return []  # "باتت الطريق بين X وY تحت سيطرة Z": Z holds the road, not its ends
    return group


def _head(sent: str, last: int, places: list[Span], ts: int) -> int:
    """Step back from a locating place to the place it locates: "التنف شرق حمص" → التنف."""
    while last > 0 and ts - places[last - 1].end <= ANAPHOR_WINDOW \
            and (_LOCATOR.match(sent[places[last - 1].end:places[last].start])
                 or _DISTANCE.match(sent, places[last - 1].end, places[last].start)):
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
