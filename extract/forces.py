"""The force lexicon: canonical armed forces, their Arabic aliases, and finding them in text.

Aliases are matched on the normalised text (``arabic.normalize`` — one normalisation for
everything) with one Aho-Corasick pass; a match must start at a word boundary, optionally behind
a proclitic (والجيش، لقوات، بقوات، للجيش …), and end at one. Where aliases overlap, the longest
wins (``قوات سوريا الديمقراطية`` beats ``قوات``). A force named right after a reporting cue
(``قال المتحدث باسم التحالف``) is the source of a claim, not its actor: it is flagged ``reporter``.
A generic armed noun (``المسلحون``، ``التنظيم``) stands for the one force of its kind the article named
before it (``records.forces.load_anaphors``; with two such forces it keeps its default); followed by ``من`` and
a force it is only a part of that force.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from arabic.automaton import build_automaton
from arabic.lexicon import words as word_list
from arabic.normalize import normalize
from arabic.text import NormalizedText
from core.errors import UsageError
from core.regex import compile_fast
from records.forces import Anaphor, Force, load_anaphors, load_forces

# Proclitics allowed in front of an alias (normalised). ``لل`` + ``الجيش`` is handled by a variant key.
_CLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك"})
_LAM_CLITICS = frozenset({"", "و", "ف"})
_WORD = compile_fast(r"[^\s«»\"“”'()،,:]+")
_LETTER = compile_fast(r"[\u0621-\u064a\u0671-\u06d3a-zA-Z0-9]")
_LETTERS = frozenset(c for c in map(chr, range(0x700)) if _LETTER.match(c))

# Words that make the force right after them a reporting source (normalised, clitics allowed).
_REPORT_CUES = frozenset(normalize(w) for w in """
باسم قال قالت ذكر ذكرت أفاد أفادت بحسب حسب وفق وفقا نقل نقلت أكد أكدت أوضح أوضحت أضاف أضافت مصدر مصادر
بيان بيانا ناطق متحدث المتحدث الناطق لسان مسؤول مسؤولون قيادي مراسل وكالة صحيفة إعلام أعلن أعلنت
""".split())
_CUE_AUTO = build_automaton((cue, cue) for cue in _REPORT_CUES)
_THAT = frozenset({"ان", "أن", "إن", "بان", "بأن", "فان", "وان"} | {normalize(w) for w in ("أن", "إن", "بأن")})
# "أفادت مصادر بسيطرة X": a masdar right before the force makes it the masdar's agent, not the report's source
_MASDARS = frozenset(c + normalize(w) for w in word_list("agent_masdars") for c in ("", "ب", "و", "ل", "وب"))
# Of those, the ones that make the force a reporter only when the claim is reported as speech (… أن/إن).
_WEAK_CUES = frozenset(normalize(w) for w in "أعلن أعلنت أكد أكدت".split())


_ANAPHOR = "~"  # the automaton's id of a generic noun: "~" + its group's index
_PART_OF = compile_fast(r"\s*من\s+(?:بين\s+)?[«\"“(]?")  # "المسلحون من تنظيم الدولة": part of the force after
# "الفصائل التابعة للجيش الوطني"، "الفصائل الموالية للنظام": the force named is the one they belong to
_BELONGS = compile_fast(normalize(r"\s*(?:ال)?(?:تابع|موالي)(?:ة|ين|ون)?\s+[«\"“(]?ل?"))


@dataclass(frozen=True)
class ForceMention:
    """A force named in text. ``start``/``end`` index whatever text ``find`` was given (alias only, no clitic)."""

    start: int
    end: int
    surface: str
    force: str
    reporter: bool = False


class ForceLexicon:
    """The loaded lexicon with its matcher (build once, reuse for every article)."""

    def __init__(self, forces: list[Force], anaphors: list[Anaphor] = ()) -> None:
        self._forces = {f.id: f for f in forces}
        self._anaphors = {_ANAPHOR + str(i): a for i, a in enumerate(anaphors)}
        keys: dict[str, tuple[str, int, bool]] = {}
        named = [(fid, a.aliases) for fid, a in self._anaphors.items()]  # first: they win over a force's alias
        for fid, aliases in named + [(f.id, (f.name_ar, *f.aliases)) for f in forces]:
            for alias in aliases:
                key = normalize(alias)
                if not key:
                    continue
                keys.setdefault(key, (fid, len(key), False))
                if key.startswith("ال") and len(key) > 3:
                    keys.setdefault("لل" + key[2:], (fid, len(key), True))  # للجيش = ل + الجيش
        self._auto = build_automaton((key, (len(key), fid, lam)) for key, (fid, _, lam) in keys.items())
        self._empty = not keys

    def get(self, force_id: str) -> Force:
        """The force with this id; a clear error names the known ids otherwise."""
        try:
            return self._forces[force_id]
        except KeyError:
            raise UsageError(f"unknown force '{force_id}'; known: {', '.join(self._forces)}") from None

    def all(self) -> list[Force]:
        return list(self._forces.values())

    def find_normalized(self, norm: str) -> list[ForceMention]:
        """Force mentions in already-normalised text (offsets index ``norm``), left to right."""
        return [ForceMention(start, end, norm[start:end], fid, self.is_reporter(norm, start, end))
                for start, end, fid in self.spans_normalized(norm)]

    def spans_normalized(self, norm: str) -> list[tuple[int, int, str]]:
        """``(start, end, force id)`` of each force mention in ``norm``, left to right, without the reporter
        test: the extractor asks ``is_reporter`` only for the mentions in sentences it reads."""
        if self._empty:
            return []
        found: list[tuple[int, int, str]] = []  # every hit at word bounds, in order of its end
        kept: list[tuple[int, int, str]] = []  # the hits not inside a longer one (while overlaps nest)
        n = len(norm)
        clitics, lam_clitics, letters = _CLITICS, _LAM_CLITICS, _LETTERS
        nested, top_end = True, 0  # top_end: where the last kept hit ends
        for end, (size, fid, lam) in self._auto.iter(norm):
            end += 1
            if end < n and norm[end] in letters:
                continue
            start = end - size
            if start > 0 and norm[start - 1] in letters:  # a clitic is two letters at most
                w = start - 1
                while w > 0 and norm[w - 1] in letters and start - w < 3:
                    w -= 1
                if norm[w:start] not in (lam_clitics if lam else clitics):
                    continue
            if lam:  # report the alias part only: the الجيش of للجيش starts after the first lam
                start += 1
            hit = (start, end, fid)
            found.append(hit)
            if start < top_end:  # hits come in order of their end: this one overlaps the last kept one
                if kept[-1][0] <= start and top_end >= end:
                    continue  # inside it (قوات النظام, then النظام): the longer one stays
                while kept and kept[-1][0] >= start:
                    kept.pop()  # inside this one
                nested = nested and (not kept or kept[-1][1] <= start)
            kept.append(hit)
            top_end = end
        if not nested:  # two hits overlap, neither inside the other: longest first decides (a few articles)
            kept = _longest_first([(start - end, start, k, end, fid) for k, (start, end, fid) in enumerate(found)], n)
        return self._resolve(norm, kept) if self._anaphors else kept

    def _resolve(self, norm: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Generic armed nouns made the force they stand for: ``المسلحون من X`` is part of X and ``الفصائل
        التابعة لـ X`` is X (the noun is dropped, the quantity and marker gaps read it), else the one force of
        its kinds named before it (a named force that is not generic, like قوات النمر الموالية لروسيا, stays),
        else the enemy of a force it faces (``facing``: gunmen against Iraq's army), else its default;
        dropped when it has none. Two forces of its kinds named before it (النصرة and an aside on تنظيم
        الدولة) leave it at its default: the text does not say which one it is."""
        anaphors = self._anaphors
        generic = [k for k, span in enumerate(spans) if span[2] in anaphors]
        out: list[tuple[int, int, str]] = []
        seen: set[str] = set()  # the specific forces named so far
        done = 0  # spans[:done] are settled
        for k in generic:
            out += spans[done:k]  # specific forces: kept as they are
            seen.update(fid for _, _, fid in spans[done:k])
            done = k + 1
            start, end, fid = spans[k]
            a = anaphors[fid]
            if k + 1 < len(spans) and (_PART_OF.fullmatch(norm, end, spans[k + 1][0])
                                       or spans[k + 1][0] - end < 20 and _BELONGS.fullmatch(norm, end, spans[k + 1][0])):
                continue
            named = seen & a.kinds
            if len(named) == 1:
                fid = named.pop()
            elif named or not a.facing:
                fid = a.default
            else:
                fid = next((enemy for f, enemy in a.facing if f in seen), a.default)
            if fid is not None:
                out.append((start, end, fid))
        return out + spans[done:]

    @staticmethod
    def is_reporter(norm: str, start: int, end: int) -> bool:
        """Is the force at ``norm[start:end]`` named as the source of a report (قال المتحدث باسم X)?"""
        # a reporting cue ends in the 40 characters before, with at most one word after it? (one C scan of the
        # window; most have no cue, and most cues found are further back than the two words _is_reporter reads).
        # Scan a 40-character slice, not iter(norm, lo, start): pyahocorasick copies the whole string it
        # is given on every call, which made long articles quadratic (issue 14 item 9).
        window = norm[start - 40 if start > 40 else 0:start]
        for cue_end, _ in _CUE_AUTO.iter(window):
            after = _WORD.search(window, cue_end + 1)
            if after is None or _WORD.search(window, after.end()) is None:
                return _is_reporter(norm, start, end)
        return False

    def find(self, text: str | NormalizedText) -> list[ForceMention]:
        """Force mentions in ``text``, offsets into the original text (normalised here unless given normalised)."""
        nt = NormalizedText.of(text)
        out = []
        for m in self.find_normalized(nt.normalized):
            s, e = nt.original_span(m.start, m.end)
            out.append(ForceMention(s, e, nt.original[s:e], m.force, m.reporter))
        return out


