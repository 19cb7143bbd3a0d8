"""Helper process for the store tests: ingest synthetic articles in a loop, one line per commit.

usage: python -m tests.geo.ingest_loop STORE FIRST COUNT [TIMEOUT]
Articles are ``art<i>`` for i in [FIRST, FIRST+COUNT), each with 5 events; the same i
always gives the same content, so a rerun must find them unchanged.
"""
from __future__ import annotations

import sys
from datetime import date, timedelta

from geo.store import EventStore
from testing.factories import PLACES, article, ev

FORCES = ("isis", "sdf", "government")


def synthetic(i: int):
    day = date(2014, 1, 1) + timedelta(days=i % 1500)
    places = sorted(PLACES)
    events = [ev(f"art{i}", FORCES[(i + k) % 3], "captured" if k % 2 else "controls", day, places[(i + k) % 4])
              for k in range(5)]
    return article(f"art{i}", text=f"مقال تجريبي رقم {i}", published=day), events


def main(argv: list[str]) -> int:
    path, first, count = argv[0], int(argv[1]), int(argv[2])
    timeout = float(argv[3]) if len(argv) > 3 else 60.0
    with EventStore(path, timeout=timeout) as store:
        for i in range(first, first + count):
            result = store.ingest(*synthetic(i))
            print(f"{result} art{i}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
