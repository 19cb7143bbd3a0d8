"""Article → events: sentences, place and force mentions, claim rules, dates, provenance.

Pure: no I/O and no clock, so the same article always gives the same events (the process pool
in engines/parallel.py and the store rely on that). The article is normalised once, as one
``NormalizedText`` handed to the gazetteer scan and the force finder; rules run on normalised
sentences (slices of it) and every offset is mapped back to the original text through its table.

Two article-level readings complete the gazetteer's mentions: a name it recognised once is the same place
where the article repeats it without a cue word, and in a sentence naming no place a definite noun
(``المعبر``) stands for the last place named with that noun as its cue. Dates are scanned only in the
sentences that make a claim.
"""
from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Iterator, Mapping, Protocol, Sequence

from arabic.dates import DateMention, find_dates, last_year_named, names_same_year, publication_date_in_text
from arabic.lexicon import alternation, literal_stem, words
from arabic.normalize import normalize, normalize_short
from arabic.text import NormalizedText
from core.regex import compile_fast
from extract.forces import ForceLexicon
from extract.grammar import Grammar, load_grammar
from extract.members import LIST_REACH_KM, neighbourhoods, site_towns, split_names, variant_members
from extract.ranker import rank
from extract.rules import DEFAULT as DEFAULT_GRAMMAR, Claim, Span, carry_subject, find_claims, may_claim, scan
from extract.sites import (Anchor, anchor_of, claim_verb_in, group_heads, in_group_name, is_site, list_members,
                           merge_sites, quoted_members, site_mentions, word_hits)
from gazetteer.resolve import STOP_WORDS, WEAK_NAMES, distance_km
from gazetteer.model import REGION_KINDS, Mention, Place
from records.article import Article
from records.event import RELATION_CLASS, Event, make_event

# from its first visible character to its last one before the next terminator (trailing spaces left out)
_SENTENCE = compile_fast(r"[^.!?؟؛\n\s](?:[^.!?؟؛\n]*[^.!?؟؛\n\s])?")
_REPORTER = compile_fast(normalize(
    r"(?<![\w])[وف]?(?:" + alternation(words("reporting_verbs")) + ")"
    r"\s+((?:[^\s،,:]+\s+){0,3}?[^\s،,:]+?)(?=\s*(?:،|,|:|\s(?:ان|إن|أن|عن|في|اليوم|أمس|امس)\s))"))
_REPORTING_VERB = compile_fast(normalize("|".join({literal_stem(w)[:3] for w in words("reporting_verbs")})))  # cheap pre-check
_NOT_REPORTER = compile_fast(normalize(r"(?:في|أولا|أمس|امس|اليوم|مساء|صباح|سابقا|ما|عن|أن|إن|ان)(?![\w])"))
_QUOTES = " «»\"“”'"
_RELATIVE_CLAUSE = compile_fast(normalize(r"(?<![\w])(?:التي|الذي|اللتين|اللذين|الذين)(?![\w])"))
_SINCE = compile_fast(r"[\s«»\"“”']*((?:منذ|مند)\s+(?:(?:مطلع|بداي\w*|أوائل|اوائل|منتصف|أواخر|اواخر|نهاي\w*)\s+)?)?")
_RELATIVE_RULES = ("relative_", "former_control")  # claims made inside a relative clause
# "النزاع المستمر منذ عامين": a duration of something ongoing, never the date of a claim
_ONGOING = compile_fast(r"(?:المستمر|المتواصل|الدائر|القائم|المندلع|المشتعل)[ةه]?\s+$")
_SKIP_KINDS = frozenset({"country"})
_AREA_KINDS = frozenset({"governorate"})
_AREA_CUES = frozenset(normalize(w) for w in words("region_cues"))
_COUNTRYSIDE = frozenset(normalize(w) for w in ("ريف", "بريف", "الريف"))
# a common noun the gazetteer read as a name (قريتين: "two villages", not al-Qaryatayn; البلدة: "the town")
_GENERIC_NOUNS = frozenset(normalize(w) for w in words("generic_place_nouns") + words("object_cues"))
_PLURAL_HEADS = frozenset(normalize(w) for w in words("plural_place_heads"))
_GENERIC_FORMS = _PLURAL_HEADS | _GENERIC_NOUNS | {c + n for n in _GENERIC_NOUNS
                                                   for c in ("وبال", "وال", "بال", "فال", "لل", "ال")}
