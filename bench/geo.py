"""geo/: snapshot and compare on 10k, 100k and 1M synthetic events, and event-store ingest rate.

Baseline ("naive"): for every place, re-scan the whole event list for that place's events,
then apply the same per-place rule, which is O(places × events). It is run where it
finishes in reasonable time (≤ 100k events) and left blank above. Run:
``python -m bench.geo [--quick]`` or ``python -m bench.run --only geo``. Prints; asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.common import measure, print_table, row, timed
from records.event import Event

FORCES = ("isis", "sdf", "government", "fsa_opposition", "hts_nusra", "turkey_backed")
RELATIONS = ("captured",) * 3 + ("controls",) * 4 + ("lost", "withdrew", "besieged", "contested") + ("attacked",) * 3
START = date(2013, 1, 1)
D1, D2 = date(2015, 12, 31), date(2017, 12, 31)
NAIVE_MAX = 100_000


def synthetic_events(n: int, seed: int = 7) -> list[Event]:
    """``n`` resolved events over a few thousand places and six years (deterministic)."""
    rng = random.Random(seed)
    n_places = min(5000, max(200, n // 200))
    places = [(f"syn:{i}", f"مكان {i}", f"Place {i}", 32.5 + rng.random() * 4.5, 35.8 + rng.random() * 6.2)
              for i in range(n_places)]
    out = []
    for i in range(n):
        pid, ar, en, lat, lon = places[rng.randrange(n_places)]
        out.append(Event(source=f"art{i // 4}", force=rng.choice(FORCES), relation=rng.choice(RELATIONS),
                         mention=ar, mention_start=0, mention_end=len(ar), sentence="جملة", sentence_start=0,
                         rule="bench", confidence=0.5 + rng.random() * 0.45, place_id=pid, place_ar=ar, place_en=en,
                         lat=lat, lon=lon, kind="town", country="SY",
                         date=START + timedelta(days=rng.randrange(6 * 365))))
    return out


def naive_snapshot(events: list[Event], on: date) -> list:
    """The baseline: one full pass over all events per place."""
    from geo.snapshot import SAME_DAY_ORDER, place_state

    out = []
    for pid in sorted({e.place_id for e in events}):
        evs = sorted((e for e in events if e.place_id == pid and e.effective_date <= on),
                     key=lambda e: (e.effective_date, SAME_DAY_ORDER.get(e.relation, 0)))
        if evs and (state := place_state(evs, on)) is not None:
            out.append(state)
    return out


def ingest_rows(n_articles: int) -> list[dict]:
    """Articles/s and events/s into a fresh store (one transaction per article), then a re-run of unchanged ones."""
    from records.article import Article
    from geo.store import EventStore

    events = synthetic_events(n_articles * 5, seed=11)
    batches = [(Article(id=f"art{i}", text=f"نص {i}", published=START), events[i * 5:(i + 1) * 5])
               for i in range(n_articles)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.gpkg"

        def ingest() -> None:
            with EventStore(path) as store:
                for article, evs in batches:
                    store.ingest(article, evs)

        seconds, peak = measure(ingest)
        again = timed(ingest, repeat=1)
        with EventStore(path, readonly=True) as store:
            read = timed(store.events, repeat=1)
    return [
        row("store ingest (articles)", n_articles, seconds, "articles/s", peak_mb=peak),
        row("store ingest (events)", n_articles * 5, seconds, "events/s", peak_mb=peak),
        row("store re-ingest, all unchanged", n_articles, again, "articles/s"),
        row("store read all events", n_articles * 5, read, "events/s"),
    ]


def main(quick: bool = False) -> list[dict]:
    from geo.compare import compare
    from geo.snapshot import EventIndex, snapshot

    rows: list[dict] = []
    for n in (10_000, 100_000) if quick else (10_000, 100_000, 1_000_000):
        events = synthetic_events(n)
        naive_s = timed(lambda: naive_snapshot(events, D2), repeat=1) if n <= NAIVE_MAX else None
        seconds, peak = measure(lambda: snapshot(events, D2))
        rows.append(row("snapshot (index + one date)", n, seconds, "events/s", peak_mb=peak, baseline_seconds=naive_s))
        index = EventIndex(events)
        again = timed(lambda: snapshot(index, D1), repeat=1)
        rows.append(row("snapshot, index reused", n, again, "events/s"))
        seconds, peak = measure(lambda: compare(events, D1, D2))
        rows.append(row("compare (two dates)", n, seconds, "events/s", peak_mb=peak,
                        baseline_seconds=2 * naive_s if naive_s else None))
        del events, index
    rows.extend(ingest_rows(500 if quick else 3000))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.geo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k events only")
    print_table(main(quick=parser.parse_args().quick), title="geo")
