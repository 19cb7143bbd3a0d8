"""Benchmark inputs generated at run time, never committed.

Articles recombine sentences of the seed articles in ``<shared>/seeds`` (falling back to
``examples/articles`` when the shared folder is absent) so the extractor sees realistic
Arabic at any size; events are random but valid, for the geo and map stages. Both are
deterministic for a seed, so two runs measure the same work.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from core.errors import UsageError
from core.paths import ROOT, shared_dir
from records.article import Article
from records.event import RELATIONS, Event

log = logging.getLogger(__name__)

FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2019, 12, 31)
MONTHS_AR = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول")
WEEKDAYS_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")

# Town centres well inside Syria (lat, lon); synthetic places are jittered around them by at
# most JITTER degrees, which keeps every point inside the country.
ANCHORS = (
    (33.51, 36.29), (36.20, 37.16), (34.73, 36.72), (35.13, 36.75), (35.95, 39.01), (35.34, 40.14),
    (34.56, 38.27), (35.65, 36.68), (32.86, 36.25), (36.50, 40.75), (36.53, 37.95), (34.88, 38.87),
)
JITTER = 0.2
FORCE_IDS = ("government", "sdf", "isis", "hts_nusra", "fsa_opposition", "turkey_backed", "russia",
             "coalition", "hezbollah_iran")


def _source_texts() -> list[str]:
    """The seed texts, or the examples with a notice when ../shared is not there."""
    seeds = shared_dir() / "seeds"
    files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not files:
        fallback = ROOT / "examples" / "articles"
        log.warning("no seed articles in %s; generating from %s instead (set CONFLICTMAP_SHARED)", seeds, fallback)
        files = sorted(fallback.glob("*.txt"))
    if not files:
        raise UsageError("no seed articles and no examples/articles/*.txt to build a corpus from")
    return [f.read_text(encoding="utf-8") for f in files]


def _pools(texts: list[str]) -> tuple[list[str], list[str]]:
    """(headlines, sentences): first lines of each text, and every body sentence long enough to matter."""
    headlines, sentences = [], []
    for text in texts:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            headlines.append(lines[0])
        for line in lines[1:]:
            sentences.extend(s for s in _SENTENCE_END.split(line) if len(s) >= 20)
    return headlines, sentences or headlines


def _random_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _dateline(day: date, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return day.isoformat()
    return f"{WEEKDAYS_AR[day.weekday()]} {day.day} {MONTHS_AR[day.month - 1]} {day.year}"


def generate_corpus(n_articles: int, seed: int = 0) -> list[Article]:
    """``n_articles`` articles of 6–20 recombined seed sentences with publication dates over 2014–2019.

    One article in four states its date in a dateline instead of in ``published``, so the
    in-text date reader is part of what is measured.
    """
    rng = random.Random(seed)
    headlines, sentences = _pools(_source_texts())
    articles = []
    for i in range(n_articles):
        day = _random_day(rng)
        lines = [rng.choice(headlines)]
        in_text = rng.random() < 0.25
        if in_text:
            lines.append(_dateline(day, rng))
        body = rng.choices(sentences, k=rng.randint(6, 20))
        while body:
            cut = rng.randint(1, 3)
            lines.append(" ".join(body[:cut]))
            body = body[cut:]
        text = "\n".join(lines) + "\n"
        articles.append(Article(
            id=f"bench{seed}-{i:06d}", text=text, published=None if in_text else day,
            url=f"https://example.org/bench/{seed}/{i}", outlet="generated (bench)",
            origin="bench.corpus", content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        ))
    return articles


def write_corpus(directory: str | os.PathLike[str], n: int, seed: int = 0) -> Path:
    """Write ``generate_corpus(n, seed)`` as ``<id>.txt`` files plus ``meta.jsonl`` into ``directory``.

    The files are built in a temporary folder beside it that is renamed into place at the end:
    an interrupted run leaves no half corpus, without paying one fsync per file (core.fsio's
    per-file guarantee would dominate the cost of writing 20,000 small inputs).
    """
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder; give write_corpus a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        meta = []
        for article in generate_corpus(n, seed):
            (tmp / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
            meta.append(json.dumps({"id": article.id, "published": article.published and article.published.isoformat(),
                                    "url": article.url, "outlet": article.outlet}, ensure_ascii=False))
        (tmp / "meta.jsonl").write_text("\n".join(meta) + "\n", encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def synthetic_places(n_places: int, seed: int = 0) -> list[tuple[str, float, float]]:
    """``n_places`` (place_id, lat, lon) points inside Syria, deterministic for a seed."""
    rng = random.Random(seed)
    places = []
    for i in range(n_places):
        lat, lon = ANCHORS[i % len(ANCHORS)]
        places.append((f"synthetic:{i}", round(lat + rng.uniform(-JITTER, JITTER), 5),
                       round(lon + rng.uniform(-JITTER, JITTER), 5)))
    return places


def synthetic_events(n: int, n_places: int, seed: int = 0) -> list[Event]:
    """``n`` random but valid events over ``n_places`` places, for the geo and map benchmarks."""
    if n_places < 1:
        raise UsageError("synthetic_events needs n_places >= 1")
    rng = random.Random(seed)
    places = synthetic_places(n_places, seed)
    events = []
    for k in range(n):
        place_id, lat, lon = places[rng.randrange(n_places)]
        force, relation = rng.choice(FORCE_IDS), rng.choice(RELATIONS)
        name = f"موقع {place_id.split(':')[1]}"
        sentence = f"{force} {relation} {name}"
        day = _random_day(rng)
        events.append(Event(
            source=f"synthetic-{k // 5}", force=force, relation=relation, mention=name,
            mention_start=len(sentence) - len(name), mention_end=len(sentence), sentence=sentence,
            sentence_start=0, rule="synthetic", confidence=round(rng.uniform(0.5, 1.0), 2),
            place_id=place_id, place_ar=name, place_en=f"Synthetic {place_id.split(':')[1]}",
            lat=lat, lon=lon, kind="town", admin1="", country="SY", date=day, date_precision="day",
            date_expr=day.isoformat(), published=day + timedelta(days=rng.randint(0, 3)),
            force_mention=force, force_start=0, force_end=len(force),
            url=f"https://example.org/synthetic/{k // 5}", outlet="generated (bench)",
        ))
    return events