_norm = normalize_short
# the words that open a list or count it (قرى عدة وهي X وY، القرى التالية): never a place, even after a cue word
_OPENER_FORMS = frozenset(c + normalize(w) for w in words("list_openers") + words("not_a_name") for c in ("", "و", "ف"))


class PlaceFinder(Protocol):
    """What the pipeline needs from a gazetteer: one pass over the text."""

    def scan(self, text: NormalizedText) -> list[Mention]: ...


def extract_article(article: Article, *, gazetteer: PlaceFinder, forces: ForceLexicon,
                    grammar: Grammar | str | None = None, ranker: bool | None = None) -> list[Event]:
    """Every control claim of ``article`` as an Event (unresolved places included, with null coordinates).

    Stages: find the places (one gazetteer pass), read the article once (normalised text, forces,
    sentences), then read the sentences that can make a claim in order, each handing its subject on.
    ``grammar``: a compiled grammar, or the path of an extra grammar file (``--grammar``; loaded once per
    process and cached), or None for the packaged one. ``ranker``: True/False turns the learnt filter of
    extract/ranker.py on/off; None follows its model file (on only if it beat the rules on held-out articles).
    """
    g = grammar if isinstance(grammar, Grammar) else load_grammar(grammar) if grammar else DEFAULT_GRAMMAR
    nt = NormalizedText.of(article.text)  # once per article: every stage below reads this one value
    published = article.published or _publication_date(nt.original)
    mentions = sorted((m for m in gazetteer.scan(nt) if m.end > m.start), key=lambda m: m.start)
    if not mentions:
        return []
    doc = _read_article(nt, mentions, forces, g, gazetteer)
    flow = _Flow()
    best: dict[tuple, Event] = {}
    for k in doc.hot_sentences():
        for ev in _sentence_events(article, doc, k, flow, published):
            _keep_best(best, ev)
    unique = {id(ev): ev for ev in best.values()}
    events = sorted(_explicit_over_inferred(list(unique.values())),
                    key=lambda ev: (ev.mention_start, ev.force, ev.relation))
    return rank(events, len(article.text), ranker)


@dataclass
class _Article:
    """One article as the extractor reads it: normalised once, forces found in one automaton pass,
    sentences cut once; the sentences are slices of these."""

    nt: NormalizedText
    mentions: list[Mention]
    starts: list[int]
    forces: list[tuple[int, int, str]]
    force_starts: list[int]
    is_reporter: Callable[[str, int, int], bool]
    sentences: list[tuple[int, int]]
    grammar: Grammar
    renames: dict[str, str]  # force families in this article's context (grammar force_context)
    anchors: dict[int, Anchor]  # neighbourhoods placed at their city, by mention start (extract/members.py)

    @property
    def text(self) -> str:
        return self.nt.original

    @property
    def norm(self) -> str:
        return self.nt.normalized

    @property
    def offs(self) -> list[int]:
        return self.nt.offsets

    def norm_span(self, o_start: int, o_end: int) -> tuple[int, int]:
        return self.nt.normalized_span(o_start, o_end)

    def sentence_forces(self, ns: int, ne: int) -> list[Span]:
        """The sentence's forces as spans into the sentence (what the rules take)."""
        return list(self.lazy_forces(ns, ne))

    def lazy_forces(self, ns: int, ne: int) -> Iterator[Span]:
        """The same, made one by one: ``carry_subject`` stops at the first subject (and the reporter test
        costs an automaton call per force)."""
        lo, hi = bisect_left(self.force_starts, ns), bisect_left(self.force_starts, ne)
        norm, is_reporter = self.norm, self.is_reporter
        return (Span(s - ns, e - ns, fid, is_reporter(norm, s, e)) for s, e, fid in self.forces[lo:hi] if e <= ne)

    def hot_sentences(self) -> list[int]:
        """Only a sentence holding a mention, or a definite noun (المعبر) that may stand for one, can make a
        claim; the others only hand their subject on, and only to the sentence right after them. The noun is
        looked for only in the sentences without a mention (most sentences of an article have one)."""
        sentence_starts = [s for s, _ in self.sentences]
        hot = {bisect_right(sentence_starts, m.start) - 1 for m in self.mentions}
        hot.discard(-1)
        norm, search = self.norm, _DEF_NOUN.search
        for k, (o_start, o_end) in enumerate(self.sentences):  # only the sentences no mention made hot yet
            if k not in hot and search(norm, *self.norm_span(o_start, o_end)) is not None:
                hot.add(k)
        return sorted(hot)

    def places_in(self, k: int) -> list[Mention]:
        """The place mentions of sentence ``k``, or the place a definite noun in it stands for."""
        o_start, o_end = self.sentences[k]
        lo, hi = bisect_left(self.starts, o_start), bisect_left(self.starts, o_end)
        inside = [m for m in self.mentions[lo:hi] if m.end <= o_end]
        if not inside:
            inside = _definite_anaphor(self.nt, o_start, o_end, self.mentions, lo)
        return inside


