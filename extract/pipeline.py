"""Article → events: sentences, place and force mentions, claim rules, dates, provenance.

Pure: no I/O and no clock, so the same article always gives the same events (the process pool
in extract/parallel.py and the store rely on that). The article is normalised once; rules run
on normalised sentences and every offset is mapped back to the original text through the
offset table ``normalize_with_offsets`` returns.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import Protocol, Sequence

from extract.forces import ForceLexicon, ForceMention
from extract.model import Article
from extract.rules import Claim, Span, find_claims
from gazetteer.model import Mention
from gazetteer.normalize import normalize, normalize_with_offsets
from geo.model import RELATION_CLASS, Event

_SENTENCE_END = re.compile(r"[.!?؟؛\n]+")
_REPORTER = re.compile(normalize(
    r"(?<![\w])[وف]?(?:أفاد|أفادت|قال|قالت|ذكر|ذكرت|نقل|نقلت|أكد|أكدت|أوضح|أوضحت|بحسب|حسب|وفق|وفقا ل|أعلن|أعلنت)"
    r"\s+((?:[^\s،,:]+\s+){0,3}?[^\s،,:]+?)(?=\s*(?:،|,|:|\s(?:ان|إن|أن|عن|في|اليوم|أمس|امس)\s))"))
_SKIP_KINDS = frozenset({"country"})
_AREA_KINDS = frozenset({"governorate", "region"})
_AREA_CUES = frozenset(normalize(w) for w in ("محافظة", "محافظتي", "ريف", "محافظات"))
_IN_IRAQ = {"government": "iraq_gov", "sdf": "peshmerga"}


class PlaceFinder(Protocol):
    """What the pipeline needs from a gazetteer: one pass over the text."""

    def scan(self, text: str) -> list[Mention]: ...


def extract_article(article: Article, *, gazetteer: PlaceFinder, forces: ForceLexicon) -> list[Event]:
    """Every control claim of ``article`` as an Event (unresolved places included, with null coordinates)."""
    text = article.text
    published = article.published or _publication_date(text)
    dates = _find_dates(text, published)
    mentions = sorted((m for m in gazetteer.scan(text) if m.end > m.start), key=lambda m: m.start)
    starts = [m.start for m in mentions]

    best: dict[tuple, Event] = {}
    prev_subject: str | None = None
    prev_sentence: tuple[int, int] | None = None
    for o_start, o_end in _sentences(text):
        lo, hi = bisect_left(starts, o_start), bisect_left(starts, o_end)
        inside = [m for m in mentions[lo:hi] if m.end <= o_end]
        if not inside:
            prev_sentence = (o_start, o_end)
            continue
        if prev_sentence is not None:  # pro-drop: the subject the sentence before ends on
            prev_subject = _carry(forces.find_normalized(normalize(text[prev_sentence[0]:prev_sentence[1]])),
                                  prev_subject)
            prev_sentence = None
        sentence = text[o_start:o_end]
        sent, offs = normalize_with_offsets(sentence)
        sp = [(bisect_left(offs, m.start - o_start), bisect_left(offs, m.end - o_start), m) for m in inside]
        sf = forces.find_normalized(sent)
        # a place name inside a force name (الشام of هيئة تحرير الشام) is not a place mention
        sp = [x for x in sp if not any(f.start < x[1] and x[0] < f.end for f in sf)]
        if not sp:
            continue
        claims, subject = find_claims(sent, [Span(a, b) for a, b, _ in sp],
                                      [Span(f.start, f.end, f.force, f.reporter) for f in sf], prev_subject)
        prev_subject = subject or prev_subject
        if not claims:
            continue
        reporter = _reporter(sent, sf)
        for c in claims:
            ev = _event(article, c, sp[c.place][2], sf[c.force_idx] if c.force_idx is not None else None,
                        offs, sentence, o_start, published, dates, o_start + offs[c.anchor], reporter)
            if ev is None:
                continue
            _keep_best(best, ev)
    unique = {id(ev): ev for ev in best.values()}
    return sorted(unique.values(), key=lambda ev: (ev.mention_start, ev.force, ev.relation))


def _keep_best(best: dict[tuple, Event], ev: Event) -> None:
    """One event per (place, force, relation class): a headline and the body repeating it count once.

    The place is keyed both by id and by its normalised name, so two readings of one name
    (headline without context, body with it) still merge; the better-evidenced event wins.
    """
    cls = RELATION_CLASS[ev.relation]
    keys = [(normalize(ev.mention), ev.force, cls)] + ([(ev.place_id, ev.force, cls)] if ev.place_id else [])
    olds = [best[k] for k in keys if k in best]
    winner = max(olds + [ev], key=lambda e: (round(e.confidence, 1), e.date_expr is not None, e.status == "resolved",
                                             -e.mention_start))
    for old in olds:
        for k, v in list(best.items()):
            if v is old:
                best[k] = winner
    for k in keys:
        best[k] = winner


def _carry(sf: list[ForceMention], prev: str | None) -> str | None:
    """The subject a sentence without places hands on: its first actor force, else the previous one."""
    actors = [f for f in sf if not f.reporter]
    return actors[0].force if actors else prev


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in the original text, surrounding whitespace trimmed."""
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    trimmed = []
    for a, b in out:
        chunk = text[a:b]
        stripped = chunk.strip()
        if stripped:
            a += len(chunk) - len(chunk.lstrip())
            trimmed.append((a, a + len(stripped)))
    return trimmed


