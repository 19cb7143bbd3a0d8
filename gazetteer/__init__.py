"""Arabic place names → places: ``load_gazetteer()`` then ``.lookup(name)`` or ``.scan(text)``.

The index is built from the sources once per content and cached (see gazetteer/index.py);
ranking lives in gazetteer/resolve.py. Both methods are pure given the loaded index.
"""
from __future__ import annotations

import math
from typing import Sequence

from gazetteer.index import Hit, Index, attach_cues, load_index, next_words
from gazetteer.model import Candidate, Mention, Place
from gazetteer.normalize import STRONG_CUE_PATTERN, cue_of, normalize, normalize_with_offsets, split_clitic
from gazetteer.resolve import CONFIDENT, STOP_WORDS, decide, is_stop, rank

__all__ = ["Gazetteer", "load_gazetteer", "normalize"]

FUZZY_CUTOFF = 88  # rapidfuzz ratio (0–100) a misspelling must reach
# Words between a name and the place it is located relative to: "X (الواقعة) شمال شرق Y", "X في ريف Y".
_RELATION_WORDS = frozenset(normalize(w) for w in """
شرق غرب شمال جنوب شرقي غربي شمالي جنوبي الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية
قرب بالقرب من أطراف محيط ريف محافظة في داخل مدخل جوار بجوار شرقي غربي
""".split())
_FILLER_WORDS = frozenset(normalize(w) for w in "الواقعة الواقع التابعة التابع الواقعتين من على".split())
_RELATION_CORE = _RELATION_WORDS - {"من", "في"}
# Generic first words of compound names: "تل X" or "كفر X" is a place of its own, not X.
_NAME_HEADS = frozenset(normalize(w) for w in "تل عين كفر دير خربة جب بير بئر حوش".split())
_PROXIMITY = frozenset(normalize(w) for w in "قرب بالقرب أطراف محيط مدخل جوار بجوار".split())
_N, _E = (1.0, 0.0), (0.0, 1.0)
_DIRECTIONS = {normalize(w): v for words, v in (
    ("شمال شمالي الشمالي الشمالية", _N), ("جنوب جنوبي الجنوبي الجنوبية", (-1.0, 0.0)),
    ("شرق شرقي الشرقي الشرقية", _E), ("غرب غربي الغربي الغربية", (0.0, -1.0))) for w in words.split()}
RELATIVE_KM = 5.0  # how far "north of Y" puts a place the gazetteer lacks: typical village spacing
# First words of two-word names (عين الحمرا، تل أبيض): an unknown name after a cue takes the next word too.
_COMPOUND_HEADS = frozenset(normalize(w) for w in
                            "عين تل كفر دير خان بير بئر أبو أم بيت بني جسر رأس قصر مرج جب خربة حزب سد".split())


class Gazetteer:
    """Lookup and one-pass scanning over a loaded index."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def __len__(self) -> int:
        return len(self.index.places)

    def lookup(self, name: str, *, context: Sequence[Place] = (), limit: int = 5) -> list[Candidate]:
        """Ranked candidates for one name as a user types it; [] when nothing fits.

        Tries, in order: the normalised name, the name without a clitic (وبالرقة), without a
        leading cue word (مدينة الرقة), the English name, then a fuzzy match (lower scores).
        """
        norm = normalize(name)
        if not norm:
            return []
        cue = None
        words = norm.split(" ")
        if len(words) > 1 and cue_of(words[0]):
            cue, norm = cue_of(words[0]), " ".join(words[1:])
        for _, stem in split_clitic(norm)[::-1]:
            places = self.index.places_for(stem)
            if places:
                return rank(places, cue=cue, context=context, limit=limit)
        idx = self.index.by_name_en.get(name.strip().casefold())
        if idx:
            return rank([self.index.places[i] for i in idx], cue=cue, context=context, limit=limit)
        return self._fuzzy(norm, cue=cue, context=context, limit=limit)

    def _fuzzy(self, norm: str, *, cue: str | None, context: Sequence[Place], limit: int) -> list[Candidate]:
        if len(norm) < 4:
            return []
        from rapidfuzz import fuzz, process

        best = process.extract(norm, self.index.by_name.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
        places = list(dict.fromkeys(p for key, _, _ in best for p in self.index.places_for(key)))
        return rank(places, cue=cue, context=context, fuzzy=True, limit=limit) if places else []

    def scan(self, text: str) -> list[Mention]:
        """Every place mention in ``text``, in order, disambiguated with the text's other places."""
        norm, offsets = normalize_with_offsets(text)
        hits = self.index.hits(norm)
        attach_cues(norm, hits)
        hits = [h for h in hits if not is_stop(h.key, h.cue) and h.key in self.index.by_name]
        heads = [_head_before(norm, h) for h in hits]
        headed = [(h, head) for h, head in zip(hits, heads) if head]
        hits = [h for h, head in zip(hits, heads) if not head]
        memo: dict[tuple, list[Candidate]] = {}

        def ranked(key: str, cue: str | None, context: tuple[Place, ...] = (), anchors: tuple[Place, ...] = (),
                   direction: tuple[float, float] | None = None) -> list[Candidate]:
            sig = (key, cue, tuple(p.id for p in context), tuple(p.id for p in anchors), direction)
            if sig not in memo:  # the same name recurs in an article: rank it once per evidence
                memo[sig] = rank(self.index.places_for(key), cue=cue, context=context, anchors=anchors,
                                 direction=direction)
            return memo[sig]

        first = [ranked(h.key, h.cue) for h in hits]
        confident = {c[0].place.id: (hits[j].key, c[0].place) for j, c in enumerate(first)
                     if c and c[0].score >= CONFIDENT}
        anchors = _relative_anchors(norm, hits)
        mentions: list[Mention] = []
        for i, h in enumerate(hits):
            context = tuple(p for key, p in confident.values() if key != h.key)
            j, direction = anchors.get(i, (None, None))
            strong = (first[j][0].place,) if j is not None and first[j] else ()
            cands = ranked(h.key, h.cue, context, strong, direction if strong else None)
            mentions.append(_mention(text, offsets, h.start, h.end, decide(cands), cands, h.cue_span))
        after_cues = _unresolved_after_cues(text, norm, offsets, hits, first)
        mentions.extend(after_cues)
        taken = {m.start for m in after_cues}
        for h, head in headed:  # تل ذيبان is not ذيبان: a different place the gazetteer lacks
            if offsets[head[0]] not in taken:
                mentions.append(_mention(text, offsets, head[0], h.end, "unresolved", (), None))
        return sorted(mentions, key=lambda m: m.start)