@dataclass
class _Flow:
    """What one sentence hands to the next: the subject (pro-drop) and the last claim (for "continues")."""

    prev_subject: tuple[str, ...] = ()  # every force of a coordinated subject
    last_claim: tuple[str, str] | None = None
    last_with_places: int = -2  # index of the last sentence that named a place

    def carry(self, sent: str, forces: Iterable[Span]) -> None:
        """A sentence that makes no claim still hands its subject on."""
        self.last_claim = None
        self.prev_subject = carry_subject(sent, forces) or self.prev_subject


def _read_article(nt: NormalizedText, mentions: list[Mention], forces: ForceLexicon, g: Grammar,
                  gazetteer: PlaceFinder | None = None) -> _Article:
    """Complete the gazetteer's mentions (drop names inside a group's name and bare generic nouns, add the
    sites it does not list), find every force in one pass, cut the sentences (a list of places running
    across a line break stays one)."""
    mentions = _one_sense_per_article(nt, mentions)
    text, norm = nt.original, nt.normalized
    hits = word_hits(norm)  # site nouns, group-name heads, list heads: one pass
    heads = group_heads(norm, hits)
    mentions = [m for m in mentions if not _generic(m)
                and not (heads and in_group_name(norm, _norm_span_of(nt, m)[0], heads))]
    mentions = merge_sites(mentions, site_mentions(text, norm, nt.offsets, mentions, hits))
    members = list_members(text, norm, nt.offsets, mentions, hits)
    mentions = merge_sites(mentions, _known_members(gazetteer, members, mentions) if members else members)
    mentions = merge_sites(mentions, _and_known(nt, mentions, gazetteer))
    mentions = merge_sites(mentions, quoted_members(text, norm, nt.offsets, mentions))
    mentions = site_towns(nt, gazetteer, split_names(nt, mentions))  # camps, crossings named after a town
    mentions, anchors = neighbourhoods(nt, variant_members(nt, gazetteer, mentions))
    all_forces = g.supported_forces(norm, forces.spans_normalized(norm))  # one pass; reporters told apart where read
    return _Article(nt, mentions, [m.start for m in mentions], all_forces, [f[0] for f in all_forces],
                    forces.is_reporter, _join_broken_lists(text, _sentences(text), mentions), g,
                    g.article_forces({f[2] for f in all_forces}, norm), anchors)


