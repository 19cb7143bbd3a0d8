"""Synthetic events and snapshots for the map tests and bench/maps.py (my own sentences, no shared data)."""
from __future__ import annotations

from datetime import date

from geo.model import Change, Comparison, PlaceState, Snapshot
from records.event import Event, Evidence

XSS_SCRIPT = "<script>window.__xss=1;document.body.setAttribute('data-xss','1')</script>"
XSS_IMG = "\"><img src=x onerror=\"window.__xss=2;document.body.setAttribute('data-xss','2')\">"
XSS_DIV = "</div></div></table>"
XSS_TEMPLATE = "`+(window.__xss=3)+`${window.__xss=4}"
XSS_URL = "javascript:window.__xss=5;document.body.setAttribute('data-xss','5')"
PAYLOADS = (XSS_SCRIPT, XSS_IMG, XSS_DIV, XSS_TEMPLATE)


def event(source: str, force: str, relation: str, ar: str, en: str, lat: float, lon: float, kind: str, day: date,
          *, sentence: str | None = None, url: str | None = "https://example.org/news/1",
          outlet: str | None = "وكالة مثال") -> Event:
    text = sentence or f"قالت مصادر محلية إن {ar} باتت تحت سيطرة القوات بعد معارك عنيفة."
    return Event(source=source, force=force, relation=relation, mention=ar, mention_start=text.find(ar),
                 mention_end=text.find(ar) + len(ar), sentence=text, sentence_start=0, rule="test", confidence=0.8,
                 place_id=f"test:{en}", place_ar=ar, place_en=en, lat=lat, lon=lon, kind=kind, country="SY",
                 date=day, date_precision="day", published=day, url=url, outlet=outlet)


def events() -> list[Event]:
    """Raqqa changes hands, al-Tanf is held, Deir ez-Zor is besieged, Manbij is contested."""
    return [
        event("n1", "isis", "captured", "الرقة", "Raqqa", 35.95, 39.01, "city", date(2014, 1, 12)),
        event("n2", "sdf", "captured", "الرقة", "Raqqa", 35.95, 39.01, "city", date(2017, 10, 17)),
        event("n3", "coalition", "controls", "التنف", "al-Tanf", 33.50, 38.62, "crossing", date(2016, 3, 5)),
        event("n4", "government", "controls", "دير الزور", "Deir ez-Zor", 35.33, 40.14, "city", date(2015, 1, 2)),
        event("n5", "isis", "besieged", "دير الزور", "Deir ez-Zor", 35.33, 40.14, "city", date(2015, 1, 20)),
        event("n6", "sdf", "controls", "منبج", "Manbij", 36.53, 37.95, "city", date(2016, 8, 12)),
        event("n7", "turkey_backed", "attacked", "منبج", "Manbij", 36.53, 37.95, "city", date(2016, 8, 20)),
        event("n8", "turkey_backed", "contested", "منبج", "Manbij", 36.53, 37.95, "city", date(2016, 8, 21)),
    ]


def hostile_events() -> list[Event]:
    """Payloads in the sentence, place names, outlet, URL and source id."""
    return [
        event(f"src{XSS_IMG}", "isis", "captured", f"الرقة{XSS_SCRIPT}", f"Raqqa{XSS_IMG}", 35.95, 39.01, "city",
              date(2014, 1, 12), sentence=f"سيطر التنظيم على الرقة {XSS_SCRIPT} {XSS_DIV} {XSS_TEMPLATE}",
              url=XSS_URL, outlet=f"منفذ{XSS_DIV}{XSS_IMG}"),
        event("ok", "coalition", "controls", "التنف", f"al-Tanf{XSS_TEMPLATE}", 33.50, 38.62, "crossing",
              date(2016, 3, 5), url=f"https://example.org/x?q={XSS_IMG}", outlet=XSS_TEMPLATE),
        event("odd", f"militia{XSS_IMG}", "captured", "منبج", "Manbij", 36.53, 37.95, "city", date(2016, 8, 12)),
    ]


def place(pid: str, ar: str, en: str, lat: float, lon: float, force: str | None, forces: tuple[str, ...],
          state: str, evidence: tuple[Evidence, ...] = (), kind: str = "town") -> PlaceState:
    return PlaceState(pid, ar, en, lat, lon, kind, "", "SY", force, forces, state, date(2016, 1, 1),
                      date(2016, 1, 1), 0.7, 1, evidence)