def _head_before(norm: str, h: Hit) -> tuple[int, int] | None:
    """Span of a generic first word (تل، عين، كفر …) right before the hit, which makes it another name."""
    if h.prefix or h.cue:
        return None
    span = h.prev  # set by attach_cues
    if not span:
        return None
    for prefix, stem in split_clitic(norm[span[0]:span[1]], min_stem=2):
        if stem in _NAME_HEADS:
            return span[0] + len(prefix), span[1]
    return None


def _span(offsets: list[int], s: int, e: int) -> tuple[int, int]:
    return offsets[s], offsets[e - 1] + 1


def _mention(text: str, offsets: list[int], s: int, e: int, status: str, cands: Sequence[Candidate],
             cue_span: tuple[int, int] | None) -> Mention:
    start, end = _span(offsets, s, e)
    cue = None
    if cue_span:
        cs, ce = _span(offsets, *cue_span)
        cue = text[cs:ce]
    return Mention(start=start, end=end, surface=text[start:end], status=status, candidates=tuple(cands), cue=cue,
                   confidence=cands[0].score if cands and status == "resolved" else 0.0)


def _direction_of(word: str) -> tuple[float, float] | None:
    for _, stem in split_clitic(word, min_stem=2):
        if stem in _DIRECTIONS:
            return _DIRECTIONS[stem]
    return None


def _relation(norm: str, pos: int, starts: dict[int, int]) -> tuple[int, tuple[float, float] | None] | None:
    """The hit that the words after ``pos`` place something relative to, with the direction if one is
    named: "الواقعة شمال شرق Y" → (Y, NE), "في ريف Y" → (Y, None). None when the words say nothing."""
    related, vector = False, None
    for s, e in next_words(norm, pos, 6):
        word = norm[s:e]
        if s in starts and related:
            return starts[s], vector
        stems = {stem for _, stem in split_clitic(word, min_stem=2)}
        step = _direction_of(word)
        if step:
            vector = (step[0] + (vector or (0, 0))[0], step[1] + (vector or (0, 0))[1])
        if stems & _RELATION_WORDS:
            related = related or bool(stems & _RELATION_CORE) or word == "في"
        elif not stems & _FILLER_WORDS:
            return None
    return None


def _relative_anchors(norm: str, hits: list[Hit]) -> dict[int, tuple[int, tuple[float, float] | None]]:
    """hit index → (index of the hit it is placed relative to, direction named if any):
    X شرق Y، X في ريف Y، X الواقعة شمال Y."""
    starts = {h.word_start: j for j, h in enumerate(hits)}
    out: dict[int, tuple[int, tuple[float, float] | None]] = {}
    for i, h in enumerate(hits):
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


def _unresolved_after_cues(text: str, norm: str, offsets: list[int], hits: list[Hit],
                           first: list[list[Candidate]]) -> list[Mention]:
    """Unknown names right after a strong cue word (قرية <unknown>) come back as unresolved mentions,
    or approximately placed when the text locates them relative to a known place."""
    covered = {h.word_start for h in hits}
    starts = {h.word_start: j for j, h in enumerate(hits)}
    found: list[Mention] = []
    for m in STRONG_CUE_PATTERN.finditer(norm):
        ws, we = m.span()
        cue = cue_of(norm[ws:we])
        nxt = next_words(norm, we, 2)
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
            approx = _approximate(text[offsets[nxt[0][0]]:offsets[end - 1] + 1], cue, first[rel[0]][0].place,
                                  rel[1], proximity)
            cands = (approx,) if approx else ()
        found.append(_mention(text, offsets, nxt[0][0], end, "resolved" if cands else "unresolved", cands,
                              (we - len(cue), we)))
    return found


_LOADED: dict[str, Gazetteer] = {}


def load_gazetteer(countries: Sequence[str] | None = None) -> Gazetteer:
    """The gazetteer over the default sources (embedded + supplement + imported), from cache when warm.

    Kept in memory per content of the sources, so calling it per article costs a fingerprint check
    (a stat and a small hash), and an import or an edited supplement is picked up on the next call.
    """
    from gazetteer.index import cache_key
    from gazetteer.sources.base import default_sources

    sources = default_sources(countries)
    key = cache_key(sources)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = Gazetteer(load_index(sources))
    return _LOADED[key]
