"""The one Arabic normalisation used by every index, lookup and scan.

News spells the same place many ways (الرقّة، الرقه، الرقة، الـرقة، ٱلرقة); folding them to one key
is what makes a dictionary lookup work at all. Every fold is one character to zero or one
characters, so a map back to the original offsets is a plain list (see
``normalize_with_offsets``). Clitic and cue-word helpers live here too because they are defined
on normalised tokens.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Sequence

import pyarabic.araby as araby

from arabic.lexicon import words

_FOLD: dict[str, str] = {}
for _ch in araby.TASHKEEL + (araby.SMALL_ALEF, araby.MADDA_ABOVE, araby.HAMZA_ABOVE, araby.HAMZA_BELOW,
                             araby.SMALL_WAW, araby.SMALL_YEH, araby.TATWEEL):
    _FOLD[_ch] = ""
for _cp in list(range(0x0610, 0x061B)) + list(range(0x0653, 0x0660)) + list(range(0x06D6, 0x06EE)):
    _FOLD[chr(_cp)] = ""  # Quranic marks and extended harakat carry no letter
for _ch in "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u061c\u00ad\u034f":
    _FOLD[_ch] = ""  # direction marks, zero-width characters and joiners, soft hyphen
for _ch in (araby.ALEF_HAMZA_ABOVE, araby.ALEF_HAMZA_BELOW, araby.ALEF_MADDA, araby.ALEF_WASLA, "\u0672", "\u0673"):
    _FOLD[_ch] = araby.ALEF
_FOLD.update({
    araby.ALEF_MAKSURA: araby.YEH, araby.TEH_MARBUTA: araby.HEH, araby.YEH_HAMZA: araby.YEH,
    araby.WAW_HAMZA: araby.WAW,
    # Persian / Urdu / Kurdish letter variants seen in copied text
    "\u06a9": araby.KAF, "\u06aa": araby.KAF, "\u06cc": araby.YEH, "\u06d0": araby.YEH, "\u06d2": araby.YEH,
    "\u06c1": araby.HEH, "\u06be": araby.HEH, "\u06d5": araby.HEH, "\u06c0": araby.HEH, "\u06c3": araby.HEH,
    "\u06c2": araby.HEH,
})
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian digits
_SPACE = re.compile(r"\s")


def _fold_char(ch: str) -> str:
    """Fold one character; presentation forms (ﻻ، ﺍ …) go through NFKC first."""
    if ch in _FOLD:
        return _FOLD[ch]
    if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff":
        return "".join(_FOLD.get(c, c) for c in unicodedata.normalize("NFKC", ch))
    return ch


_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# One-to-one table for str.translate: deleted characters become NUL, whitespace becomes a space.
_TABLE = {ord(k): (v if v else "\x00") for k, v in _FOLD.items()}
_TABLE.update({ord(c): "\x00" for c in "\x00"})
# Every character str.isspace() accepts (checked in the tests), as a space.
_TABLE.update({ord(c): " " for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"})
_TABLE.update({cp: " " for cp in range(0x2000, 0x200B)})
_WS = "".join(chr(k) for k, v in _TABLE.items() if v == " ") + " "
_DEL = "".join(chr(k) for k, v in _TABLE.items() if v == "\x00")
_DROP = frozenset(_DEL + " ")
# Every one-to-one fold as a C-level str.replace, tried only when the character occurs (a fast `in`);
# str.translate walks the text in Python-object steps and costs ten times more on Arabic.
_ONE_TO_ONE = tuple((chr(k), v) for k, v in _TABLE.items() if v != "\x00")
# A single character class, so the regex engine's fast scan finds the rare deleted marks, and the presentation
# forms (which send a text to the character-by-character path) in the same pass.
_DELETED_OR_PRESENTATION = re.compile("[%s\ufb50-\ufdff\ufe70-\ufeff]" % re.escape(_DEL))


def _segments(text: str) -> tuple[str, list[int], list[int]]:
    """``(norm, starts, origins)``: norm[starts[k]:starts[k+1]] comes from text[origins[k]:…] unchanged
    in length. How the offsets table is built: most articles need few deletions (a shadda here, a
    blank line there), so the segments are few and ``normalize`` needs no per-character table.
    """
    marks = [m.start() for m in _DELETED_OR_PRESENTATION.finditer(text)]  # folding keeps their offsets
    if marks and max(map(text.__getitem__, marks)) >= "\ufb50":  # deleted marks lie below the presentation forms
        norm, offs = _normalize_slow(text)
        starts, origins = _segments_of(offs[:-1])
    else:
        t = text
        for a, b in _ONE_TO_ONE:
            t = t.replace(a, b)  # as quick as ``a in t`` when absent (the same scan), once when present
        a = len(t) - len(t.lstrip(_DEL + " "))
        b = len(t.rstrip(_DEL + " "))
        events = [i for i in marks if a <= i < b]
        i = t.find("  ", a, b)
        while i >= 0:
            events.append(i)
            i = t.find("  ", i + 2, b)
        events.sort()
        parts: list[str] = []
        starts, origins = [], []
        n, pos = 0, a
        if a < b:
            starts.append(0)
            origins.append(a)
            for p in events:
                if p < pos:
                    continue
                s = e = p
                while s > pos and t[s - 1] in _DROP:
                    s -= 1
                while e < b and t[e] in _DROP:
                    e += 1
                n += s - pos
                parts.append(t[pos:s])
                ws = t.find(" ", s, e)
                if ws >= 0:  # a run with a space in it becomes one space, at the run's first space
                    if origins[-1] + n - starts[-1] != ws:
                        starts.append(n)
                        origins.append(ws)
                    parts.append(" ")
                    n += 1
                pos = e
                if origins[-1] + n - starts[-1] != pos:
                    starts.append(n)
                    origins.append(pos)
            parts.append(t[pos:b])
        norm = "".join(parts)
    return norm, starts, origins


def _segments_of(offs: list[int]) -> tuple[list[int], list[int]]:
    starts, origins = [], []
    for i, o in enumerate(offs):
        if not starts or origins[-1] + i - starts[-1] != o:
            starts.append(i)
            origins.append(o)
    return starts, origins


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return ``(norm, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced ``norm[i]``;
    ``offsets[len(norm)]`` is ``len(text)`` so that a normalised span ``[s, e)`` maps back to
    ``text[offsets[s]:offsets[e - 1] + 1]``. Whitespace runs become one space; ends are stripped.
    An article's text is normalised once, as an ``arabic.text.NormalizedText`` that holds this table.
    """
    norm, starts, origins = _segments(text)
    counting = _counting(len(text))
    offs: list[int] = []
    bounds = starts[1:] + [len(norm)]
    for s, e, o in zip(starts, bounds, origins):
        offs += counting[o:o + e - s]
    offs.append(len(text))
    return norm, offs


