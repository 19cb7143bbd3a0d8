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
