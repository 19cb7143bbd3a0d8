"""List members and neighbourhoods the gazetteer's scan could not place (issue 13): spelling variants of a
member looked up near the list's other places, and neighbourhoods placed at the city the text puts them in.

Why: on unseen news about half the missed claims are later members of place lists or neighbourhoods. A
village is often spelt with or without its article (الحالولة / حالولة), with كفر joined or split, with or
without a final ة; a neighbourhood (أحياء A وB في مدينة Y) is rarely in any gazetteer, or only as a village of
the same name far from that city. A variant is accepted only near the places named around it (LIST_REACH_KM),
never fuzzily across the country; a neighbourhood becomes a site anchored at its city (``approximate``).
"""
from __future__ import annotations

from typing import Sequence

from arabic.lexicon import words
from arabic.normalize import normalize, normalize_short
from arabic.text import NormalizedText
from core.regex import compile_fast
from extract.sites import ANCHOR_GAP, TERMINATOR, Anchor, is_name_word
from gazetteer.model import Candidate, Mention, Place
from gazetteer.resolve import STOP_WORDS, WEAK_NAMES, distance_km

LIST_REACH_KM = 40  # how far apart two members of one list may lie when the second is found by the list alone
NEAR_CHARS = 300  # how far (characters) around a member the places that vouch for a variant may stand
PART_REACH_KM = 20  # a member read as one word of a two-word name: only a place this near the list will do
FAR_MEMBER_KM = 100  # a list member this far from the places named around it is a namesake, not the member
CITY_KM = 10  # a place of a neighbourhood's name farther than this from its city is a namesake, not it
CITY_REACH = 150  # characters after a neighbourhood list in which the city its sentence names may stand
_NO_ANCHOR_KINDS = frozenset({"country", "governorate", "region"})  # centroids too coarse to vouch for a village
_CITY_KINDS = frozenset({"city", "town"})
# the kinds a neighbourhood's namesake has (a village, a town, another city's quarter); a city, a region or a
# named site (an industrial zone, a base) is what the text means
_NAMESAKE_KINDS = frozenset({"village", "town", "neighbourhood"})
_SPLIT_HEADS = tuple(normalize(w) for w in words("split_name_heads"))  # written joined or apart: كفرنبل / كفر نبل
_HEADS = frozenset(normalize(w) for w in words("compound_heads") + words("gazetteer_cues"))
_NEIGHBOURHOOD = frozenset(normalize(w) for w in words("neighbourhood_nouns"))
_CITY = normalize("مدينة")
_INSIDE = compile_fast(normalize(r"(?:(?<![\w])(?:في|داخل)\s+|(?<![\w])ب)(?:مدينة\s+)?$"))  # في/داخل/بـ (مدينة) Y
_norm = normalize_short


def variants(name: str) -> list[str]:
    """Other spellings of a normalised name, one change each: the article added or dropped on one word, a final
    ه (ة) dropped or added on one word, كفر / دير joined or split."""
    ws = name.split()
    out = [" ".join(ws[:i] + [alt] + ws[i + 1:]) for i, w in enumerate(ws)
           for alt in (w[2:] if w.startswith("ال") and len(w) > 4 else "ال" + w,
                       w[:-1] if w.endswith("ه") and len(w) > 3 else w + "ه")]
    for head in _SPLIT_HEADS:
        if len(ws) == 1 and name.startswith(head) and len(name) > len(head) + 2:
            out.append(head + " " + name[len(head):])
        if len(ws) == 2 and ws[0] == head:
            out.append(head + ws[1])
    return [v for v in dict.fromkeys(out) if v != name and v not in STOP_WORDS and v not in WEAK_NAMES]


