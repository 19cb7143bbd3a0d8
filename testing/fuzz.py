"""Claim templates, noise and input containers for fuzzing the whole text pipeline (tests and ``bench/fuzz.py``).

Bytes in any container → readers → extraction → GeoJSON, and metamorphic checks: invisible characters
inside names and odd spacing change nothing that was extracted.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import strategies as st

from extract.pipeline import extract_article
from geo.io import events_to_geojson
from readers.articles import Problem, iter_articles
from records.article import Article
from testing.properties import BIDI, MARKS, check_events, check_geojson, check_pipeline

# ---------------------------------------------------------------------------------------------- claims and noise

# Our own claim templates: {f} a force alias, {p} a place, {c} a cue word, {d} a date expression.
TEMPLATES = [
    "سيطرت {f} على {c} {p} {d}.", "{f} تسيطر على {c} {p}.", "انسحبت {f} من {c} {p} {d}.",
    "حاصرت {f} {c} {p} {d}.", "دخلت {f} إلى {c} {p} بعد معارك عنيفة.", "استعادت {f} السيطرة على {p} {d}.",
    "قال مصدر إن {f} هاجمت {c} {p} {d}.", "اشتباكات عنيفة بين {f} و{g} في {c} {p}.",
]
CLAIM_FORCES = ["قوات النظام", "تنظيم داعش", "قوات سوريا الديمقراطية", "هيئة تحرير الشام", "الجيش الحر",
                "القوات التركية", "فصائل المعارضة", "تنظيم الدولة الإسلامية", "الجيش العراقي", "البشمركة"]
CLAIM_PLACES = ["تدمر", "الرقة", "منبج", "الطبقة", "دير الزور", "جرابلس", "القريتين", "البوكمال", "الموصل", "دوما",
                "عفرين", "تل أبيض", "سمسمون"]
CLAIM_CUES = ["مدينة", "بلدة", "قرية", "", "مطار"]
CLAIM_DATES = ["", "أمس", "في 31 شباط 2016", "يوم 5 آذار 2090", "في 25 ربيع الأول 1439 هـ", "في 3 آب 2016",
               "الشهر الماضي"]
INVISIBLE = [c for c in BIDI + MARKS]
# A known publication date: without one, a date line is guessed from the raw header text (arabic/dates.py),
# a heuristic that counts characters, so it is not part of what noise must leave unchanged.
known_dates = st.dates(min_value=date(2011, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def claims(draw) -> tuple[str, list[tuple[int, int]]]:
    """A few claim sentences, and the (start, end) spans of every force and place name in them."""
    parts, spans, pos = [], [], 0
    for _ in range(draw(st.integers(1, 4))):
        template = draw(st.sampled_from(TEMPLATES))
        values = {"f": draw(st.sampled_from(CLAIM_FORCES)), "g": draw(st.sampled_from(CLAIM_FORCES)),
                  "p": draw(st.sampled_from(CLAIM_PLACES)), "c": draw(st.sampled_from(CLAIM_CUES)),
                  "d": draw(st.sampled_from(CLAIM_DATES))}
        sentence = template.format(**values).replace("  ", " ").replace(" .", ".")
        for key in ("f", "g", "p"):
            start = sentence.find(values[key]) if "{%s}" % key in template else -1
            if start >= 0:
                spans.append((pos + start, pos + start + len(values[key])))
        parts.append(sentence)
        pos += len(sentence) + 1
    return "\n".join(parts), spans


def add_noise(text: str, spans: list[tuple[int, int]], draw) -> str:
    """Invisible characters (bidi controls, joiners, tatweel, harakat) inside the names of ``spans``."""
    inserts: dict[int, str] = {}
    for start, end in spans:
        for i in range(start + 1, end):
            if text[i - 1] != " " and text[i] != " " and draw(st.integers(0, 3)) == 0:
                inserts[i] = draw(st.text(alphabet=st.sampled_from(INVISIBLE), min_size=1, max_size=3))
    return "".join(inserts.get(i, "") + ch for i, ch in enumerate(text))


def summary(events) -> list[tuple]:
    return sorted({(e.force, e.relation, e.place_id or "?", e.status, e.date, e.date_expr is not None)
                   for e in events})


def check_noise_changes_nothing(text: str, noisy: str, published: date | None, gazetteer, forces) -> None:
    """What is extracted from ``noisy`` is what is extracted from ``text``, with offsets into ``noisy``."""
    clean = check_pipeline(text, published, gazetteer, forces)
    dirty = check_pipeline(noisy, published, gazetteer, forces)
    assert summary(dirty) == summary(clean), (noisy, summary(clean), summary(dirty))


def respace(text: str, draw) -> str:
    """Spaces inside sentences become runs of spaces, tabs or no-break spaces."""
    return "".join(draw(st.sampled_from([" ", "  ", "\u00a0", "\t", " \u200f"])) if ch == " " else ch for ch in text)


# ---------------------------------------------------------------------------------------------- containers

def wrap(text: str, container: str, encoding: str) -> tuple[str, bytes]:
    """``text`` as the bytes of one input file of the given kind."""
    if container == "jsonl":
        body = json.dumps({"id": "../../etc/x", "text": text, "url": "javascript:alert(1)"}, ensure_ascii=False) + "\n"
        return ".jsonl", body.encode("utf-8")
    if container == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows([["id", "text", "outlet"], ["c1", text, "=1+1"]])
        return ".csv", buf.getvalue().encode("utf-8")
    if container == "html":
        body = (f"<html><head><script>var t='{text[:20]}';</script></head>"
                f"<body><nav>قائمة</nav><p>{text}</p></body></html>")
        return ".html", body.encode("utf-8")
    return ".txt", text.encode(encoding, errors="ignore") if encoding != "utf-16" else text.encode("utf-16")


def check_file_through_pipeline(data: bytes, ext: str, gazetteer, forces) -> int:
    """Readers yield Articles or Problems only; each Article goes through extraction and GeoJSON cleanly."""
    n_events = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{ext}"
        path.write_bytes(data)
        for item in iter_articles([str(path)]):
            assert isinstance(item, (Article, Problem)), item
            if isinstance(item, Problem):
                assert item.origin == str(path) and item.reason
                continue
            assert "/" not in item.id and ".." not in item.id
            events = extract_article(item, gazetteer=gazetteer, forces=forces)
            check_events(item.text, events, {f.id for f in forces.all()}, item.published)
            check_geojson(events_to_geojson(events), events)
            n_events += len(events)
        assert sorted(p.name for p in Path(tmp).iterdir()) == [path.name]  # reading writes nothing
    return n_events
