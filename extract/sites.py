"""Places no gazetteer lists: a checkpoint, hospital, roundabout, base, camp, school or crossing named by a site
noun (``arabic/data/words.json`` ``site_nouns``), placed at the known place the text anchors it to.

Why: much fighting is reported site by site inside a known town (``حاجز X قرب Y``، ``المشفى الوطني في Y``،
``الفوج 46 غرب Y``). Such a site becomes an event at its anchor, ``status: "approximate"``, with a precision
saying so (2 near or part of a place, 3 a region such as ``ريف Y``); the site's own words stay the mention.
Without an anchor it stays unresolved, as before.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

import ahocorasick

from arabic.automaton import build_automaton
from arabic.lexicon import alternation, words
from gazetteer.model import REGION_KINDS, Mention, Place
from arabic.normalize import STRONG_CUES, normalize, normalize_short
from core.regex import compile_fast
from extract.rules import DEFAULT as DEFAULT_GRAMMAR

_NAME_STOP = normalize(r"في|من|على|إلى|الى|قرب|عند|بين|مع|بعد|قبل|داخل|وسط|شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي|"
                       r"الواقع|الواقعة|التابع|التابعة|الذي|التي|بريف|ريف|و|او|أو|عن|حيث|منذ|امس|اليوم|ضمن|بالقرب|محيط|"
                       + alternation(words("not_a_name")) + "|" + alternation(words("armed_nouns")) + "|"
                       + alternation(words("list_openers")) + "|" + alternation(words("direction_adverbs")))
# a site noun, then its name: a number (الفوج 46), a quoted name, or one or two words that are not a stop word
_NOUN = r"(?:ال)?(?:" + normalize(alternation(words("site_nouns"))) + r")\s+"
_SITE = compile_fast(
    r"(?<![\w])[وفبل]{0,2}" + _NOUN + "(?:" + _NOUN + ")?"
    r"(?:\d+|[«\"“(]\s*[^»\"”()]{2,40}?\s*[»\"”)]|(?!(?:" + _NAME_STOP + r")(?![\w]))(?:ال)?\w{3,}"
    r"(?:\s+(?!(?:" + _NAME_STOP + r")(?![\w]))(?:ال)?\w{3,})?)")
_DIRS = normalize(alternation(words("directions")))
ANCHOR_GAP = compile_fast(normalize(
    r"[\s،,«»\"“”'()\-]*(?:ال\w{3,}(?:ي|يه)\s+)?(?:(?:ال)?واقع\w*\s+)?"
    r"(?:(?:على\s+)?(?:أطراف|اطراف|محيط|مشارف)\s+|(?:ال)?(?:جهة|جهه|جانب|قسم|جزء|طرف|اطراف)\s+(?:ال)?\w+\s+(?:من\s+)?|(?:بالقرب\s+من|قرب|داخل|وسط|في|ب)\s*|"
    r"(?:" + _DIRS + r")(?:\s+(?:" + _DIRS + r"))?\s+)+"
    r"(?:(?P<region>(?:ال)?ريف|بريف)\s+)?(?:(?:ب|ل)?(?:مدينة|بلدة|قرية|ناحية|محافظة|منطقة|مخيم)\s+)?(?:ب|ل|لل)?"))
_norm = normalize_short
_SITE_CUES = frozenset(normalize(w) for w in words("site_nouns")) - frozenset(
    normalize(w) for w in words("settlement_nouns"))
ANCHOR_REACH = 70
_LIST_GAP = compile_fast(r"[\s،,()«»\"“”'\-]*(?:و\s*)?[\s()«»\"“”']*")
_BARE_SITE_FORMS = frozenset(c + a + normalize(w) for w in words("site_nouns")
                             for c in ("", "و", "ب", "ل", "وب") for a in ("", "ال"))
_SEPARATORS = (" ", "(", "«", '"', "“", "\u201d")


class WordHits(NamedTuple):
    """Where the site nouns, group-name heads and list heads stand at a word start in one article:
    (start incl. clitics, word start, word) each, found in one automaton pass (``word_hits``)."""

    sites: list[tuple[int, int, str]]
    heads: list[tuple[int, int, str]]
    lists: list[tuple[int, int, str]]


def _word_starts(kinds: dict[str, tuple[set[str], frozenset[str]]]) -> ahocorasick.Automaton:
    """One automaton for every kind of word at a word start (a separator, then clitics) followed by a space: its
    hits are the occurrences worth a look, not the many inside other words. Value: ((kind, word, skip), …)."""
    keys: dict[str, list[tuple[str, str, int]]] = {}
    for kind, (items, prefixes) in kinds.items():
        for word in items:
            for sep in _SEPARATORS:
                for p in prefixes:
                    keys.setdefault(sep + p + word + " ", []).append((kind, word, 1 + len(p)))
    return build_automaton((key, tuple(values)) for key, values in keys.items())


def word_hits(norm: str) -> WordHits:
    """The site nouns, group-name heads and list heads of ``norm`` (searched behind a space), one pass."""
    out: dict[str, list[tuple[int, int, str]]] = {"site": [], "head": [], "list": []}
    for end, values in _WORD_AUTO.iter(" " + norm):
        for kind, word, skip in values:
            w = end - len(word) - skip  # the key ends with the space after the word; the padding shifts by one
            out[kind].append((w, w + skip - 1, word))
    return WordHits(out["site"], out["head"], out["list"])


_NOUN_PREFIXES = frozenset(c + a for c in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل") for a in ("", "ال")) | {"لل"}
_CLITIC_PREFIXES = frozenset({"", "و", "ف", "ب", "ل"})
# no article before a group head: الجيش is the army; a named group has none (جيش الفتح)
_WORD_AUTO = _word_starts({"site": ({normalize(w) for w in words("site_nouns")}, _NOUN_PREFIXES),
                           "head": ({normalize(w) for w in words("group_name_heads")}, _CLITIC_PREFIXES),
                           "list": ({normalize(w) for w in words("list_heads")}, _CLITIC_PREFIXES)})


class Anchor(NamedTuple):
    """The known place a site is anchored to, and the precision that gives (2 near/part of it, 3 a region)."""

    place: Place
    surface: str
    precision: int


def site_mentions(text: str, norm: str, offs: list[int], mentions: list[Mention],
                  hits: WordHits | None = None) -> list[Mention]:
    """Unresolved mentions for the sites the gazetteer did not find (``حاجز X``، ``الفوج 46``), never inside
    or overlapping one it found. ``offs`` maps normalised offsets to the original text."""
    matches = _site_matches(norm, (hits or word_hits(norm)).sites)
    if not matches:
        return []  # most articles: no site, and no need to mark the known mentions
    # a village named مدرسة does not stop "مدرسة المشاة" from being a site
    taken = _taken(len(text) + 1, [m for m in mentions if not _bare_site_noun(m)])
    out = []
    for m in matches:
        w = m.start()
        while norm[w] in "وفبل" and not norm.startswith("ال", w) and w < m.end():
            w += 1  # the clitics before the noun are not the name
        start, end = offs[w], offs[m.end() - 1] + 1
        if taken.find(1, start, end) >= 0:
            continue
        out.append(Mention(start, end, text[start:end], "unresolved", (), "site", 0.0, w, m.end()))
        taken[start:end] = b"\x01" * (end - start)
    return out


_STOP_OR_CUE = _NAME_STOP + "|" + normalize(alternation(words("gazetteer_cues") + words("list_cues")))
# "لواء صقور الغاب"، "جيش حلب"، "أحرار الشام": a place name after a group noun and at most two name words
_GROUP_NAME = compile_fast(
    r"(?<![\w])[وفبل]?(?:ال)?(?:" + normalize(alternation(words("group_name_heads"))) + r")\s+"
    r"(?:[«\"“]\s*)?(?:(?![وفبل]{0,2}(?:ال)?(?:" + _STOP_OR_CUE + r")(?![\w]))\w+\s+){0,2}(?:[«\"“]\s*)?[وفبل]?$")


_NAME_WORD = compile_fast(r"(?!(?:ال)?(?:" + _STOP_OR_CUE + r")$)\w{2,}")


def is_name_word(word: str) -> bool:
    """True when a normalised word (clitics off) may be part of a place's name: not a stop, locating or cue
    word (في، شرق، قرية …) and not a claim verb."""
    return _NAME_WORD.fullmatch(word) is not None and claim_verb_at(word) is None


def group_heads(norm: str, hits: WordHits | None = None) -> list[int]:
    """Where the group-name heads (لواء، جيش، أحرار …) end in ``norm``: one automaton pass per article, so
    only the mentions right after one are tested with the pattern."""
    return [s + len(head) + 1 for _, s, head in (hits or word_hits(norm)).heads]


def in_group_name(norm: str, start: int, heads: list[int]) -> bool:
    """True when the place name starting at ``start`` (normalised offset) is part of an armed group's name:
    ``أحرار الشام``، ``لواء صقور الغاب``، ``جيش حلب`` name a group, not the place. ``heads``: group_heads(norm)."""
    i = bisect_left(heads, start - 40)
    if i == len(heads) or heads[i] > start:
        return False
    return _GROUP_NAME.search(norm, max(0, start - 40), start) is not None


def _site_matches(norm: str, sites: list[tuple[int, int, str]]) -> list[re.Match[str]]:
    """The matches of ``_SITE``, found from the site nouns' occurrences (one automaton pass) rather than by
    trying the pattern at every position: most articles name few sites."""
    out: list[re.Match[str]] = []
    after = 0
    for w, _, _ in sites:
        if w < after:
            continue
        m = _SITE.match(norm, w)
        if m is not None:
            out.append(m)
            after = m.end()
    return out


def anchor_of(sent: str, spans: list[tuple[int, int, Mention]], k: int) -> Anchor | None:
    """The known place right after the unresolved site ``spans[k]`` in its sentence that locates it
    (``في مدينة Y``، ``قرب Y``، ``غرب Y``، ``في ريف Y``), after the rest of its list if it is one (أحياء A وB في Y),
    or None. ``spans`` are (start, end, mention) into ``sent``."""
    if k + 1 >= len(spans) or spans[k][2].status == "resolved" or not is_site(spans[k][2]):
        return None
    while k + 2 < len(spans) and _LIST_GAP.fullmatch(sent, spans[k][1], spans[k + 1][0]):
        k += 1  # the next member of the same list: the anchor follows the list
    end, (a_start, _, nxt) = spans[k][1], spans[k + 1]
    place = nxt.place or (nxt.candidates[0].place if nxt.status == "ambiguous" and nxt.candidates else None)
    if place is None or a_start - end > ANCHOR_REACH:
        return None
    m = ANCHOR_GAP.fullmatch(sent, end, a_start)
    if m is None:
        return None
    if m.group("region") is not None and place.kind not in REGION_KINDS:
        return None  # "في ريف Y": the countryside of Y, not the city Y; only a region place may stand for it
    return Anchor(place, nxt.surface, 3 if place.kind in REGION_KINDS else 2)


def list_members(text: str, norm: str, offs: list[int], mentions: list[Mention],
                 hits: WordHits | None = None) -> list[Mention]:
    """The members of a place list the gazetteer did not find (``أحياء A، B وC``، ``قرى X وY``): unresolved
    mentions, so the claim keeps every member; neighbourhoods count as sites (placed at the list's anchor)."""
    heads = [(head, s + len(head) + 1) for _, s, head in (hits or word_hits(norm)).lists]
    if not heads:
        return []
    taken = None  # the characters of the known mentions, marked once a member is found (most lists have none)
    out = []
    for head, pos in heads:
        cue = _cue_of_head(norm, head, pos)
        if cue == "":
            continue
        opened = _opened(norm, pos)  # "قرى عدة، أبرزها X وY": the members follow the opener
        pos = opened.end() if opened else pos
        if _NO_MEMBER.match(norm, pos):
            continue  # "ثلاث مدن وأصاب …": a head counted, no name after it
        # "القرى التالية:⏎A⏎B": after a colon a line may hold one member, each line a whole name
        by_line = head.endswith(":") or (opened is not None and opened.group(0).rstrip().endswith(":"))
        lined, start_pos = False, pos
        for _ in range(MAX_MEMBERS):  # each turn consumes a member: linear in the list
            bare = _BARE_CUE_ITEM.match(norm, pos) if pos > start_pos else None
            if bare is not None:  # "… وB والمزرعة وC": a member that is only a cue word; the list goes on
                pos = bare.end()
                continue
            m = _ITEM.match(norm, pos)
            if m is None or not m.group(1) or m.end() == pos:
                break
            item_end = _line_cut(text, offs, m.start(1), m.end(1)) if by_line else m.end(1)
            line_end = item_end < m.end(1) or _LINE_END.match(text, offs[item_end - 1] + 1) is not None
            goes_on = norm[m.end() - 1:m.end()] in "،," or norm.startswith(" و", m.end()) \
                or norm.startswith("و", m.end()) or _NEXT_BULLET.match(norm, m.end()) is not None
            if lined and not line_end and not goes_on and m.end() < len(norm.rstrip(". ")):
                break  # after a member on its own line, a line of prose: the list has ended
            verb = _verb_in_or_after(norm, m.start(1), item_end)
            if verb == 0 or _VERB_THEN_PREP.match(norm, m.start(1), m.end() + 5):
                break  # "… وسيطرت على"، "… واقتربت من": a verb, the list has ended
            n_end = item_end if verb is None else min(item_end, m.start(1) + verb - 1)  # "Y بيد قوات X": Y, then the list ends
            start, end = offs[m.start(1)], offs[n_end - 1] + 1
            if taken is None:
                taken = _taken(len(text) + 1, mentions)
            if taken.find(1, start, end) < 0:
                out.append(Mention(start, end, text[start:end], "unresolved", (), cue, 0.0, m.start(1), n_end))
                taken[start:end] = b"\x01" * (end - start)
            if verb is not None:
                break
            lined = by_line and line_end
            if not goes_on and not lined:
                break
            pos = m.end() if item_end == m.end(1) else item_end
    return out


def _taken(size: int, mentions: list[Mention]) -> bytearray:
    """One byte per character of the text (``size``), 1 inside any of ``mentions``: where a new mention may not
    overlap a known one."""
    taken = bytearray(size)
    for m in mentions:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    return taken


def _opened(norm: str, pos: int) -> re.Match[str] | None:
    """The words from a list head to the opener of its members (قرى عدة، أبرزها؛ أربع قرى حدودية في ريف Y، وهي:),
    or None. A weak opener (منها، هي) opens only after ، / و / من or before a colon: "مزارع قريبة منها" does not."""
    m = _OPENED.match(norm, pos)
    if m is None or m.group("opener") not in _WEAK_OPENERS or m.group(0).rstrip().endswith(":"):
        return m
    return m if _OPENER_JOIN.search(norm, max(pos, m.start("opener") - 4), m.start("opener")) else None


def _verb_in_or_after(norm: str, start: int, end: int) -> int | None:
    """Where a claim verb starts (offset from ``start``) in the member ``start:end`` or right after it, behind
    only a space or a closing quote ("A وB" سقطت بيد …). A verb in …ت before it starts the phrase (A سقطت بيد،
    A باتت تحت سيطرة): the member ends before that word."""
    stop = _AFTER_MEMBER.match(norm, end).end()
    verb = claim_verb_at(norm[start:min(len(norm), stop + 16)])
    if verb is None or (norm.startswith("و", start + verb) and start + verb >= end):
        return None  # no verb, or "A وسيطرت": the next clause, which the list reader stops at by itself
    w = _FEM_VERB_BEFORE.search(norm, start, start + verb)
    at = w.start() if w else start + verb
    return at - start if at <= stop else None  # a verb past what follows the member: another clause


def _line_cut(text: str, offs: list[int], start: int, end: int) -> int:
    """The end (normalised offset) of the item ``start:end`` cut at its first line break in the original text:
    the normalised text has none, and in a list one member a line, a line is a whole name."""
    br = text.find("\n", offs[start], offs[end - 1])
    return end if br < 0 else bisect_left(offs, br, start, end)


def _cue_of_head(norm: str, head: str, pos: int) -> str | None:
    """The cue a list head gives its members: its own word (قرى، بلدتي), None for "كل من" as an object (على كل
    من X وY, not "whoever"), the plural place head before it for an opener (عدة قرى في ريف Y، أبرزها A وB: the
    villages; None after "التالية:" or "هي:" with none); "" when the head opens no place list here."""
    start = pos - len(head) - 1
    if head not in _OPENERS:
        return head.rstrip(":")
    if head == _ALL_OF:
        return None if _OBJECT_BEFORE.search(norm, max(0, start - 12), start) else ""
    colon = head.endswith(":")
    if not colon and head in _WEAK_OPENERS and not _OPENER_JOIN.search(norm, max(0, start - 4), start):
        return ""  # "انسحب منها"، "هي الأعنف": only "، منها"، "ومنها"، "من بينها" or a colon open a list
    before = None  # the last plural head in the same sentence, close before the opener
    for before in _PLURAL_BEFORE.finditer(norm, max(0, start - OPENER_REACH), start):
        pass
    if before is None or TERMINATOR.search(norm, before.end(), start):
        return None if colon else ""
    return before.group(1)


_VERB_PREFIX = frozenset("وفتينالبس")


def claim_verb_in(member: str) -> bool:
    """True when a word of ``member`` (normalised) begins with a claim verb's stem, after at most two prefix
    letters (وسيطرت، تقدمت، والسيطرة): the list has ended. A stem inside a name (فر in كفرنبودة، بيد in عبيد)
    does not end it: villages named كفر … are the commonest list members."""
    return claim_verb_at(member) is not None


def claim_verb_at(member: str) -> int | None:
    """Where the first word of ``member`` that begins with a claim verb's stem starts (see claim_verb_in)."""
    for end, key in DEFAULT_GRAMMAR.claim_auto.iter(member):
        start = end - len(key) + 1
        w = start
        while w > 0 and member[w - 1] != " " and start - w <= 2:
            w -= 1
        if (w == 0 or member[w - 1] == " ") and start - w <= 2 and all(c in _VERB_PREFIX for c in member[w:start]) \
                and not (len(key) < 3 and member.startswith("ال", w)):  # ال + فر is a name (الفرقان), not a verb
            return w
    return None


def quoted_members(text: str, norm: str, offs: list[int], mentions: list[Mention]) -> list[Mention]:
    """A member that carries its own cue word and a quoted name the gazetteer does not know (``وقرية «X»``،
    ``إضافة إلى بلدة “Y”``): an unresolved mention, so the list keeps it. Only texts with quotes are searched."""
    if not any(q in text for q in "«“\""):
        return []
    quotes = []  # the opening quotes, found by str.find (a character class made the regex engine try every place)
    for ch in _OPEN_QUOTES:
        i = norm.find(ch)
        while i >= 0:
            if i and norm[i - 1].isspace():  # only a quote after a space can follow a cue word (_cue_before)
                quotes.append(i)
            i = norm.find(ch, i + 1)
    quotes.sort()
    taken = None  # the characters of the known mentions, marked only once a quoted name is found
    out = []
    for q in quotes:  # from each opening quote back to its cue word: quotes are few
        cue = _cue_before(norm, q)
        m = _QUOTED_NAME.match(norm, q + 1) if cue else None
        if m is None:
            continue
        start, end = offs[m.start(1)], offs[m.end(1) - 1] + 1
        if taken is None:
            taken = _taken(len(text) + 1, mentions)
        if taken.find(1, start, end) < 0:
            out.append(Mention(start, end, text[start:end], "unresolved", (), cue, 0.0, m.start(1), m.end(1)))
    return out


def _cue_before(norm: str, q: int) -> str | None:
    """The strong cue (``قرية``، after و or ب at most) that is the word right before the spaces before ``norm[q]``,
    starting at most 16 characters back: what searching ``(?<!\\w)[وب]?(cues)\\s+$`` in that window finds, read off
    the word instead (a regex tried at each of 16 places, for every quote, cost more)."""
    if q == 0 or not norm[q - 1].isspace():
        return None
    j = q - 1
    while j > 0 and norm[j - 1].isspace():
        j -= 1
    if not norm.endswith(_CUE_TUPLE, max(0, q - 16), j):  # most quotes: the word before ends in no cue
        return None
    i = j
    while i > q - 17 and i > 0 and (norm[i - 1].isalnum() or norm[i - 1] == "_"):
        i -= 1
    if i == j or i < q - 16 or (i > 0 and (norm[i - 1].isalnum() or norm[i - 1] == "_")):
        return None
    word = norm[i:j]
    if word[0] in "وب" and word[1:] in STRONG_CUES:
        return word[1:]
    return word if word in STRONG_CUES else None


def is_site(m: Mention) -> bool:
    """A mention named by a site noun (not a village or a town the gazetteer lacks: those need the gazetteer)."""
    return m.cue == "site" or (m.cue is not None and (_norm(m.cue) in _SITE_CUES or _norm(m.cue) in _NEIGHBOURHOODS))


def _bare_site_noun(m: Mention) -> bool:
    """A mention that is only a site noun (a community may be called مدرسة or محطة)."""
    return _norm(m.surface) in _BARE_SITE_FORMS


def merge_sites(mentions: list[Mention], sites: list[Mention]) -> list[Mention]:
    """The gazetteer's mentions and the sites, in text order; a bare site noun the gazetteer read as a place
    gives way to the site it heads."""
    if not sites:
        return mentions
    out = [m for m in mentions if not (_bare_site_noun(m) and any(s.start < m.end and m.start < s.end for s in sites))]
    for s in sites:
        out.insert(bisect_left([m.start for m in out], s.start), s)
    return out


# a plural place head, then its members: one to three words each, separated by ، or و, until a stop word
_ITEM = compile_fast(r"[\s«»\"“”'()]*(?:(?:\d{1,2}\s*[-–.)]|[-–•*·])\s*)?(?!(?=\w{2})(?:" + _STOP_OR_CUE + r")(?![\w]))(?:و\s*)?[\s«»\"“”'()]*((?:(?!و?(?:ال)?(?:" + _STOP_OR_CUE + r")(?![\w]))(?:ال)?\w{2,}"
                   r"(?:\s+(?!و(?!ادي))(?![بل]?(?:ال)?(?:" + _STOP_OR_CUE + r")(?![\w]))(?:ال)?\w{2,}){0,2}))"
                   r"(?:\s+(?:" + normalize(alternation(words("direction_adverbs"))) + r")(?![\w]))?[\s«»\"“”'()]*(?:[،,]|(?=\s+و)|$)?")
# "قرى عدة، أبرزها"، "أربع قرى حدودية في ريف Y الغربي، وهي:": adjectives and the region the villages lie in
_ADJS = normalize(alternation(words("head_adjectives") + words("not_a_name")))
_OPENED = compile_fast(r"\s*(?:(?:" + _ADJS + r")\s*[،,]?\s*){0,2}(?:(?:في|ب)\s*(?:(?:ال)?(?:ريف|منطقه|محيط|محافظه)\s+)?"
                     r"(?:ال)?\w{2,}(?:\s+ال\w+ي)?\s*[،,]?\s*)?[وف]?(?:من\s+)?(?P<opener>"
                     + normalize(alternation(words("list_openers"))) + r")(?![\w])\s*:?")
# a one-word member in the feminine perfect (…ت) followed by a preposition is a verb: "واقتربت من"، "وتمكنت من"
_VERB_THEN_PREP = compile_fast(r"\w{2,}ت\s+(?:من|على|الى|عن|ب)(?![\w])")
_OBJECT_BEFORE = compile_fast(normalize(r"(?<![\w])(?:على|من|إلى|الى|في|ضد)\s*$"))
_AFTER_MEMBER = compile_fast(r"[\s»\"”')]*")
_FEM_VERB_BEFORE = compile_fast(r"(?<=\s)\w{2,}ت\s+$")  # سقطت بيد، باتت تحت: the verb before the claim's words
_BARE_CUE_ITEM = compile_fast(r"[\s«»\"“”'()]*و\s*ال(?:" + normalize(alternation(words("gazetteer_cues") + words("list_cues")))
                            + r")\s*[،,]?(?=\s*و\s*\w)")
_NO_MEMBER = compile_fast(r"\s*[،,]?\s*و(?!ادي)")
_OPEN_QUOTES = "«\"“"
_CUE_TUPLE = tuple(STRONG_CUES)  # for str.endswith
_QUOTED_NAME = compile_fast(r"\s*((?:(?!(?:" + _NAME_STOP + r")(?![\w]))\w{2,}\s*){1,3}?)\s*[»\"”]")
_LINE_END = compile_fast(r"[^\S\n]*[»\"”'()،,]*[^\S\n]*\n(?![^\S\n]*\n)")  # one line break, not a blank line
_NEXT_BULLET = compile_fast(r"\s*(?:\d{1,2}\s*[-–.)]|[-–•*·])")
_NEIGHBOURHOODS = frozenset(normalize(w) for w in words("neighbourhood_heads"))
_OPENERS = frozenset(normalize(w) for w in words("list_heads") if w.rstrip(":") in words("list_openers"))
_ALL_OF = normalize("كل من")
MAX_MEMBERS = 60  # news lists name 20-30 neighbourhoods or villages; a bound, not a limit met in practice
OPENER_REACH = 80  # characters back from an opener (أبرزها، منها، هي) to the plural head it refers to
_PLURAL_BEFORE = compile_fast(r"(?<![\w])[وفبل]?(?:ال)?(" + normalize(alternation(
    words("plural_place_heads") + words("neighbourhood_heads"))) + r")(?![\w])")
_WEAK_OPENERS = frozenset(normalize(w) for w in words("weak_list_openers"))  # also pronouns (انسحب منها)
_OPENER_JOIN = compile_fast(r"(?:[،,:]\s*[وف]?|(?<![\w])[وف]|(?<![\w])من\s+)$")
TERMINATOR = compile_fast(r"[.!?؟؛\n]")  # a sentence ends: a list or its anchor does not reach past it