# 0, 1, 2 … as one list: an article's offsets are slices of it (a segment of the text that normalisation leaves
# in place maps to a run of consecutive indices). Slicing shares the int objects, where ``range`` makes a new one
# for every character past 256: three times faster on a news article. Safe as a module cache: its content is a
# pure function of its length, and a longer one replaces it whole (never grown in place, so a thread reading the
# old list is unaffected).
_COUNTING: list[int] = list(range(4096))
_COUNTING_MAX = 1 << 20  # longer texts (rare) take ``range``, keeping this list at a few MB


def _counting(n: int) -> Sequence[int]:
    """A sequence whose item i is i for every i below ``n``: the shared list, or a range past its cap."""
    global _COUNTING
    if n > _COUNTING_MAX:
        return range(n)
    counting = _COUNTING
    if len(counting) < n:
        counting = _COUNTING = list(range(min(max(n, 2 * len(counting)), _COUNTING_MAX)))
    return counting


def _normalize_slow(text: str) -> tuple[str, list[int]]:
    """Character by character, for text with presentation forms (one character may become two)."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        if _SPACE.match(ch):
            if out and pending_space < 0:
                pending_space = i
            continue
        folded = _fold_char(ch)
        for c in folded:
            if c == "\x00":  # dropped, as the fast path does
                continue
            if c == " ":  # NFKC of an isolated haraka (ﹰ) is space + mark: a space like any other
                if out and pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0:
                out.append(" ")
                offsets.append(pending_space)
                pending_space = -1
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def normalize(text: str) -> str:
    """The normalised form of ``text``: idempotent, same length or shorter."""
    return _segments(text)[0]


# ``normalize`` memoised, for the short strings that recur across articles (place surfaces, cue words, names):
# safe to share, a pure function of a str. Whole texts go through ``normalize`` (or NormalizedText) instead.
normalize_short = lru_cache(maxsize=16384)(normalize)


# Proclitics that attach to a following name: conjunctions و ف, prepositions ب ل ك.
CLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")

# Place-type words that announce a name and are not part of it (normalised, indefinite/construct forms), and
# the strong ones after which an unknown word is reported as an unresolved place: arabic/data/words.json, the
# one place the claim grammar reads its cue words from too.
CUE_WORDS = frozenset(normalize(w) for w in words("gazetteer_cues"))
STRONG_CUES = frozenset(normalize(w) for w in words("strong_cues"))


def split_clitic(token: str, *, min_stem: int = 3) -> list[tuple[str, str]]:
    """Ways to read ``token`` as proclitic + stem, longest prefix first, always ending with ``("", token)``.

    ``لل`` before a name stands for ل + ال (للرقة = ل + الرقة), so that reading restores the article.
    """
    readings: list[tuple[str, str]] = []
    for prefix in CLITICS:
        if token.startswith(prefix) and len(token) - len(prefix) >= min_stem:
            stem = token[len(prefix):]
            if prefix.endswith("ل") and stem.startswith("ل"):
                readings.append((prefix, "ا" + stem))
            readings.append((prefix, stem))
    readings.append(("", token))
    return readings


_CUE_FORMS = {p + c: c for c in CUE_WORDS for p in ("",) + CLITICS}
# Whole words that are a strong cue, with or without a clitic: one regex pass instead of a test per word.
STRONG_CUE_PATTERN = re.compile(r"(?<![^\W_])(?:%s)(?![^\W_])" % "|".join(
    sorted((re.escape(f) for f, c in _CUE_FORMS.items() if c in STRONG_CUES), key=len, reverse=True)))


def cue_of(token: str) -> str | None:
    """The cue word a normalised token stands for (ببلدة → بلده), or None."""
    return _CUE_FORMS.get(token)
