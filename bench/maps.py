"""Map build time, HTML size and peak memory for 100 / 1,000 / 10,000 places, beside a naive baseline.

The baseline is what the issue forbids: one folium.Marker object per place. When Debian's chromium
and Playwright are installed, the offline map is also opened and panned, and the time reported.
Prints measurements only; nothing here asserts a time.

    python -m bench.maps [--sizes 100,1000,10000] [--no-browser]    (or: python -m bench.run --only maps)
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import folium

from bench.common import print_table, row
from maps.build import save_map, snapshot_map
from testing.synthetic import grid_snapshot


def measure(build) -> tuple[float, int, int]:
    """Seconds to build and render, HTML bytes, peak traced memory in bytes."""
    tracemalloc.start()
    t0 = time.perf_counter()
    page = build()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, len(page.encode("utf-8")), peak


def ours(snap, offline: bool):
    return lambda: snapshot_map([snap], offline=offline).get_root().render()


def naive(snap):
    def build() -> str:
        m = folium.Map(location=(35, 38.5), zoom_start=6)
        for p in snap.places:
            folium.Marker((p.lat, p.lon)).add_to(m)
        return m.get_root().render()
    return build


def browser_times(path: Path) -> tuple[float, float] | None:
    """Seconds until the markers are drawn, and for ten pans, in headless chromium (None if unavailable)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = b.new_page(viewport={"width": 1280, "height": 800})
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.conflictmap && Object.keys(conflictmap.instances).length > 0")
        opened = time.perf_counter() - t0
        t0 = time.perf_counter()
        page.evaluate("""async () => { const m = Object.values(conflictmap.instances)[0].map;
            for (let i = 0; i < 10; i++) { m.panBy([i % 2 ? 200 : -200, 100], {animate: false});
              await new Promise(r => requestAnimationFrame(() => r())); } }""")
        panned = time.perf_counter() - t0
        b.close()
    return opened, panned


def main(quick: bool = False, *, sizes: tuple[int, ...] | None = None, browser: bool = True) -> list[dict]:
    """Rows for bench/run.py: build+render time per map size (naive: one Marker per place), HTML size, and the
    time the offline map takes to open and pan in headless Chromium when it is installed."""
    rows: list[dict] = []
    for n in sizes or ((100, 1000) if quick else (100, 1000, 10000)):
        snap = grid_snapshot(n)
        naive_s, naive_bytes, _ = measure(naive(snap))
        for name, offline in (("online", False), ("offline", True)):
            seconds, size, peak = measure(ours(snap, offline))
            rows.append(row(f"build {name} map ({size / 1024:,.0f} KB; naive {naive_bytes / 1024:,.0f} KB)", n,
                            seconds, "places/s", peak_mb=peak / 2**20, baseline_seconds=naive_s))
        if browser:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "m.html"
                save_map(snapshot_map([snap], offline=True), path)
                times = browser_times(path)
            if times:
                rows.append(row("open offline map in chromium", n, times[0], "places/s"))
                rows.append(row("10 pans in chromium", 10, times[1], "pans/s"))
    return rows


def _cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    rows = main(sizes=tuple(int(s) for s in args.sizes.split(",")), browser=not args.no_browser)
    print_table(rows, "maps")
    return 0


if __name__ == "__main__":
    sys.exit(_cli())