def grid_snapshot(n: int, forces: tuple[str, ...] = ("government", "isis", "sdf", "fsa_opposition")) -> Snapshot:
    """``n`` places on a grid over Syria, spread across ``forces``."""
    side = max(1, int(n ** 0.5))
    places = tuple(place(f"g{i}", f"قرية {i}", f"Village {i}", 32.5 + (i // side) * 4.5 / side,
                         36.0 + (i % side) * 5.5 / side, forces[i % len(forces)], (forces[i % len(forces)],), "held")
                   for i in range(n))
    return Snapshot(date(2016, 1, 1), places)


def comparison() -> tuple[Snapshot, Snapshot, Comparison]:
    ev = Evidence("n2", "sdf", "captured", "أعلنت القوات سيطرتها الكاملة على المدينة.", date(2017, 10, 17), "t", 0.8,
                  XSS_URL, XSS_IMG)
    before = Snapshot(date(2015, 12, 31), (place("r", "الرقة", "Raqqa", 35.95, 39.01, "isis", ("isis",), "held"),))
    after = Snapshot(date(2017, 12, 31), (
        place("r", "الرقة", "Raqqa", 35.95, 39.01, "sdf", ("sdf",), "held", (ev,)),
        place("t", "التنف", "al-Tanf", 33.50, 38.62, "coalition", ("coalition",), "held")))
    changes = (Change("r", "الرقة", f"Raqqa{XSS_SCRIPT}", 35.95, 39.01, "city", "changed_hands", "isis", "sdf", "held",
                      "held", (ev,)),
               Change("t", "التنف", "al-Tanf", 33.50, 38.62, "crossing", "gained", None, "coalition", "unknown", "held"))
    return before, after, Comparison(date(2015, 12, 31), date(2017, 12, 31), changes)


PREFIXES = ("تل", "عين", "كفر", "دير", "بيت", "خربة", "مزرعة", "أبو", "جب", "حوش", "رأس", "قصر")
ROOTS = ("الزيتون", "النخيل", "الحمرا", "السنديان", "الرمان", "الصفصاف", "البيضا", "الشمالي", "الغربي", "العالي",
         "الكبير", "الصغير", "الوادي", "الجسر", "النهر", "الحصن", "المرج", "السهل", "الطاحونة", "القلعة")
DENSE_FORCES = ("government", "fsa_opposition", "hts_nusra", "isis", "sdf", "turkey_backed")


def dense_snapshot(n: int, box: tuple[float, float, float, float] = (36.2, 35.4, 36.95, 36.3), seed: int = 7,
                   day: date = date(2019, 6, 1)) -> Snapshot:
    """``n`` places scattered in ``box`` (lon/lat; default: about Idlib governorate), with the mix a front gives:
    mostly villages, some towns, a few cities and one governorate seat; names of varied length; claims of
    varied age and confidence; several forces (a few places contested)."""
    import random

    rnd = random.Random(seed)
    places = []
    for i in range(n):
        kind = "city" if i % max(97, n // 25) == 0 else "town" if i % 11 == 0 else "village"
        name = f"{rnd.choice(PREFIXES)} {rnd.choice(ROOTS)}" + (f" {i}" if i % 3 else "")
        if i == 0:
            name, kind = "إدلب", "city"
        force = DENSE_FORCES[rnd.randrange(len(DENSE_FORCES))]
        other = DENSE_FORCES[rnd.randrange(len(DENSE_FORCES))]
        contested = i % 23 == 0 and other != force
        since = date.fromordinal(day.toordinal() - rnd.randrange(900))
        lat, lon = round(rnd.uniform(box[1], box[3]), 4), round(rnd.uniform(box[0], box[2]), 4)
        if i == 0:
            lat, lon = (box[1] + box[3]) / 2, (box[0] + box[2]) / 2
        places.append(PlaceState(f"d{i}", name, f"Place {i}", lat, lon, kind, "Idlib", "SY", force,
                                 (force, other) if contested else (force,), "contested" if contested else "held",
                                 since, since, round(rnd.uniform(0.4, 0.95), 2), 1 + rnd.randrange(4)))
    return Snapshot(day, tuple(places))


SYRIA_BOX = (35.9, 32.4, 42.2, 37.2)


def dense_comparison(n: int = 500) -> tuple[Snapshot, Snapshot, Comparison]:
    """Two dense snapshots of the same places; every seventh place changed hands between them."""
    before = dense_snapshot(n, day=date(2018, 6, 1))
    moved = []
    changes = []
    for i, p in enumerate(before.places):
        if i % 7 == 0:
            to = DENSE_FORCES[(DENSE_FORCES.index(p.force) + 1) % len(DENSE_FORCES)]
            changes.append(Change(p.place_id, p.name_ar, p.name_en, p.lat, p.lon, p.kind, "changed_hands", p.force, to,
                                  p.state, "held"))
            p = PlaceState(p.place_id, p.name_ar, p.name_en, p.lat, p.lon, p.kind, p.admin1, p.country, to, (to,),
                           "held", date(2019, 1, 1), date(2019, 1, 1), p.confidence, p.n_sources)
        moved.append(p)
    after = Snapshot(date(2019, 6, 1), tuple(moved))
    return before, after, Comparison(before.date, after.date, tuple(changes))