def _near_places(norm: str, spans: list[tuple[int, int]], mentions: Sequence[Mention], i: int) -> list[Place]:
    """The located places nearest mention ``i`` in its sentence, one before and one after it (within
    NEAR_CHARS, regions excepted): a list's neighbours or the place it is anchored to (قرب Y، في مدينة Y)."""
    out = []
    for js in (range(i - 1, -1, -1), range(i + 1, len(mentions))):
        for j in js:
            lo, hi = sorted((spans[i][0], spans[j][0]))
            if hi - lo > NEAR_CHARS or TERMINATOR.search(norm, lo, hi):
                break
            p = mentions[j].place
            if p is not None and p.kind not in _NO_ANCHOR_KINDS:
                out.append(p)
                break
    return out


def _variant_place(name: str, index, near: list[Place]) -> tuple[str, Place] | None:
    """The name itself or the first variant of it the index holds with a place within LIST_REACH_KM of ``near``,
    nearest (the name itself: a member the scan passed over, located only by a place after the list)."""
    own = () if name in STOP_WORDS or name in WEAK_NAMES else (name,)
    for v in (*own, *variants(name)):
        if v not in index.by_name:
            continue
        fits = [(min(distance_km(p, a) for a in near), p) for p in index.places_for(v)]
        fits = [f for f in fits if f[0] <= LIST_REACH_KM]
        if fits:
            return v, min(fits, key=lambda f: f[0])[1]
    return _longer_name(name, index, near)


def _longer_name(name: str, index, near: list[Place]) -> tuple[str, Place] | None:
    """A one-word member that is one word of a two-word name (شاش for شاش حمدان، خالد for خربة خالد): taken
    only when exactly one such place lies within PART_REACH_KM of ``near``."""
    bare = name[2:] if name.startswith("ال") else name
    if " " in name or len(bare) < 3 or bare in _HEADS:
        return None
    fits = {p.id: (v, p) for v in index.two_word_names(bare) for p in index.places_for(v)
            if min(distance_km(p, a) for a in near) <= PART_REACH_KM}
    return next(iter(fits.values())) if len(fits) == 1 else None


# "معسكر X"، "منفذ X الحدودي"، "مطار X العسكري": a site named after the town it stands at or next to
_TOWN_SITE = compile_fast(r"[وفبل]{0,2}(?:ال)?(?:" + "|".join(normalize(w) for w in words("town_site_nouns"))
                        + r")\s+(\w{3,})(?:\s+(\w{3,}))?")
_TOWN_KINDS = frozenset({"city", "town", "village"})
SITE_TOWN_KM = 15  # the namesakes of a site's town lying this close together are one place for the claim