def _known_members(gazetteer: PlaceFinder | None, members: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """The members of a list the gazetteer's scan passed over but knows (``قرى X وبريصة``: a village's name
    after و reads as a word too): looked up with the list's cue word, ranked against the article's places, and
    kept only within LIST_REACH_KM of the place named before it. Only names the index holds exactly are looked
    up (no fuzzy search); the others stay unresolved."""
    resolve, by_name = _exact_lookup(gazetteer)
    if resolve is None:
        return members  # a finder with only ``scan`` (test doubles)
    context = _located(mentions)
    out = []
    for m in members:
        if m.cue in (None, "site") or is_site(m) or _norm(m.surface) not in by_name:
            out.append(m)
            continue
        status, cands = resolve(m.cue + " " + m.surface, context=context)
        near = _place_before(mentions, m.start)
        if status == "unresolved" or near is None or distance_km(near, cands[0].place) > LIST_REACH_KM:
            out.append(m)  # a namesake far from the list's other places: not this member; it stays unresolved
            continue
        out.append(Mention(m.start, m.end, m.surface, status, tuple(cands), m.cue, cands[0].score, m.norm_start,
                           m.norm_end))
    return out


def _exact_lookup(gazetteer: PlaceFinder | None) -> tuple[Callable | None, Mapping | None]:
    """The gazetteer's ``resolve`` and its exact name table, or (None, None) for a finder with only ``scan``:
    list members the scan passed over are looked up by exact name only, never fuzzily."""
    resolve = getattr(gazetteer, "resolve", None)
    by_name = getattr(getattr(gazetteer, "index", None), "by_name", None)
    return (resolve, by_name) if resolve is not None and by_name is not None else (None, None)


def _located(mentions: list[Mention]) -> tuple[Place, ...]:
    """The distinct places the article's located mentions name: the context a list member is ranked in."""
    return tuple({m.place.id: m.place for m in mentions if m.place is not None}.values())


def _place_before(mentions: list[Mention], start: int, reach: int = 300) -> Place | None:
    """The place of the nearest located mention ending before ``start`` (within ``reach`` characters)."""
    i = bisect_left([m.start for m in mentions], start)
    for m in reversed(mentions[max(0, i - 12):i]):
        if start - m.end > reach:
            return None
        if m.place is not None:
            return m.place
    return None


_AND_STARTS = (" و", "و", "، و", "،و", " ، و")
_AND_NAME = compile_fast(r"\s*[،,]?\s*و\s*((?:ال)?\w{3,})(?:\s+(\w{3,}))?")


def _and_known(nt: NormalizedText, mentions: list[Mention], gazetteer: PlaceFinder | None) -> list[Mention]:
    """"X وبريصة": a name right after a place and و that the scan passed over (a village's name after و reads
    as a word too) but the index holds exactly, not a stop or weak word and not a claim verb, and whose place
    lies within LIST_REACH_KM of the place before it: a member of the same list, taking its cue, ranked against
    the article's places. Members found chain on."""
    resolve, by_name = _exact_lookup(gazetteer)
    if resolve is None or not mentions:
        return []
    norm, text, offs = nt.normalized, nt.original, nt.offsets
    spans = [_norm_span_of(nt, m) for m in mentions]
    queue = [(m, e) for m, (_, e) in zip(mentions, spans) if m.place is not None and norm.startswith(_AND_STARTS, e)]
    if not queue:  # most articles: no located place is followed by و
        return []
    starts = {s for s, _ in spans}
    context: tuple[Place, ...] | None = None
    out: list[Mention] = []
    while queue:
        m, ne = queue.pop()
        a = _AND_NAME.match(norm, ne)
        if a is None or a.start(1) in starts:
            continue
        two = a.group(2) and f"{a.group(1)} {a.group(2)}" in by_name
        name, end = (norm[a.start(1):a.end(2)], a.end(2)) if two else (a.group(1), a.end(1))
        if name not in by_name or name in STOP_WORDS or name in WEAK_NAMES or claim_verb_in(name) \
                or any(s < end and a.start(1) < e for s, e in spans):
            continue
        if context is None:
            context = _located(mentions)
        status, cands = resolve(((m.cue or "") + " " + name).strip(), context=context)
        if status == "unresolved" or m.place is None or distance_km(m.place, cands[0].place) > LIST_REACH_KM:
            continue  # the members of a list lie near one another: a far namesake is a common word here
        start, stop = offs[a.start(1)], offs[end - 1] + 1
        found = Mention(start, stop, text[start:stop], status, tuple(cands), m.cue, cands[0].score, a.start(1), end)
        out.append(found)
        spans.append((a.start(1), end))
        starts.add(a.start(1))
        queue.append((found, end))
    return sorted(out, key=lambda x: x.start)


def _sentence_events(article: Article, doc: _Article, k: int, flow: _Flow, published: date | None) -> list[Event]:
    """The events of sentence ``k``; updates ``flow`` with what this sentence hands on."""
    inside = doc.places_in(k)
    if not inside:
        return []
    if k and flow.last_with_places != k - 1:  # pro-drop: the subject the (place-less) sentence before hands on
        pns, pne = doc.norm_span(*doc.sentences[k - 1])
        flow.prev_subject = carry_subject(doc.norm[pns:pne], doc.lazy_forces(pns, pne)) or flow.prev_subject
        flow.last_claim = None
    flow.last_with_places = k
    ns, ne = doc.norm_span(*doc.sentences[k])
    sent = doc.norm[ns:ne]
    scanned = scan(sent, doc.grammar)  # one automaton pass: the pre-check and the rules it unlocks
    if not may_claim(sent, doc.grammar, scanned):
        flow.carry(sent, doc.lazy_forces(ns, ne))
        return []
    sp = [(a - ns, b - ns, m) for m in inside for a, b in (_norm_span_of(doc.nt, m),)]
    sf = doc.sentence_forces(ns, ne)
    # a place name inside a force name (الشام of هيئة تحرير الشام) is not a place mention
    if sf:
        sp = [x for x in sp if not _inside_force(x[0], x[1], sf)]
    if not sp:  # "قوات سوريا الديمقراطية" alone still hands its subject on
        flow.carry(sent, sf)
        return []
    claims, subject = find_claims(sent, [Span(a, b) for a, b, _ in sp], sf, flow.prev_subject,
                                  continues=flow.last_claim, grammar=doc.grammar, scanned=scanned)
    flow.prev_subject = subject or flow.prev_subject
    flow.last_claim = (claims[-1].force, claims[-1].relation) if claims else None
    if not claims:
        return []
    return _claim_events(article, doc, k, (ns, ne), claims, sp, sf, published)


def _claim_events(article: Article, doc: _Article, k: int, nspan: tuple[int, int], claims: list[Claim],
                  sp: list[tuple[int, int, Mention]], sf: list[Span], published: date | None) -> list[Event]:
    """The events of one sentence's claims, with the sentence's reporter and dates."""
    ns, ne = nspan
    o_start, o_end = doc.sentences[k]
    soffs = doc.offs[ns:ne + 1]
    span = _reporter(doc.norm[ns:ne], sf)
    reporter = doc.text[soffs[span[0]]:soffs[span[1] - 1] + 1] if span else None
    sentence = doc.text[o_start:o_end]
    dates = _sentence_dates(sentence, o_start, published, article.text)  # only claiming sentences need them
    events = []
    for c in claims:
        m = sp[c.place][2]
        site = (anchor_of(doc.norm[ns:ne], sp, c.place) or doc.anchors.get(m.start)) if m.status == "unresolved" else None
        ev = _event(article, c, m, sf[c.force_idx] if c.force_idx is not None else None,
                    soffs, sentence, o_start, published, dates, soffs[c.anchor], reporter, site,
                    doc.renames, doc.grammar)
        if ev is not None:
            events.append(ev)
    return events


_NAME_END = compile_fast(r"(?![\w])")
_CLITIC_BEFORE = frozenset({"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"})


_GENERIC = alternation(words("generic_place_nouns"))
_DEF_ANAPHOR = compile_fast(normalize(r"ال(" + _GENERIC + r")(?![\w])"))
_DEF_CLITICS = frozenset({"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"})
_DEF_NOUN = compile_fast(normalize(r"ال(?:" + _GENERIC + ")"))  # a cheap pre-filter of it
ANAPHOR_REACH = 600  # characters back to the place a definite description (المعبر) can point at


def _norm_span_of(nt: NormalizedText, m: Mention) -> tuple[int, int]:
    """A mention's span in the normalised text: as the finder reported it (the real scan does), or mapped
    from its original span (test doubles report original offsets only)."""
    if m.norm_start is not None and m.norm_end is not None:
        return m.norm_start, m.norm_end
    return nt.normalized_span(m.start, m.end)


def _definite_anaphor(nt: NormalizedText, o_start: int, o_end: int, mentions: list[Mention],
                      lo: int) -> list[Mention]:
    """"وكانت الفصائل قد سيطرت على المعبر": in a sentence that names no place, a definite noun (المعبر،
    المدينة) stands for the last place named with that noun as its cue (معبر نصيب) in the sentences before.
    The mention keeps the words as written and the antecedent's place."""
    if not lo:
        return []
    text, norm, offs = nt.original, nt.normalized, nt.offsets
    ns, ne = nt.normalized_span(o_start, o_end)
    pos = ns
    while (m := _DEF_ANAPHOR.search(norm, pos, ne)) is not None:
        w = m.start()
        while w > ns and norm[w - 1].isalpha() and m.start() - w <= 2:
            w -= 1
        if norm[w:m.start()] in _DEF_CLITICS and (w == ns or not norm[w - 1].isalpha()):
            break  # the noun starts a word (after و، ب، ل at most)
        pos = m.start() + 1
    if m is None or not may_claim(norm[ns:ne]):
        return []
    noun = m.group(1)
    for k in range(lo - 1, -1, -1):  # the places named before this sentence, nearest first
        ante = mentions[k]
        if o_start - ante.end > ANAPHOR_REACH:
            return []
        if ante.cue and _norm(ante.cue) == noun and (ante.status == "resolved" or ante.candidates):
            start, stop = offs[m.start(1) - 2], offs[m.end(1) - 1] + 1  # ال + noun
            return [Mention(start, stop, text[start:stop], ante.status, ante.candidates, None, ante.confidence,
                            *nt.normalized_span(start, stop))]
    return []


def _one_sense_per_article(nt: NormalizedText, mentions: list[Mention]) -> list[Mention]:
    """A place the gazetteer recognised once (``معبر نصيب``) is the same place where the article names it
    again without its cue word (``انسحبوا من نصيب``): copy the mention to those other occurrences.

    Names are compared normalised (so a soft hyphen or a tatweel inside one occurrence changes nothing);
    only names of four letters or more, at word boundaries (a clitic allowed), never inside another mention.
    """
    text, norm, offs = nt.original, nt.normalized, nt.offsets
    taken = bytearray(len(norm))
    known: dict[str, Mention] = {}
    for m in mentions:
        ns, ne = _norm_span_of(nt, m)
        taken[ns:ne] = b"\x01" * (ne - ns)
        if (m.status == "resolved" or m.cue) and ne - ns >= 4:
            known.setdefault(norm[ns:ne], m)
    extra = []
    for name, m in known.items():
        pos = norm.find(name)
        while pos >= 0:
            end = pos + len(name)
            if taken.find(1, pos, end) < 0 and _NAME_END.match(norm, end):
                w = pos
                while w > 0 and norm[w - 1].isalpha() and pos - w <= 2:
                    w -= 1
                if norm[w:pos] in _CLITIC_BEFORE and (w == 0 or not norm[w - 1].isalpha()):
                    start, stop = offs[pos], offs[end - 1] + 1
                    extra.append(Mention(start, stop, text[start:stop], m.status, m.candidates, None, m.confidence,
                                         *nt.normalized_span(start, stop)))
                    taken[pos:end] = b"\x01" * len(name)
            pos = norm.find(name, end)
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _generic(m: Mention) -> bool:
    """A mention that is only a generic place noun (البلدة، المدينة) or an indefinite plural (قريتين "two
    villages"; القريتين with its article is a town), or a list opener read as an unknown name (قرى وهي …):
    it names no place by itself."""
    surface = _norm(m.surface)
    return surface in _GENERIC_FORMS or (m.status == "unresolved" and surface in _OPENER_FORMS)


def _inside_force(start: int, end: int, sf: list[Span]) -> bool:
    for f in sf:  # a plain loop: a generator costs more than the few forces of a sentence
        if f.start < end and start < f.end:
            return True
    return False


def _explicit_over_inferred(events: list[Event]) -> list[Event]:
    """Drop a pro-drop event (no force named in its sentence) where another event names the force
    doing the same kind of thing to the same place: explicit evidence beats inference."""
    def key(e: Event) -> tuple[str, str]:
        return e.place_id or _norm(e.mention), RELATION_CLASS[e.relation]

    named = {key(e) for e in events if e.force_start is not None}
    return [e for e in events if e.force_start is not None or key(e) not in named]


def _keep_best(best: dict[tuple, Event], ev: Event) -> None:
    """One event per (place, force, relation class): a headline and the body repeating it count once.

    The place is keyed both by id and by its normalised name, so two readings of one name
    (headline without context, body with it) still merge; the better-evidenced event wins.
    """
    cls = RELATION_CLASS[ev.relation]
    keys = [(_norm(ev.mention), ev.force, cls)] + ([(ev.place_id, ev.force, cls)] if ev.place_id else [])
    if ev.lat is not None and ev.lon is not None and ev.status == "resolved":  # two names of one place (عين العرب / كوباني)
        keys.append((round(ev.lat, 2), round(ev.lon, 2), ev.force, cls))
    olds = [best[k] for k in keys if k in best]
    if not olds:  # most events are the first of their key: nothing to weigh them against
        for k in keys:
            best[k] = ev
        return
    winner = max(olds + [ev], key=lambda e: (round(e.confidence, 1), e.date_expr is not None, e.status == "resolved",
                                             -e.mention_start))
    for old in olds:
        for k, v in list(best.items()):
            if v is old:
                best[k] = winner
    for k in keys:
        best[k] = winner


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in the original text, surrounding whitespace trimmed (by the pattern)."""
    return [m.span() for m in _SENTENCE.finditer(text)]


_BULLET = r"(?:\d{1,2}\s*[-–.)]|[-–•*·])"  # a numbered or bulleted line of a list
_LIST_GO_ON = compile_fast(r"[،,]?\s*" + _BULLET + r"?\s*[وف]?\s*(?:" + alternation(words("list_cues")) + r")?\s*[«\"“(]?\s*$")


def _join_broken_lists(text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[tuple[int, int]]:
    """A list of places that runs across a line break (``قرى X،⏎Y وZ``، ``القرى التالية:⏎- X⏎- Y``) is one
    sentence: join a line to the next when it ends with a place, a comma, a colon or و and the next starts with a
    place, after at most a bullet, و and a cue word."""
    if len(sentences) < 2 or "\n" not in text:
        return sentences
    ends = {m.end for m in mentions}
    starts = [m.start for m in mentions]  # in text order already
    out = [sentences[0]]
    for a, b in sentences[1:]:
        pa, pb = out[-1]
        if (pb in ends or text[pb - 1] in "،,:" or text[pb - 2:pb] == " و") and "\n" in text[pb:a] and not text[pb:a].strip(" \t\r\n،,") \
                and _first_place_opens(text, a, starts):
            out[-1] = (pa, b)
        else:
            out.append((a, b))
    return out


def _first_place_opens(text: str, a: int, starts: list[int]) -> bool:
    """The line at ``a`` begins with a place, after at most a separator, و and a cue word."""
    i = bisect_left(starts, a)
    return i < len(starts) and starts[i] - a <= 16 and bool(_LIST_GO_ON.fullmatch(text, a, starts[i]))


def _reporter(sent: str, sf: list[Span]) -> tuple[int, int] | None:
    """Where the sentence names who reported the claim: a force named as a source, or the words after قال/أفاد …."""
    for f in sf:
        if f.reporter:
            return f.start, f.end
    m = _REPORTER.search(sent) if _REPORTING_VERB.search(sent) else None  # the stem first: most sentences lack one
    if not m:
        return None
    start, end = m.span(1)
    if _NOT_REPORTER.match(sent, start):
        return None
    while start < end and sent[start] in _QUOTES:
        start += 1
    while end > start and sent[end - 1] in _QUOTES:
        end -= 1
    return (start, end) if end > start else None


def _event(article: Article, c: Claim, mention: Mention, fm: Span | None, offs: list[int],
           sentence: str, sentence_start: int, published: date | None, dates: Sequence, anchor: int,
           reporter: str | None, site: Anchor | None = None, renames: dict[str, str] | None = None,
           g: Grammar = DEFAULT_GRAMMAR) -> Event | None:
    """One Event with full provenance; None for places that are not claim targets (countries, the
    countryside of a governorate). An ambiguous place gives an ``ambiguous`` event with no point and
    its candidates kept: never drawn as if located."""
    place = mention.place
    if place is None and mention.status == "ambiguous" and mention.candidates:
        place = mention.candidates[0].place  # the likeliest, to judge the kind and the country only
    if place is not None and (place.kind in _SKIP_KINDS or place.id.startswith("rif:")
                              or ((place.kind in _AREA_KINDS or _norm(mention.cue or "") in _AREA_CUES)
                                  and c.relation in ("contested", "attacked"))
                              or (_norm(mention.cue or "") in _COUNTRYSIDE and place.kind not in REGION_KINDS)):
        return None  # a country is never a claim target; fighting "in a governorate" locates nothing;
        # "ريف Y" is the countryside of Y, never the city Y (a region place may stand for it, not the city)
    span = [mention.start, mention.end, anchor]
    if fm is not None:
        span += [offs[fm.start], offs[fm.end - 1] + 1]
    d, precision, expr = _event_date(dates, sentence, sentence_start, (min(span), max(span)), anchor, published,
                                     state=c.relation == "controls", relative=c.rule.startswith(_RELATIVE_RULES))
    force = (renames or {}).get(c.force, c.force)  # the Free Army beside the Turkish army is Turkish-backed
    located = place or (site.place if site else None)
    in_country = g.in_country
    if located is not None and in_country and force in in_country.get(located.country, {}):
        force = in_country[located.country][force]  # "الجيش"، "القوات الكردية" in Iraq: Iraq's army, the Peshmerga
    force_kw = {}
    if fm is not None:
        fs, fe = offs[fm.start], offs[fm.end - 1] + 1  # absolute offsets into the article text
        force_kw = {"force_mention": sentence[fs - sentence_start:fe - sentence_start], "force_start": fs,
                    "force_end": fe}
    raw = c.confidence if (place is None and site is None) or mention.status == "resolved" else c.confidence * 0.8
    confidence = g.calibrate(raw)  # the share of such events found right on the development sets
    common = dict(source=article.id, force=force, relation=c.relation, mention=mention.surface,
                  mention_start=mention.start, mention_end=mention.end, sentence=sentence,
                  sentence_start=sentence_start, rule=c.rule, confidence=confidence, date=d,
                  date_precision=precision, date_expr=expr, published=published, reporter=reporter,
                  url=article.url, outlet=article.outlet, **force_kw)
    if place is None and site is not None:  # a site no gazetteer lists, placed at the place the text anchors it to
        a = site.place
        return make_event(status="approximate", place_id=f"site:{a.id}:{_norm(mention.surface)}",
                          place_ar=mention.surface, place_en="", lat=a.lat, lon=a.lon, kind="site", country=a.country,
                          **a.admin_chain(), geo_precision=site.precision, anchor_id=a.id, anchor_ar=a.name_ar, **common)
    if place is None:
        return make_event(status="unresolved", **common)
    if mention.status == "ambiguous":
        return make_event(status="ambiguous", country=place.country, candidates=_candidates_json(mention), **common)
    return make_event(status="resolved", geo_precision=3 if place.kind in REGION_KINDS else 1, place_id=place.id,
                      place_ar=place.name_ar, place_en=place.name_en, lat=place.lat, lon=place.lon, kind=place.kind,
                      country=place.country, pcode=place.pcode, **place.admin_chain(), **common)


def _candidates_json(mention: Mention) -> str:
    """The places an ambiguous mention may be, best first, with the reasons: JSON text (one column)."""
    return json.dumps([{"id": k.place.id, "name_ar": k.place.name_ar, "lat": k.place.lat, "lon": k.place.lon,
                        "admin1": k.place.admin1, "admin2": k.place.admin2, "score": k.score, "why": list(k.why)}
                       for k in mention.candidates], ensure_ascii=False)


def _event_date(dates: Sequence, sentence: str, s: int, claim: tuple[int, int], anchor: int,
                published: date | None, *, state: bool = False,
                relative: bool = False) -> tuple[date | None, str | None, str | None]:
    """The date of a claim: a date expression inside the claim, else (for events, not for states such as
    "Y معقل X") the one nearest the claim in its sentence, else the publication date (day precision).

    A date inside a relative clause the claim is not part of ("قرب Y، التي سيطرت عليها X في أيار") dates
    that clause, not the claim."""
    inside = [d for d in dates if claim[0] <= d.start and d.end <= claim[1]]
    if not inside and state:  # "Y خاضعة لسيطرة X منذ مطلع عام 2014": the state holds since that date
        inside = [d for d in dates if d.start >= claim[1] and _since(sentence[claim[1] - s:d.start - s], d.expr)]
    if not inside and not state:
        e = s + len(sentence)
        inside = [d for d in dates if s <= d.start and d.end <= e
                  and (relative or not _RELATIVE_CLAUSE.search(sentence, min(d.end, claim[1]) - s,
                                                               max(d.start, claim[0]) - s))]
    if inside:
        d = min(inside, key=lambda d: min(abs(d.start - anchor), abs(d.end - anchor)))
        return d.date, d.precision, d.expr
    return published, ("day" if published else None), None


def _since(gap: str, expr: str) -> bool:
    """True when a date right after a state claim says since when it holds (``منذ`` before or in the date)."""
    m = _SINCE.fullmatch(gap)
    return bool(m) and (m[1] is not None or expr.startswith(("منذ", "مند")))


def _publication_date(text: str) -> date | None:
    return publication_date_in_text(text)


def _sentence_dates(sentence: str, offset: int, published: date | None, text: str) -> list[DateMention]:
    """The date expressions of one sentence, offsets into the article. A claim only ever takes a date
    from its own sentence, so scanning the claiming sentences alone gives the same dates for less; "the same
    year" takes the year last written before the sentence in the article ``text``; the duration of something
    ongoing (النزاع المستمر منذ عامين) dates no claim, so it is left out."""
    year = last_year_named(text, offset) if names_same_year(sentence) else None
    return [DateMention(d.start + offset, d.end + offset, d.expr, d.date, d.precision)
            for d in find_dates(sentence, published, year=year)
            if not _ONGOING.search(sentence, max(0, d.start - 16), d.start)]