def _longest_first(found: list[tuple[int, int, int, int, str]], n: int) -> list[tuple[int, int, str]]:
    """Overlapping force hits ``(-length, start, hit order, end, force)`` resolved: longest first (where aliases
    overlap the longest wins), then leftmost, then in hit order; what is kept, in order of its start."""
    found.sort()
    taken = bytearray(n)  # characters already inside a longer alias
    kept: list[tuple[int, int, str]] = []
    for _, start, _, end, fid in found:
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, fid))
    kept.sort()
    return kept

def _is_reporter(norm: str, start: int, end: int) -> bool:
    """True when the two words before the mention are a reporting cue (قال المتحدث باسم …)."""
    words = _WORD.findall(norm, max(0, start - 40), start)[-2:]
    for i, w in enumerate(reversed(words)):
        if w in _THAT or (i == 0 and w in _MASDARS):
            return False  # "قالت مصادر إن X …": X is the subject of what is reported
        stem = w[1:] if w[:1] in "وف" and w[1:] in _REPORT_CUES else w
        if stem in _REPORT_CUES:
            if stem in _WEAK_CUES:
                # "أعلن الجيش سيطرته": the announcer is also the actor unless it reports others (أن/إن).
                after = norm[end:end + 12]
                return bool(re.match(r"\s*(?:ان|إن|أن)\s", after))
            return True
        if i == 0 and len(w) <= 2:  # allow one short filler word (عن، في)
            continue
    return False


def load_lexicon(extra_path: str | Path | None = None) -> ForceLexicon:
    """The matcher over the force table (``records.forces.load_forces``), extended by ``extra_path``."""
    return ForceLexicon(load_forces(extra_path), load_anaphors())