def _reporter(sent: str, sf: list[ForceMention]) -> str | None:
    """Who the sentence says reported the claim: a force named as a source, or the phrase after قال/أفاد …."""
    for f in sf:
        if f.reporter:
            return f.surface
    m = _REPORTER.search(sent)
    return m.group(1).strip(" «»\"“”'") if m else None


def _event(article: Article, c: Claim, mention: Mention, fm: ForceMention | None, offs: list[int],
           sentence: str, sentence_start: int, published: date | None, dates: Sequence, anchor: int,
           reporter: str | None) -> Event | None:
    """One Event with full provenance; None for places that are not claim targets (countries)."""
    place = mention.place
    if place is None and mention.status == "ambiguous" and mention.candidates:
        place = mention.candidates[0].place
    if place is not None and (place.kind in _SKIP_KINDS
                              or ((place.kind in _AREA_KINDS or normalize(mention.cue or "") in _AREA_CUES)
                                  and c.relation in ("contested", "attacked"))):
        return None  # a country is never a claim target; fighting "in a governorate" locates nothing
    span = [mention.start, mention.end, anchor]
    if fm is not None:
        span += [sentence_start + offs[fm.start], sentence_start + offs[fm.end - 1] + 1]
    d, precision, expr = _event_date(dates, sentence_start, sentence_start + len(sentence), (min(span), max(span)),
                                     anchor, published, state=c.relation == "controls")
    force = c.force
    if place is not None and place.country == "IQ" and force in _IN_IRAQ:
        force = _IN_IRAQ[force]  # "الجيش"، "القوات الكردية" in Iraq are Iraq's army and the Peshmerga
    force_kw = {}
    if fm is not None:
        fs, fe = offs[fm.start], offs[fm.end - 1] + 1
        force_kw = {"force_mention": sentence[fs:fe], "force_start": sentence_start + fs,
                    "force_end": sentence_start + fe}
    confidence = c.confidence if place is None or mention.status == "resolved" else round(c.confidence * 0.8, 3)
    common = dict(source=article.id, force=force, relation=c.relation, mention=mention.surface,
                  mention_start=mention.start, mention_end=mention.end, sentence=sentence,
                  sentence_start=sentence_start, rule=c.rule, confidence=confidence, date=d,
                  date_precision=precision, date_expr=expr, published=published, reporter=reporter,
                  url=article.url, outlet=article.outlet, **force_kw)
    if place is None:
        return Event(status="unresolved", **common)
    return Event(status="resolved", place_id=place.id, place_ar=place.name_ar, place_en=place.name_en,
                 lat=place.lat, lon=place.lon, kind=place.kind, admin1=place.admin1, country=place.country, **common)


def _event_date(dates: Sequence, s: int, e: int, claim: tuple[int, int], anchor: int, published: date | None, *,
                state: bool = False) -> tuple[date | None, str | None, str | None]:
    """The date of a claim: a date expression inside the claim, else (for events, not for states such as
    "Y معقل X") the one nearest the claim in its sentence, else the publication date (day precision)."""
    inside = [d for d in dates if claim[0] <= d.start and d.end <= claim[1]]
    if not inside and not state:
        inside = [d for d in dates if s <= d.start and d.end <= e]
    if inside:
        d = min(inside, key=lambda d: min(abs(d.start - anchor), abs(d.end - anchor)))
        return d.date, d.precision, d.expr
    return published, ("day" if published else None), None


def _publication_date(text: str) -> date | None:
    try:
        from extract.dates import publication_date_in_text
    except ImportError:  # extract/dates.py not landed yet: no date from the text
        return None
    return publication_date_in_text(text)


def _find_dates(text: str, published: date | None) -> list:
    try:
        from extract.dates import find_dates
    except ImportError:
        return []
    return find_dates(text, published)
