"""Arabic place names → places: ``load_gazetteer()`` then ``.lookup(name)`` or ``.scan(text)``.

The index is built from the sources once per content and cached (see gazetteer/index.py);
ranking lives in gazetteer/resolve.py. Both methods are pure given the loaded index.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from typing import Sequence

from arabic.normalize import STRONG_CUES, cue_of, normalize, split_clitic
from arabic.text import NormalizedText
from gazetteer.index import REQUIRED_CUE, Hit, Index, cache_key, load_index
from gazetteer.model import Candidate, Mention, Place, make_mention
from gazetteer.resolve import (CONFIDENT, STOP_WORDS, WEAK_NAMES, RankMemo, _max_near, decide, distance_km,
                               is_stop, rank)
from gazetteer.sources.registry import default_sources

__all__ = ["Gazetteer", "load_gazetteer", "normalize"]

FUZZY_CUTOFF = 88  # rapidfuzz ratio (0–100) a misspelling must reach
# Words between a name and the place it is located relative to: "X (الواقعة) شمال شرق Y", "X في ريف Y".
_RELATION_WORDS = frozenset(normalize(w) for w in """
شرق غرب شمال جنوب شرقي غربي شمالي جنوبي الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية
قرب بالقرب من أطراف محيط ريف محافظة في داخل مدخل جوار بجوار شرقي غربي
""".split())
_FILLER_WORDS = frozenset(normalize(w) for w in "الواقعة الواقع التابعة التابع الواقعتين من على".split())
_RELATION_CORE = _RELATION_WORDS - {"من", "في"}
_PROXIMITY = frozenset(normalize(w) for w in "قرب بالقرب أطراف محيط مدخل جوار بجوار".split())
_N, _E = (1.0, 0.0), (0.0, 1.0)
_DIRECTIONS = {normalize(w): v for words, v in (
    ("شمال شمالي الشمالي الشمالية", _N), ("جنوب جنوبي الجنوبي الجنوبية", (-1.0, 0.0)),
    ("شرق شرقي الشرقي الشرقية", _E), ("غرب غربي الغربي الغربية", (0.0, -1.0))) for w in words.split()}
# Cue words that name something no force controls as a place: a river, a lake.
NOT_PLACE_CUES = frozenset(normalize(w) for w in "نهر بحيرة".split())


def _with_clitics(words: str) -> frozenset[str]:
    base = [normalize(w) for w in words.split()]
    return frozenset(base + [c + w for w in base for c in ("و", "ف", "ب", "ل", "وب", "ول")])


# Outlets named after places (قناة الميادين، صحيفة الوطن): the word before makes the name a medium.
MEDIA_WORDS = _with_clitics("قناة قناتي شبكة موقع صحيفة جريدة وكالة تلفزيون إذاعة فضائية مجلة مراسل مراسلة مراسلو")
# Place names that are everyday words (WEAK_NAMES, gazetteer/data/stop_names.txt) count after these.
LOCATIVE_WORDS = _with_clitics("""في إلى الى على نحو قرب بالقرب باتجاه اتجاه حول داخل عند بين من مدخل أطراف محيط
تجاه صوب جنوب شمال شرق غرب حتى""")
NEAR_WEAK = math.exp(-60 / 60.0)  # a confident place within about 60 km
FAR_KM = 60.0     # "X قرب Y" with X farther than this from a small Y means another X
FAR_PENALTY = 0.6
RELATIVE_KM = 5.0  # how far "north of Y" puts a place the gazetteer lacks: typical village spacing
# First words of two-word names (عين الحمرا، تل أبيض): an unknown name after a cue takes the next word too.
_COMPOUND_HEADS = frozenset(normalize(w) for w in
                            "عين تل كفر دير خان بير بئر أبو أم بيت بني جسر رأس قصر مرج جب خربة حزب سد".split())


class Gazetteer:
    """Lookup and one-pass scanning over a loaded index."""

    def __init__(self, index: Index) -> None:
        self.index = index
        # Both follow the index's lifetime: they hold facts about its places and names (see RankMemo).
        self._static: dict[tuple[str, str | None], list[Candidate]] = {}
        self._place_lists: dict[tuple[str, str | None], tuple[Place, ...]] = {}
        self._names: dict[str, str] = {}  # a place name → its normalised form (a pure function, kept)
        self._memo = RankMemo()

    def __len__(self) -> int:
        return len(self.index.places)

    def lookup(self, name: str, *, context: Sequence[Place] = (), limit: int = 5) -> list[Candidate]:
        """Ranked candidates for one name as a user types it; [] when nothing fits.

        Tries, in order: the whole normalised name (ريف حلب is a region), the name without a clitic
        (وبالرقة), without a leading cue word (مدينة الرقة), the English name, then a fuzzy match
        (lower scores).
        """
        norm = normalize(name)
        if not norm:
            return []
        cue = None
        words = norm.split(" ")
        if words[0] == "ريف" and norm in self.index.by_name:
            return rank(self._places(norm, None), context=context, limit=limit, memo=self._memo)
        if len(words) > 1 and cue_of(words[0]):
            cue, norm = cue_of(words[0]), " ".join(words[1:])
        for _, stem in split_clitic(norm)[::-1]:
            places = self._places(stem, cue)
            if places:
                return rank(places, cue=cue, context=context, limit=limit, memo=self._memo)
        idx = self.index.by_name_en.get(name.strip().casefold())
        if idx:
            places = [self.index.places[i] for i in idx]
            return rank(places, cue=cue, context=context, limit=limit, memo=self._memo)
        return self._fuzzy(norm, cue=cue, context=context, limit=limit)

    def context_places(self, text: str) -> tuple[Place, ...]:
        """The places ``text`` names confidently (its region phrases included): the evidence a name
        is resolved against, e.g. the rest of a sentence around an anchor (حي X في مدينة Y)."""
        seen: dict[str, Place] = {}
        for m in self.scan(text):
            if m.place is not None and not m.place.id.startswith("rel:"):
                seen.setdefault(m.place.id, m.place)
        return tuple(seen.values())

    def resolve(self, name: str, *, context: str | Sequence[Place] = "",
                limit: int = 5) -> tuple[str, list[Candidate]]:
        """``(status, candidates)`` for one name given its neighbours: ``context`` is text (scanned for
        its places) or places. ``status`` is resolved / ambiguous / unresolved (``decide``): among
        namesakes with nothing to separate them the answer is "ambiguous", never a guess."""
        places = self.context_places(context) if isinstance(context, str) else tuple(context)
        own = normalize(name)
        places = tuple(p for p in places if self._normalized(p.name_ar) != own)
        cands = self.lookup(name, context=places, limit=limit)
        return decide(cands), cands

    def _normalized(self, name: str) -> str:
        """``normalize(name)`` for a place's name, kept: ``resolve`` compares the name it is asked about with
        every place of its context, and the pipeline asks once per list member with the article's places."""
        norm = self._names.get(name)
        if norm is None:
            if len(self._names) > 100_000:
                self._names.clear()
            norm = self._names[name] = normalize(name)
        return norm

    def _fuzzy(self, norm: str, *, cue: str | None, context: Sequence[Place], limit: int) -> list[Candidate]:
        if len(norm) < 4:
            return []
        from rapidfuzz import fuzz, process  # lazy: heavy third-party import, kept off start-up

        best = process.extract(norm, self.index.by_name.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
        places = list(dict.fromkeys(p for key, _, _ in best for p in self.index.places_for(key)))
        return rank(places, cue=cue, context=context, fuzzy=True, limit=limit, memo=self._memo) if places else []

    def scan(self, text: str | NormalizedText) -> list[Mention]:
        """Every place mention in ``text``, in order, disambiguated with the text's other places.

        Stages: find names, cues and heads in one automaton pass; keep the hits that read as places
        (``_keep_hits``); rank each name alone and drop weak names nothing backs (``_back_weak``); rank
        again with the article's confident places and the places each name is related to
        (``_resolve_hits``); add unknown names after cue words and heads (``_unknown_mentions``).
        Give the article's ``NormalizedText`` (the pipeline does) so it is not normalised again; mentions
        carry their span in both the original and the normalised text."""
        nt = NormalizedText.of(text)
        norm = nt.normalized
        hits, cues, heads = self.index.tokens(norm)
        if not hits and not cues:
            return []
        hits, weak, headed = self._keep_hits(norm, hits, cues, heads)
        first = [self._ranked_static(h.key, h.cue) for h in hits]
        if weak:
            hits, first = _back_weak(hits, first, weak)
        mentions = self._resolve_hits(nt, hits, first)
        mentions.extend(_unknown_mentions(nt, hits, first, cues, headed))
        return sorted(mentions, key=lambda m: m.start)

    def _keep_hits(self, norm: str, hits: list[Hit], cues: dict[int, tuple[int, str]],
                   heads: dict[int, int]) -> tuple[list[Hit], list[Hit], list[tuple[Hit, int]]]:
        """Set each hit's cue and keep those that read as places: ``(kept, weak, headed)``. ``weak``
        (among ``kept``) are everyday words or village-only names that something must still back."""
        by_name, needs_cue, village_only = self.index.by_name, self.index.cue_required, self.index.village_only
        prev_hit: Hit | None = None
        kept: list[Hit] = []
        weak: list[Hit] = []
        headed: list[tuple[Hit, int]] = []
        for n, h in enumerate(hits):  # cue words and generic heads right before each name (one space between)
            ws = h.word_start
            before = ws - 1 if ws > 0 and norm[ws - 1] == " " else -1
            cue = cues.get(before) if before >= 0 else None
            joined = before >= 0 and h.prefix.startswith("و") and prev_hit is not None and prev_hit.end == before
            if cue is not None:
                h.cue = cue[1]
                h.cue_span = (before - len(h.cue), before)
            elif joined:
                h.cue, h.cue_span = prev_hit.cue, prev_hit.cue_span  # مدينتي الرقة والطبقة
            prev_hit = h
            if is_stop(h.key, h.cue) or h.key not in by_name or h.cue in NOT_PLACE_CUES:
                continue  # نهر الفرات is a river, not a place anyone controls
            if h.key in needs_cue and len(needs_cue[h.key]) == len(by_name[h.key]) and not self._cue_fits(h):
                continue  # الفرات alone is the river; the dam is سد الفرات
            previous = norm[norm.rfind(" ", 0, before) + 1:before] if before > 0 else ""
            if h.cue is None and previous in MEDIA_WORDS:
                continue  # قناة الميادين، صحيفة الوطن: an outlet, not a place
            if not h.prefix and h.cue is None and before in heads:
                headed.append((h, heads[before]))  # تل ذيبان is not ذيبان
                continue
            nxt = hits[n + 1] if n + 1 < len(hits) else None
            if h.cue is None and not joined and h.key in village_only and not _listed_with(h, nxt):
                weak.append(h)  # بقين، تقاد، من أبرز: a village's name, but also a word; a place near it must back it
            elif h.cue is None and not joined and previous not in LOCATIVE_WORDS and h.key in WEAK_NAMES and not (
                    h.prefix[-1:] in ("ب", "ل") or _followed_by_place(norm, h, nxt)):
                weak.append(h)  # فتح الباب أمام …: a common word unless the article is about places near it
            kept.append(h)
        return kept, weak, headed

    def _resolve_hits(self, nt: NormalizedText, hits: list[Hit], first: list[list[Candidate]]) -> list[Mention]:
        """Rank every kept name with the article's confident places and the place the text relates it to."""
        text, norm, orig = nt.original, nt.normalized, nt.to_original
        confident: dict[str, tuple[str, Place]] = {}
        for h, c in zip(hits, first):
            if c and c[0].score >= CONFIDENT:
                confident[c[0].place.id] = (h.key, c[0].place)
        anchors = _relative_anchors(norm, hits)
        # Each name's context is the article's confident places but its own; most names have none of
        # their own, and share one tuple.
        pairs = list(confident.values())
        everything = tuple([p for _, p in pairs])
        own = {key for key, _ in pairs}
        contexts: dict[str, tuple[Place, ...]] = {}
        memo: dict[tuple, list[Candidate]] = {}
        mentions: list[Mention] = []
        for i, h in enumerate(hits):
            j, direction = anchors.get(i, (None, None))
            strong = (first[j][0].place,) if j is not None and first[j] else ()
            sig = (h.key, h.cue, strong[0].id if strong else None, direction if strong else None)
            cands = memo.get(sig)
            if cands is None:  # the same name recurs in an article: rank it once per evidence
                context = everything
                if h.key in own:  # built on demand: most names have no confident place of their own
                    context = contexts.get(h.key) or contexts.setdefault(
                        h.key, tuple([p for k, p in pairs if k != h.key]))
                cands = memo[sig] = rank(self._places(h.key, h.cue), cue=h.cue, context=context,
                                         anchors=strong, direction=direction if strong else None, memo=self._memo)
            status = decide(cands)
            if strong and status == "resolved" and _far_from_anchor(cands[0].place, strong[0]):
                # "المالكية قرب أعزاز" but the only المالكية known is 400 km away: a namesake we lack.
                near_words = norm[h.end:hits[j].word_start].split()
                approx = _approximate(text[orig(h.start):orig(h.end - 1) + 1], h.cue or "", strong[0], direction,
                                      any(w in _PROXIMITY for w in near_words))
                cands = [approx, *cands] if approx else [
                    Candidate(c.place, round(c.score * FAR_PENALTY, 3), c.why + ("far from the place the text "
                                                                              "locates it by",)) for c in cands]
                status = decide(cands)
            mentions.append(_mention(nt, h.start, h.end, status, cands, h.cue_span))
        return mentions

    def _ranked_static(self, key: str, cue: str | None) -> list[Candidate]:
        """Ranking without context depends on the name and cue only: cached across articles."""
        sig = (key, cue)
        cands = self._static.get(sig)
        if cands is None:
            if len(self._static) > 100_000:
                self._static.clear()
            cands = self._static[sig] = rank(self._places(key, cue), cue=cue, memo=self._memo)
        return cands

    def _cue_fits(self, h: Hit) -> bool:
        """Does the cue before ``h`` announce one of the places that need a cue (سد الفرات، منطقة منبج)?"""
        return any(REQUIRED_CUE.get(self.index.places[i].kind) == h.cue for i in self.index.cue_required[h.key])

    def _places(self, key: str, cue: str | None) -> tuple[Place, ...]:
        """The places a name found in text may be: a dam named only by its river needs the cue سد, a
        district the cue منطقة; with that cue, only they. Kept per (name, cue) like ``_static``: a scan
        asks again for every name it ranks with context, and the places of a name never change while the
        index lives (a tuple, so no caller can change what the next one gets)."""
        sig = (key, cue)
        found = self._place_lists.get(sig)
        if found is None:
            if len(self._place_lists) > 100_000:
                self._place_lists.clear()
            found = self._place_lists[sig] = tuple(self._find_places(key, cue))
        return found

    def _find_places(self, key: str, cue: str | None) -> list[Place]:
        need = self.index.cue_required.get(key)
        if not need:
            return self.index.places_for(key)
        places = self.index.places
        fits = [places[i] for i in need if REQUIRED_CUE.get(places[i].kind) == cue]
        return fits or [places[i] for i in self.index.by_name.get(key, ()) if i not in need]


def _listed_with(h: Hit, nxt: Hit | None) -> bool:
    """"X وY": the next name follows right after, joined by و (a list of places)."""
    return nxt is not None and nxt.prefix.startswith("و") and nxt.word_start == h.end + 1


def _back_weak(hits: list[Hit], first: list[list[Candidate]],
               weak: list[Hit]) -> tuple[list[Hit], list[list[Candidate]]]:
    """Keep a weak name only when a confident place of the article (not weak itself) lies near it."""
    weak_ids = {id(h) for h in weak}
    sure = [c[0].place for h, c in zip(hits, first) if c and c[0].score >= CONFIDENT and id(h) not in weak_ids]
    keep = [id(h) not in weak_ids or bool(c and sure and _max_near(c[0].place, sure) >= NEAR_WEAK)
            for h, c in zip(hits, first)]
    return [h for h, k in zip(hits, keep) if k], [c for c, k in zip(first, keep) if k]


def _unknown_mentions(nt: NormalizedText, hits: list[Hit], first: list[list[Candidate]],
                      cues: dict[int, tuple[int, str]], headed: list[tuple[Hit, int]]) -> list[Mention]:
    """Unknown names after strong cue words, and "تل X" where the gazetteer knows only X."""
    found = _unresolved_after_cues(nt, hits, first, cues)
    taken = {m.start for m in found}
    for h, head in headed:  # تل ذيبان is not ذيبان: a different place the gazetteer lacks
        if nt.to_original(head) not in taken:
            found.append(_mention(nt, head, h.end, "unresolved", (), None))
    return found


def _mention(nt: NormalizedText, s: int, e: int, status: str, cands: Sequence[Candidate],
             cue_span: tuple[int, int] | None) -> Mention:
    """The mention of normalised ``[s, e)``: its original span, and the normalised span of exactly those
    original characters (wider than ``[s, e)`` only where one character folds to several, e.g. ﷺ)."""
    text, offs = nt.original, nt.offsets  # ``nt.to_original`` and ``nt.normalized_span``, inlined: a scan
    start, end = offs[s], offs[e - 1] + 1  # makes a mention for every name it finds
    cue = None
    if cue_span:
        cue = text[offs[cue_span[0]]:offs[cue_span[1] - 1] + 1]
    return make_mention(start, end, text[start:end], status, tuple(cands), cue,
                        cands[0].score if cands and status == "resolved" else 0.0, bisect_left(offs, start),
                        bisect_left(offs, end))


def _followed_by_place(norm: str, h: Hit, nxt: Hit | None) -> bool:
    """"الباب ومنبج", "الباب شرق حلب": the words after a weak name say it is a place."""
    if nxt is not None and nxt.prefix.startswith("و") and nxt.word_start == h.end + 1:
        return True
    m = _NEXT_WORD.match(norm, h.end)
    return bool(m) and _relational(m.group(1)) and m.group(1) not in _FILLER_WORDS


def _far_from_anchor(place: Place, anchor: Place) -> bool:
    """True when the text places a name next to a small anchor (a town, not "Homs") but the chosen
    place is far from it and in another governorate."""
    if anchor.kind in ("governorate", "region", "country", "district") or anchor.population >= 100_000:
        return False
    return _max_near(place, (anchor,)) < 0.5 and distance_km(place, anchor) > FAR_KM


def _direction_of(word: str) -> tuple[float, float] | None:
    for _, stem in split_clitic(word, min_stem=2):
        if stem in _DIRECTIONS:
            return _DIRECTIONS[stem]
    return None


def _relation(norm: str, pos: int, starts: dict[int, int]) -> tuple[int, tuple[float, float] | None] | None:
    """The hit that the words after ``pos`` place something relative to, with the direction if one is
    named: "الواقعة شمال شرق Y" → (Y, NE), "في ريف Y" → (Y, None). None when the words say nothing."""
    related, vector = False, None
    for s, e in _next_words(norm, pos, 6):
        word = norm[s:e]
        if s in starts and related:
            return starts[s], vector
        stems, step = _word_info(word)
        if step:
            vector = (step[0] + (vector or (0, 0))[0], step[1] + (vector or (0, 0))[1])
        if stems & _RELATION_WORDS:
            related = related or bool(stems & _RELATION_CORE) or word == "في"
        elif not stems & _FILLER_WORDS:
            return None
    return None


_NEXT_WORD = re.compile(r" ?([^\W_]+)")
# Word → (stems, direction, relational). Safe as a module cache: a pure function of the word string and of
# this module's constant word sets, the same for every index; bounded (cleared at 50,000 words).
_WORDS: dict[str, tuple[frozenset[str], tuple[float, float] | None, bool]] = {}


def _word_info(word: str) -> tuple[frozenset[str], tuple[float, float] | None]:
    """(stems under every clitic reading, direction named): memoised, the same words recur."""
    info = _WORDS.get(word)
    if info is None:
        if len(_WORDS) > 50_000:
            _WORDS.clear()
        stems = frozenset(stem for _, stem in split_clitic(word, min_stem=2))
        info = _WORDS[word] = (stems, _direction_of(word), bool(stems & (_RELATION_WORDS | _FILLER_WORDS)))
    return info[0], info[1]


def _relational(word: str) -> bool:
    """Can ``word`` (with any clitic) start "شمال شرق Y" / "الواقعة في ريف Y"?"""
    _word_info(word)
    return _WORDS[word][2]


def _next_words(norm: str, pos: int, n: int) -> list[tuple[int, int]]:
    """``index.next_words`` with the regex engine: spans of up to ``n`` words after ``pos``."""
    spans = []
    match = _NEXT_WORD.match
    while len(spans) < n:
        m = match(norm, pos)
        if not m:
            break
        spans.append(m.span(1))
        pos = m.end()
    return spans


def _relative_anchors(norm: str, hits: list[Hit]) -> dict[int, tuple[int, tuple[float, float] | None]]:
    """hit index → (index of the hit it is placed relative to, direction named if any):
    X شرق Y، X في ريف Y، X الواقعة شمال Y."""
    starts = {h.word_start: j for j, h in enumerate(hits)}
    out: dict[int, tuple[int, tuple[float, float] | None]] = {}
    for i, h in enumerate(hits):
        m = _NEXT_WORD.match(norm, h.end)
        if not m or not _relational(m.group(1)):
            continue  # most names are followed by a verb or a noun: no relation to look for
        rel = _relation(norm, h.end, starts)
        if rel:
            out[i] = rel
    return out


def _approximate(surface: str, cue: str, anchor: Place, vector: tuple[float, float] | None,
                 proximity: bool) -> Candidate | None:
    """A place the gazetteer lacks but the text locates: "قرية X الواقعة شمال شرق Y" → a few km NE of Y.

    Only next to a settlement-sized anchor (not "east of Homs governorate"), and always marked approximate.
    """
    if (anchor.kind in ("governorate", "region", "country", "district") or anchor.population >= 100_000
            or not (vector or proximity)):
        return None  # "west of Homs" may mean 30 km: only small anchors locate a village
    dlat = dlon = 0.0
    if vector and any(vector):
        norm_ = math.hypot(*vector)
        dlat = RELATIVE_KM * vector[0] / norm_ / 111.0
        dlon = RELATIVE_KM * vector[1] / norm_ / (111.0 * math.cos(math.radians(anchor.lat)))
    kind = {"قريه": "village", "قريتي": "village", "قري": "village", "حي": "neighbourhood", "احياء": "neighbourhood",
            "مخيم": "camp", "مطار": "airport", "معبر": "crossing", "تله": "site"}.get(cue, "town")
    place = Place(id=f"rel:{normalize(surface)}@{anchor.id}", name_ar=surface, name_en="", lat=round(anchor.lat + dlat, 4),
                  lon=round(anchor.lon + dlon, 4), kind=kind, country=anchor.country, admin1=anchor.admin1,
                  source="relative")
    where = f"about {RELATIVE_KM:g} km from" if dlat or dlon else "at"
    return Candidate(place=place, score=CONFIDENT, why=(f"approximate: not in the gazetteer, placed {where} "
                                                        f"{anchor.name_ar} as the text locates it",))


def _unresolved_after_cues(nt: NormalizedText, hits: list[Hit], first: list[list[Candidate]],
                           cues: dict[int, tuple[int, str]]) -> list[Mention]:
    """Unknown names right after a strong cue word (قرية <unknown>) come back as unresolved mentions,
    or approximately placed when the text locates them relative to a known place."""
    text, norm, orig = nt.original, nt.normalized, nt.to_original
    covered = {h.word_start for h in hits}
    starts = {h.word_start: j for j, h in enumerate(hits)}
    found: list[Mention] = []
    for we in sorted(cues):
        cue = cues[we][1]
        if cue not in STRONG_CUES:
            continue
        nxt = _next_words(norm, we, 2)
        if not nxt or nxt[0][0] in covered:
            continue
        word = norm[nxt[0][0]:nxt[0][1]]
        if (word in STOP_WORDS or word in _RELATION_WORDS or word in _FILLER_WORDS or cue_of(word)
                or not word.isalpha() or (len(word) < 3 and word not in _COMPOUND_HEADS)):
            continue
        end = nxt[1][1] if word in _COMPOUND_HEADS and len(nxt) > 1 else nxt[0][1]
        cands: tuple[Candidate, ...] = ()
        rel = _relation(norm, end, starts)
        if rel and first[rel[0]] and first[rel[0]][0].score >= CONFIDENT:
            proximity = any(w in _PROXIMITY for w in norm[end:hits[rel[0]].word_start].split())
            approx = _approximate(text[orig(nxt[0][0]):orig(end - 1) + 1], cue, first[rel[0]][0].place,
                                  rel[1], proximity)
            cands = (approx,) if approx else ()
        found.append(_mention(nt, nxt[0][0], end, "resolved" if cands else "unresolved", cands,
                              (we - len(cue), we)))
    return found


# The loaded gazetteer, keyed by the fingerprint of its sources' content (not by any object's identity): one
# entry, replaced when a source changes, so an import or an edited supplement is seen on the next call.
_LOADED: dict[str, Gazetteer] = {}


def load_gazetteer(countries: Sequence[str] | None = None) -> Gazetteer:
    """The gazetteer over the default sources (embedded + supplement + imported), from cache when warm.

    Kept in memory per content of the sources, so calling it per article costs a fingerprint check
    (a stat and a small hash), and an import or an edited supplement is picked up on the next call.
    """
    sources = default_sources(countries)
    key = cache_key(sources)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = Gazetteer(load_index(sources))
    return _LOADED[key]
