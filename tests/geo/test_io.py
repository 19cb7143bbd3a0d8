"""GeoJSON/GeoPackage/CSV exports: RFC 7946 shape, round trips, formula injection, atomic failure."""
from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import replace
from datetime import date

import geopandas as gpd
import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from core.errors import OutputError, UsageError
from geo import csvcells, io
from geo.acled import read_acled, sub_event_type
from geo.compare import compare
from geo.snapshot import snapshot
from records import schema
from testing.factories import ev, unresolved

EVENTS = [
    ev("a1", "isis", "captured", date(2014, 1, 13)),
    ev("a2", "sdf", "captured", date(2017, 10, 17), sentence="=HYPERLINK(\"http://x\") سيطرت قسد"),
    ev("a3", "government", "besieged", date(2016, 2, 1), "p:daraa"),
    unresolved("a4"),
]


def test_geojson_is_rfc7946_lon_lat_without_crs():
    fc = io.events_to_geojson(EVENTS)
    assert "crs" not in fc and fc["type"] == "FeatureCollection"
    first = fc["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [39.01, 35.95]}  # lon first
    assert first["properties"]["date"] == "2014-01-13"
    assert list(first["properties"]) == list(schema.EVENT_PROPERTIES)
    assert fc["features"][3]["geometry"] is None and fc["features"][3]["properties"]["status"] == "unresolved"
    json.dumps(fc)  # plain JSON types only


def test_events_round_trip_through_our_reader():
    assert io.events_from_geojson(io.events_to_geojson(EVENTS)) == EVENTS


def test_geojson_round_trips_through_geopandas(tmp_path):
    path = tmp_path / "events.geojson"
    io.write_events(path, EVENTS, "geojson")
    gdf = gpd.read_file(path)
    assert len(gdf) == len(EVENTS)
    for row, e in zip(gdf.itertuples(), EVENTS):
        assert (row.source, row.force, row.relation, schema.clean(row.place_id)) == (e.source, e.force, e.relation, e.place_id)
        assert row.sentence == e.sentence and row.confidence == pytest.approx(e.confidence)
        assert schema.parse_date(row.date) == e.date
        if e.lat is None:
            assert row.geometry is None or row.geometry.is_empty
        else:
            assert (row.geometry.x, row.geometry.y) == pytest.approx((e.lon, e.lat))
    # and back into events, unchanged
    back = io.events_from_geojson(json.loads(gdf.to_json(na="null", default=str)))
    assert [(e.source, e.force, e.relation, e.date, e.lat, e.lon) for e in back] == \
           [(e.source, e.force, e.relation, e.date, e.lat, e.lon) for e in EVENTS]


def test_geopackage_export_reads_back(tmp_path):
    path = tmp_path / "events.gpkg"
    io.write_events(path, EVENTS, "gpkg")
    assert pyogrio.list_layers(path)[0][0] == "events"
    gdf = gpd.read_file(path, layer="events")
    assert len(gdf) == 4 and gdf.crs.to_epsg() == 4326
    assert list(gdf.force) == ["isis", "sdf", "government", "isis"]
    assert gdf.geometry.iloc[0].x == pytest.approx(39.01)
    io.write_events(path, [], "gpkg")  # an empty export keeps its fields
    empty = gpd.read_file(path, layer="events")
    assert len(empty) == 0 and list(schema.EVENT_PROPERTIES) == [c for c in empty.columns if c != "geometry"]


def test_snapshot_and_comparison_writers(tmp_path):
    snap = snapshot(EVENTS, date(2017, 12, 31))
    cmp = compare(EVENTS, date(2015, 12, 31), date(2017, 12, 31))
    for fmt in io.FORMATS:
        io.write_snapshot(tmp_path / f"s.{fmt}", snap)
        io.write_comparison(tmp_path / f"c.{fmt}", cmp)
    s = json.loads((tmp_path / "s.geojson").read_text())
    raqqa = next(f for f in s["features"] if f["properties"]["place_id"] == "p:raqqa")
    assert raqqa["properties"]["force"] == "sdf" and raqqa["properties"]["evidence"][0]["source"] == "a2"
    c = gpd.read_file(tmp_path / "c.gpkg")
    assert dict(zip(c.place_id, c.change))["p:raqqa"] == "changed_hands"
    rows = list(csv.DictReader(open(tmp_path / "c.csv", encoding="utf-8-sig")))
    assert {r["place_id"]: (r["from_force"], r["to_force"]) for r in rows}["p:raqqa"] == ("isis", "sdf")


def test_csv_has_acled_columns_and_neutralises_formulas(tmp_path):
    path = tmp_path / "events.csv"
    hostile = ev("a5", "isis", "attacked", date(2016, 1, 1), sentence="@SUM(A1:A9)")
    io.write_events(path, [*EVENTS, hostile], "csv")
    rows = list(csv.DictReader(open(path, encoding="utf-8-sig", newline="")))
    assert rows[0]["event_date"] == "2014-01-13" and rows[0]["latitude"] == "35.95" and rows[0]["longitude"] == "39.01"
    assert rows[0]["sub_event_type"] == "Non-state actor overtakes territory" and rows[0]["time_precision"] == "1"
    assert rows[1]["notes"].startswith("'=HYPERLINK")
    assert rows[4]["notes"] == "'@SUM(A1:A9)"
    assert rows[3]["latitude"] == "" and rows[3]["geo_precision"] == ""
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_neutralise_keeps_numbers_and_plain_text():
    assert csvcells.neutralise(-3.5) == -3.5
    assert csvcells.neutralise("-1+1") == "'-1+1"
    assert csvcells.neutralise("\tcmd") == "'\tcmd"
    assert csvcells.neutralise("الرقة") == "الرقة"
    assert csvcells.neutralise("'=x") == "''=x" and csvcells.neutralise("'plain") == "'plain"


@pytest.mark.parametrize("sentence", ["'=1+1", "''", "'", "=cmd", "'plain", "-5"])
def test_apostrophes_and_formulas_round_trip_through_csv(tmp_path, sentence):
    io.write_events(tmp_path / "e.csv", [replace(EVENTS[0], sentence=sentence)], "csv")
    (_, (back,)), = read_acled(tmp_path / "e.csv")
    assert back.sentence == sentence


def test_sub_event_types_follow_acled():
    assert sub_event_type(ev("a", "government", "captured", None)) == "Government regains territory"
    assert sub_event_type(ev("a", "isis", "captured", None)) == "Non-state actor overtakes territory"
    assert sub_event_type(ev("a", "isis", "withdrew", None)) == "Non-violent transfer of territory"
    assert sub_event_type(ev("a", "coalition", "attacked", None)) == "Air/drone strike"
    assert sub_event_type(ev("a", "sdf", "contested", None)) == "Armed clash"


def test_csv_export_reads_back_as_the_same_events(tmp_path):
    path = tmp_path / "events.csv"
    io.write_events(path, EVENTS, "csv")
    groups = read_acled(path)
    assert [a.id for a, _ in groups] == ["a1", "a2", "a3", "a4"]
    back = [e for _, events in groups for e in events]
    assert [(e.source, e.force, e.relation, e.date, e.place_id, e.lat, e.lon, e.sentence) for e in back] == \
           [(e.source, e.force, e.relation, e.date, e.place_id, e.lat, e.lon, e.sentence) for e in EVENTS]


def test_native_acled_rows_are_read(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text("event_id_cnty,event_date,time_precision,sub_event_type,actor1,location,latitude,longitude,notes\n"
                    "SYR1,12 March 2017,1,Non-state actor overtakes territory,Islamic State (ISIS),Palmyra,34.56,38.28,x\n"
                    "SYR2,2017-03-14,1,Air/drone strike,Unknown Militia,Palmyra,34.56,38.28,y\n", encoding="utf-8")
    (a1, (e1,)), (a2, (e2,)) = read_acled(path)
    assert a1.id == "acled:SYR1" and e1.force == "isis" and e1.relation == "captured" and e1.date == date(2017, 3, 12)
    assert e2.force == "other" and e2.relation == "attacked" and e2.force_mention == "Unknown Militia"
    assert e1.place_id == e2.place_id and (e1.lat, e1.lon) == (34.56, 38.28)


def test_load_events_sniffs_geojson_and_store(tmp_path):
    from geo.store import EventStore
    from testing.factories import article

    gj = tmp_path / "e.geojson"
    io.write_events(gj, EVENTS)
    store = tmp_path / "s.gpkg"
    with EventStore(store) as s:
        s.ingest(article("x"), EVENTS)
    assert io.load_events(gj) == EVENTS == io.load_events(store)


def test_unknown_format_and_swapped_latitude_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="geojson, gpkg, csv"):
        io.write_events(tmp_path / "e.txt", EVENTS)
    with pytest.raises(UsageError, match="swapped"):
        io.lonlat(139.0, 35.0)


@pytest.mark.parametrize("fmt", io.FORMATS)
def test_read_only_output_dir_gives_clear_error_and_keeps_previous_file(tmp_path, fmt, monkeypatch):
    out = tmp_path / "ro"
    out.mkdir()
    target = out / f"events.{fmt}"
    io.write_events(target, EVENTS[:1], fmt)
    before = target.read_bytes()
    out.chmod(0o555)
    if os.geteuid() == 0:  # root ignores permissions: make creating files in the folder fail as it would

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", denied)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            io.write_events(target, EVENTS, fmt)
        assert target.read_bytes() == before
        assert sorted(p.name for p in out.iterdir()) == [target.name]  # no temp file left behind
    finally:
        out.chmod(0o755)


def test_full_disk_leaves_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "events.geojson"
    io.write_events(target, EVENTS[:1])
    before = target.read_bytes()
    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left"):
        io.write_events(target, EVENTS)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sentence=text, outlet=text)
def test_any_text_survives_geojson_and_csv_and_never_starts_a_formula(tmp_path, sentence, outlet):
    e = replace(EVENTS[0], sentence=sentence, outlet=outlet or None)
    assert io.events_from_geojson(json.loads(json.dumps(io.events_to_geojson([e])))) == [e]
    path = tmp_path / "h.csv"
    io.write_events(path, [e], "csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            assert not any(cell.startswith(csvcells.FORMULA_START) for cell in row)
    (_, (back,)), = read_acled(path)
    assert back.sentence == sentence and back.outlet == (outlet or None)
