"""The event store: idempotent re-ingest, replacement, crash safety, concurrent writers, GeoPackage."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from datetime import date

import geopandas as gpd
import pyogrio
import pytest

from core.errors import StoreError
from core.paths import ROOT
from geo.store import EventStore
from testing.factories import article, ev, unresolved

EVENTS = [ev("a1", "isis", "captured", date(2014, 1, 13)), ev("a1", "sdf", "attacked", date(2014, 1, 20), "p:manbij"),
          unresolved("a1")]


def loop(store, first: int, count: int, timeout: float = 60.0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.geo.ingest_loop", str(store), str(first), str(count),
                             str(timeout)], cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def consistent(path) -> tuple[int, int]:
    """Integrity check plus: every article's events are all there (no half article). Returns (articles, events)."""
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT a.id, a.n_events, count(e.fid) FROM articles a LEFT JOIN events e "
                      "ON e.article_fid = a.fid GROUP BY a.fid").fetchall()
    assert all(n == m for _, n, m in rows), [r for r in rows if r[1] != r[2]][:3]
    orphans = db.execute("SELECT count(*) FROM events WHERE article_fid NOT IN (SELECT fid FROM articles)").fetchone()[0]
    assert orphans == 0
    n_events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    db.close()
    return len(rows), n_events


def test_reingest_adds_nothing_and_a_changed_article_replaces_its_events(tmp_path):
    path = tmp_path / "events.gpkg"
    with EventStore(path) as store:
        assert store.ingest(article("a1", "نص أول"), EVENTS) == "added"
        assert store.ingest(article("b1", "نص آخر"), [ev("b1", "sdf", "captured", date(2017, 10, 17))]) == "added"
        assert store.counts() == (2, 4)
        assert store.ingest(article("a1", "نص أول"), EVENTS) == "unchanged"
        assert store.counts() == (2, 4)
        assert store.ingest(article("a1", "نص معدل"), EVENTS[:1]) == "replaced"
        assert store.counts() == (2, 2)
        assert [e.source for e in store.events()] == ["b1", "a1"]
        assert store.known_hash("a1") == store.articles()[0]["content_hash"]
        assert store.known_hash("nope") is None


def test_events_come_back_unchanged(tmp_path):
    with EventStore(tmp_path / "s.gpkg") as store:
        store.ingest(article("a1"), EVENTS)
        assert store.events() == EVENTS
    with EventStore(tmp_path / "s.gpkg", readonly=True) as store:
        assert store.events() == EVENTS
        with pytest.raises(StoreError, match="read-only"):
            store.ingest(article("a2"), EVENTS)


def test_store_is_a_geopackage_that_gis_tools_open(tmp_path):
    path = tmp_path / "events.gpkg"
    with EventStore(path) as store:
        store.ingest(article("a1"), EVENTS)
    layers = dict(pyogrio.list_layers(path))
    assert layers["events"] == "Point" and "articles" in layers
    gdf = gpd.read_file(path, layer="events")
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == 3
    assert (gdf.geometry.iloc[0].x, gdf.geometry.iloc[0].y) == pytest.approx((39.01, 35.95))
    assert gdf.geometry.iloc[2] is None
    assert list(gdf.force) == ["isis", "sdf", "isis"]
    info = pyogrio.read_info(path, layer="events")
    assert info["total_bounds"] == pytest.approx((37.95, 35.95, 39.01, 36.53))


def test_not_a_store_is_refused_clearly(tmp_path):
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"this is not sqlite at all" * 50)
    with pytest.raises(StoreError, match="not a readable event store"):
        EventStore(junk)
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE customers (id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not an event store"):
        EventStore(other)
    with pytest.raises(StoreError, match="no event store"):
        EventStore(tmp_path / "missing.gpkg", readonly=True)


def test_a_second_writer_waits_then_gets_a_clear_error(tmp_path):
    path = tmp_path / "s.gpkg"
    EventStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is mid-article
    try:
        with EventStore(path, timeout=0.2) as store:
            with pytest.raises(StoreError, match="busy: another process is writing"):
                store.ingest(article("a1"), EVENTS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with EventStore(path) as store:
        assert store.ingest(article("a1"), EVENTS) == "added"


def test_sigkill_mid_ingest_loses_nothing_committed_and_the_next_run_completes(tmp_path):
    path = tmp_path / "s.gpkg"
    proc = loop(path, 0, 100_000)
    committed = []
    for line in proc.stdout:
        committed.append(line.split()[1])
        if len(committed) >= 150:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    n_articles, n_events = consistent(path)
    assert n_articles >= len(committed) and n_events == 5 * n_articles
    with EventStore(path, readonly=True) as store:
        ids = {a["id"] for a in store.articles()}
    assert set(committed) <= ids
    # the next run skips what is there and adds the rest
    total = n_articles + 50
    rerun = loop(path, 0, total)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    results = [line.split()[0] for line in out.splitlines()]
    assert results.count("unchanged") == n_articles and results.count("added") == 50
    assert consistent(path) == (total, 5 * total)


def test_two_concurrent_ingest_processes_are_serialised(tmp_path):
    path = tmp_path / "s.gpkg"
    a, b = loop(path, 0, 120), loop(path, 80, 120)  # 40 articles overlap
    out_a, err_a = a.communicate(timeout=120)
    out_b, err_b = b.communicate(timeout=120)
    assert a.returncode == 0 and b.returncode == 0, (err_a, err_b)
    results = [line.split()[0] for line in (out_a + out_b).splitlines()]
    assert len(results) == 240 and results.count("added") == 200 and results.count("unchanged") == 40
    assert consistent(path) == (200, 1000)


def test_unwritable_store_location_is_a_clear_store_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open"):
        EventStore(blocker / "events.gpkg")


def test_disk_full_mid_article_keeps_committed_articles(tmp_path):
    path = tmp_path / "s.gpkg"
    with EventStore(path) as store:
        store.ingest(article("a1"), EVENTS)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 1}")  # the 'disk' has one page left
        big = [ev("big", "sdf", "captured", date(2017, 1, 1), sentence="ن" * 4000)] * 50
        with pytest.raises(StoreError, match="disk is full"):
            store.ingest(article("big"), big)
        assert store.counts() == (1, 3)
    assert consistent(path) == (1, 3)


def test_store_paths_with_spaces_and_hashes_open_for_reading(tmp_path):
    path = tmp_path / "my data #2" / "events ?.gpkg"
    with EventStore(path) as store:
        store.ingest(article("a1"), EVENTS)
    with EventStore(path, readonly=True) as store:
        assert store.events() == EVENTS


def test_a_store_written_before_the_admin_chain_is_read_and_upgraded(tmp_path):
    path = tmp_path / "old.gpkg"
    with EventStore(path) as store:
        store.ingest(article("a1", "نص أول"), EVENTS)
    db = sqlite3.connect(path)
    for column in ("admin2", "admin3_code", "candidates"):  # what a store of the previous version lacks
        db.execute(f'ALTER TABLE events DROP COLUMN "{column}"')
    db.commit()
    db.close()
    with EventStore(path, readonly=True) as store:
        old = store.events()
    assert len(old) == len(EVENTS) and all(e.admin2 == "" and e.candidates == "" for e in old)
    with EventStore(path) as store:  # opening for writing adds the missing columns
        store.ingest(article("a2", "نص ثان"), EVENTS[:1])
        assert len(store.events()) == len(EVENTS) + 1
    cols = {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(events)")}
    assert {"admin2", "admin3_code", "candidates"} <= cols
