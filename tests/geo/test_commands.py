"""ingest / snapshot / compare / export through the real entry point."""
from __future__ import annotations

import csv
import json
from datetime import date

import geopandas as gpd
import pytest

from geo import io
from testing.factories import ev
from tests.conftest import run_cli

EVENTS = [ev("a1", "isis", "captured", date(2014, 1, 13)), ev("a2", "sdf", "captured", date(2017, 10, 17)),
          ev("a3", "sdf", "captured", date(2016, 8, 12), "p:manbij")]


@pytest.fixture()
def events_file(tmp_path):
    path = tmp_path / "events.geojson"
    io.write_events(path, EVENTS)
    return path


def test_snapshot_prints_a_table_and_writes_files(events_file, tmp_path):
    r = run_cli("snapshot", "--events", str(events_file), "--date", "2017-12-31")
    assert r.returncode == 0, r.stderr
    raqqa = next(l for l in r.stdout.splitlines() if l.startswith("Raqqa"))
    assert "sdf" in raqqa and "held" in raqqa
    out = tmp_path / "snap.geojson"
    r = run_cli("snapshot", "--events", str(events_file), "--date", "2015-12-31", "-o", str(out))
    assert r.returncode == 0, r.stderr
    feats = {f["properties"]["place_id"]: f["properties"]["force"] for f in json.loads(out.read_text())["features"]}
    assert feats == {"p:raqqa": "isis"}


def test_bad_dates_are_usage_errors_that_show_the_form(events_file):
    r = run_cli("snapshot", "--events", str(events_file), "--date", "31/12/2017")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = run_cli("compare", "--events", str(events_file), "--from", "2018-01-01", "--to", "2017-01-01")
    assert r.returncode == 2 and "earlier date first" in r.stderr


def test_missing_store_says_how_to_make_one(tmp_path):
    r = run_cli("snapshot", "--db", str(tmp_path / "none.gpkg"), "--date", "2017-12-31")
    assert r.returncode == 1 and "conflictmap ingest" in r.stderr


def test_compare_prints_the_change_and_writes_geojson_and_csv(events_file, tmp_path):
    gj, table = tmp_path / "c.geojson", tmp_path / "c.csv"
    r = run_cli("compare", "--events", str(events_file), "--from", "2015-12-31", "--to", "2017-12-31",
                "-o", str(gj), "--csv", str(table))
    assert r.returncode == 0, r.stderr
    assert any(l.startswith("Raqqa") and "changed_hands" in l for l in r.stdout.splitlines())
    changes = {f["properties"]["place_id"]: f["properties"]["change"] for f in json.loads(gj.read_text())["features"]}
    assert changes == {"p:raqqa": "changed_hands", "p:manbij": "gained"}
    rows = list(csv.DictReader(open(table, encoding="utf-8-sig")))
    assert {r["place_id"]: r["to_force"] for r in rows} == {"p:raqqa": "sdf", "p:manbij": "sdf"}


def test_export_each_kind(events_file, tmp_path):
    for what, extra in (("events", []), ("snapshot", ["--date", "2017-12-31"]),
                        ("comparison", ["--from", "2015-12-31", "--to", "2017-12-31"])):
        out = tmp_path / f"{what}.gpkg"
        r = run_cli("export", "--events", str(events_file), "--what", what, "--format", "gpkg", "-o", str(out), *extra)
        assert r.returncode == 0, r.stderr
        assert len(gpd.read_file(out)) == {"events": 3, "snapshot": 2, "comparison": 2}[what]
    r = run_cli("export", "--events", str(events_file), "--what", "snapshot", "--format", "csv", "-o",
                str(tmp_path / "x.csv"))
    assert r.returncode == 2 and "--date" in r.stderr


def test_ingest_acled_csv_then_reingest_adds_nothing(events_file, tmp_path):
    table, store = tmp_path / "events.csv", tmp_path / "store.gpkg"
    io.write_events(table, EVENTS, "csv")
    r = run_cli("ingest", "--format", "acled", str(table), "--db", str(store))
    assert r.returncode == 0, r.stderr
    assert "3 added" in r.stdout and "3 articles, 3 events" in r.stdout
    r = run_cli("ingest", "--format", "acled", str(table), "--db", str(store))
    assert "0 added, 3 unchanged" in r.stdout
    r = run_cli("snapshot", "--db", str(store), "--date", "2017-12-31", "-o", str(tmp_path / "s.csv"))
    rows = {row["place_id"]: row["force"] for row in csv.DictReader(open(tmp_path / "s.csv", encoding="utf-8-sig"))}
    assert rows == {"p:raqqa": "sdf", "p:manbij": "sdf"}


def test_ingest_reports_unusable_inputs_and_keeps_the_good_ones(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("سيطرت قوات سوريا الديمقراطية على مدينة منبج.", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    store = tmp_path / "store.gpkg"
    r = run_cli("ingest", str(docs), "--db", str(store), "--published", "2016-08-12")
    assert r.returncode == 1
    assert "empty.txt" in r.stderr and "1 added" in r.stdout and "1 failed" in r.stdout


def test_seeds_end_to_end(shared, tmp_path):
    store = tmp_path / "seeds.gpkg"
    r = run_cli("ingest", str(shared / "seeds"), "--meta", str(shared / "gold" / "seeds_metadata.jsonl"),
                "--db", str(store))
    assert r.returncode == 0, r.stderr
    held = {}
    for day in ("2015-12-31", "2017-12-31"):
        out = tmp_path / f"snap-{day}.geojson"
        r = run_cli("snapshot", "--db", str(store), "--date", day, "-o", str(out))
        assert r.returncode == 0, r.stderr
        held[day] = {f["properties"]["place_ar"]: f["properties"]["force"]
                     for f in json.loads(out.read_text())["features"]}
    assert held["2015-12-31"]["الرقة"] == "isis"
    assert held["2017-12-31"]["الرقة"] == "sdf"
    r = run_cli("compare", "--db", str(store), "--from", "2015-12-31", "--to", "2017-12-31")
    assert r.returncode == 0, r.stderr
    line = next(l for l in r.stdout.splitlines() if "(الرقة)" in l)
    assert "changed_hands" in line and "isis" in line and "sdf" in line


def test_compare_map_option_writes_a_self_contained_page(events_file, tmp_path):
    page = tmp_path / "compare.html"
    r = run_cli("compare", "--events", str(events_file), "--from", "2015-12-31", "--to", "2017-12-31",
                "--map", str(page), "--offline")
    assert r.returncode == 0, r.stderr
    html = page.read_text(encoding="utf-8")
    assert "Raqqa" in html or "الرقة" in html
    assert "https://unpkg.com" not in html and "cdn.jsdelivr.net" not in html