def site_towns(nt: NormalizedText, gazetteer, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each unresolved site named after a known town (``معسكر X``، ``منفذ X الحدودي``، ``مطار X
    العسكري``) placed at that town: the site is at or next to it, so the claim is kept (the gazetteer lacks most
    camps, crossings and fields). A name several towns bear is placed only near the places named around it, or
    when all its namesakes lie within SITE_TOWN_KM of one another."""
    index = getattr(gazetteer, "index", None)
    if getattr(index, "by_name", None) is None or not any(m.cue == "site" and m.status == "unresolved"
                                                          for m in mentions):
        return mentions  # most articles name no unplaced site
    out, spans = list(mentions), None
    for i, m in enumerate(mentions):
        if m.status != "unresolved" or m.cue != "site":
            continue
        spans = spans or [_span(nt, x) for x in mentions]
        t = _TOWN_SITE.fullmatch(nt.normalized, *spans[i])
        name = t and (f"{t[1]} {t[2]}" if t[2] and f"{t[1]} {t[2]}" in index.by_name else t[1])
        towns = [p for p in index.places_for(name) if p.kind in _TOWN_KINDS] if name else []
        if not towns:
            continue
        near = _near_places(nt.normalized, spans, out, i)
        if near:
            towns = [p for p in towns if min(distance_km(p, a) for a in near) <= LIST_REACH_KM]
        elif any(distance_km(p, towns[0]) > SITE_TOWN_KM for p in towns):
            towns = []
        if towns:
            out[i] = Mention(m.start, m.end, m.surface, "resolved", (Candidate(towns[0], 0.5, ("site_town", name)),),
                             m.cue, 0.5, m.norm_start, m.norm_end)
    return out


def variant_members(nt: NormalizedText, gazetteer, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each unresolved member of a list or name after a cue word (or such a name the gazetteer
    left ambiguous between places all far from the list) placed when a spelling variant of it names a place
    within LIST_REACH_KM of the place named nearest it before or after in its sentence (or it is one word of a
    two-word name within PART_REACH_KM); neighbourhoods and sites are left to ``neighbourhoods``/the anchors."""
    index = getattr(gazetteer, "index", None)
    by_name = getattr(index, "by_name", None)
    todo = [i for i, m in enumerate(mentions) if (m.status == "unresolved" or (m.status == "ambiguous" and m.cue))
            and m.cue != "site" and _norm(m.cue or "") not in _NEIGHBOURHOOD]
    if by_name is None or not todo:
        return mentions
    out, spans = list(mentions), [_span(nt, m) for m in mentions]
    for i in todo:
        m = mentions[i]
        near = _near_places(nt.normalized, spans, out, i)
        if not near or any(min(distance_km(c.place, a) for a in near) <= LIST_REACH_KM for c in m.candidates):
            continue  # an ambiguous name with a candidate near the list: the gazetteer's call
        found = _variant_place(_norm(m.surface), index, near)
        if found is not None:
            out[i] = Mention(m.start, m.end, m.surface, "resolved", (Candidate(found[1], 0.6, ("variant", found[0])),),
                             m.cue, 0.6, m.norm_start, m.norm_end)
    return out


_WORD_BEFORE = compile_fast(r"(?<![\w])(\w{2,})\s+$")
_JOINER = compile_fast(r"[\s،,()«»\"“”'\-]*و?\s*$")


def split_names(nt: NormalizedText, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the list members the gazetteer placed far from the list made unresolved: one read from
    the last word of a longer name (قرى A ونزل Y: Y is a village 200 km away) becomes the whole name when the
    word before it is a name's word and the place lies beyond LIST_REACH_KM of the places named nearest it in its
    sentence; a one-name member beyond FAR_MEMBER_KM of them is a namesake (the gazetteer lacks the village)."""
    norm, out, spans = nt.normalized, list(mentions), None
    for i in range(1, len(mentions)):
        m = mentions[i]
        if m.status != "resolved" or not m.candidates or m.candidates[0].place.kind not in _NAMESAKE_KINDS:
            continue  # most mentions
        (s, e), before = _span(nt, m), _span(nt, mentions[i - 1])[1]
        if s - before > 24:
            continue  # nothing named right before it
        direct = _JOINER.fullmatch(norm, before, s) is not None
        w = None if direct else _WORD_BEFORE.search(norm, max(before, s - 24), s)
        word = w.group(1)[1:] if w and w.group(1).startswith("و") else w.group(1) if w else ""
        longer = bool(word) and _JOINER.fullmatch(norm, before, w.end(1) - len(word)) and is_name_word(word)
        if not longer and not direct:
            continue  # not a later member of a list
        spans = spans or [_span(nt, x) for x in mentions]
        near = _near_places(norm, spans, out, i)
        far = min((distance_km(m.place, p) for p in near), default=0.0)
        if (far > FAR_MEMBER_KM and m.place.kind == "village") or (longer and far > LIST_REACH_KM):
            ws = w.end(1) - len(word) if longer else s
            start = nt.offsets[ws]
            out[i] = Mention(start, m.end, nt.original[start:m.end], "unresolved", (), m.cue, 0.0, ws, e)
    return out


_GAP = compile_fast(r"[\s،,()«»\"“”'\-]*(?:و\s*)?(?:(?:ال)?(?:" + "|".join(sorted(_NEIGHBOURHOOD, key=len, reverse=True))
                  + r")\s+)?[\s()«»\"“”']*")


def _in_neighbourhood(m: Mention) -> bool:
    return m.cue is not None and _norm(m.cue) in _NEIGHBOURHOOD


def _runs(nt: NormalizedText, mentions: list[Mention], starts: list[int]) -> list[list[int]]:
    """The neighbourhood lists: runs of mentions that start with one named by a neighbourhood cue (حي، أحياء،
    حيي; ``starts``) and go on while only ``،`` / ``و`` (or another such cue) stands between two members."""
    norm, runs, j = nt.normalized, [], 0
    for i in starts:
        if i < j:
            continue  # already in the run before
        run, j = [i], i + 1
        while j < len(mentions) and (mentions[j].cue is None or _in_neighbourhood(mentions[j])) \
                and _GAP.fullmatch(norm, _span(nt, mentions[j - 1])[1], _span(nt, mentions[j])[0]):
            run.append(j)
            j += 1
        runs.append(run)
    return runs


def _span(nt: NormalizedText, m: Mention) -> tuple[int, int]:
    """A mention's span in the normalised text (test doubles report original offsets only)."""
    return (m.norm_start, m.norm_end) if m.norm_start is not None and m.norm_end is not None \
        else nt.normalized_span(m.start, m.end)


def _city_after(nt: NormalizedText, mentions: list[Mention], last: int) -> tuple[bool, Place | None, str]:
    """(a place locates the list, that place if a city or town, its surface): the place right after it (أحياء A
    وB في مدينة Y، غربي Y، في الجهة الغربية لمدينة Y), or else the first city named later in its sentence (أحياء
    A وB بعد معارك في مدينة Y)."""
    norm, end = nt.normalized, _span(nt, mentions[last])[1]
    for j in range(last + 1, len(mentions)):
        nxt, (s, _) = mentions[j], _span(nt, mentions[j])
        if s - end > CITY_REACH or TERMINATOR.search(norm, end, s):
            break
        adjacent = j == last + 1 and nxt.place is not None and ANCHOR_GAP.fullmatch(norm, end, s)
        if adjacent:
            return True, (nxt.place if nxt.place.kind in _CITY_KINDS else None), nxt.surface
        if _is_city(nxt) and _INSIDE.search(norm, max(0, s - 16), s):
            return True, nxt.place, nxt.surface  # "في مدينة Y"، "داخل Y"، "بمدينة Y"; not "قرب Y"
    return False, None, ""


def _is_city(m: Mention) -> bool:
    """A mention of a city (or of a town named as a city: مدينة Y)."""
    return m.place is not None and (m.place.kind == "city" or (m.place.kind == "town" and _norm(m.cue or "") == _CITY))


def _city_before(mentions: list[Mention], first: int) -> tuple[Place | None, str]:
    """The nearest city named before mention ``first`` in the article: the city the article is about."""
    for m in reversed(mentions[:first]):
        if _is_city(m):
            return m.place, m.surface
    return None, ""


def neighbourhoods(nt: NormalizedText, mentions: list[Mention]) -> tuple[list[Mention], dict[int, Anchor]]:
    """``mentions`` with each neighbourhood the gazetteer does not place within CITY_KM of its city made a site,
    and the anchors (by mention start) of those: the city named right after the list, or failing any place
    there the nearest city named before it. A neighbourhood known near its city, or a city, stays as it is."""
    starts = [i for i, m in enumerate(mentions) if m.cue is not None and _norm(m.cue) in _NEIGHBOURHOOD]
    if not starts:
        return mentions, {}  # most articles name no neighbourhood
    runs = _runs(nt, mentions, starts)
    out, anchors = list(mentions), {}
    for run in runs:
        placed, city, surface = _city_after(nt, mentions, run[-1])
        if not placed:
            city, surface = _city_before(mentions, run[0])
        if city is None:
            continue  # "أحياء A وB في ريف Y": no city to stand for them
        for i in run:
            m, p = mentions[i], mentions[i].place
            if p is not None and (p.kind not in _NAMESAKE_KINDS or distance_km(p, city) <= CITY_KM):
                continue
            out[i] = Mention(m.start, m.end, m.surface, "unresolved", (), "site", 0.0, m.norm_start, m.norm_end)
            anchors[m.start] = Anchor(city, surface, 2)
    return out, anchors
