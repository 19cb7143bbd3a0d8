"""Event and article factories for tests and benchmarks (no extraction involved): known places, one-line events."""
from __future__ import annotations

from datetime import date

from records.article import Article
from records.event import Event

PLACES = {
    "p:raqqa": ("الرقة", "Raqqa", 35.95, 39.01),
    "p:palmyra": ("تدمر", "Palmyra", 34.56, 38.28),
    "p:manbij": ("منبج", "Manbij", 36.53, 37.95),
    "p:daraa": ("درعا", "Daraa", 32.62, 36.10),
}


def ev(source: str, force: str, relation: str, when: date | None, place: str = "p:raqqa", *,
       confidence: float = 0.8, published: date | None = None, sentence: str = "جملة تجريبية") -> Event:
    """One resolved event at a known test place."""
    ar, en, lat, lon = PLACES[place]
    return Event(source=source, force=force, relation=relation, mention=ar, mention_start=3, mention_end=3 + len(ar),
                 sentence=sentence, sentence_start=0, rule="test", confidence=confidence, place_id=place,
                 place_ar=ar, place_en=en, lat=lat, lon=lon, kind="city", admin1="", country="SY", date=when,
                 date_precision="day" if when else None, published=published or when)


def unresolved(source: str = "u1") -> Event:
    return Event(source=source, force="isis", relation="attacked", mention="قرية مجهولة", mention_start=0,
                 mention_end=10, sentence="هاجم التنظيم قرية مجهولة", sentence_start=0, rule="test", confidence=0.5,
                 status="unresolved", published=date(2016, 5, 1))


def article(ident: str, text: str = "نص", published: date | None = date(2016, 1, 1)) -> Article:
    return Article(id=ident, text=text, published=published, origin=f"test:{ident}")
