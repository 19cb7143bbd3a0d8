"""The embedded OCHA communities, districts and countryside regions (issue 12), and what they give
lookups, scans, events and exports."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gazetteer.admin import admin_units, community_rows
from records.event import Event
from records.schema import event_properties
from tests.conftest import require, run_cli

ROOT = Path(__file__).resolve().parents[2]


def test_every_community_has_a_pcode_and_a_full_chain() -> None:
    rows = community_rows()
    units = admin_units()
    assert len(rows) == 5622 and len({r["pcode"] for r in rows}) == 5622
    for r in rows:
        sub = units[r["admin3_code"]]
        assert sub.level == 3 and units[sub.parent].level == 2 and units[units[sub.parent].parent].level == 1
    assert {r["kind"] for r in rows} == {"city", "town", "village"}


def test_alternates_are_split_and_district_disambiguators_dropped() -> None:
    by_code = {r["pcode"]: r for r in community_rows()}
    names = {r["name_ar"] for r in by_code.values()}
    assert not any(ch in n for n in names for ch in "_()")  # حملك-حميلك، طنجرة (المنارة) are split
    hamlek = next(r for r in by_code.values() if r["name_ar"] == "حملك")
    assert "حميلك" in hamlek["alt_names_ar"].split("|")


def test_build_script_reproduces_the_committed_tables(shared: Path, tmp_path: Path) -> None:
    src = shared / "data" / "syria"
    require(src.is_dir(), f"{src} not found")
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--src", str(src),
                        "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for name in ("communities.tsv.gz", "admin.tsv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "gazetteer" / "data" / name).read_bytes(), name


def test_build_script_names_a_missing_source_in_one_line(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--src", str(tmp_path),
                        "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and str(tmp_path) in r.stderr and "Traceback" not in r.stderr


def test_a_village_has_its_admin_chain_and_pcode(gaz) -> None:
    best = gaz.lookup("بطرانة")[0].place
    assert best.pcode == "C1044" and best.admin1 == "Aleppo" and best.admin1_code == "SY02"
    assert best.admin2_code.startswith("SY02") and best.admin3_code.startswith(best.admin2_code)


def test_countryside_phrases_are_regions_not_the_city(gaz) -> None:
    for phrase, admin1 in (("ريف حلب", "Aleppo"), ("ريف إدلب الجنوبي", "Idlib"), ("ريف دمشق الغربي", "Rif Dimashq")):
        best = gaz.lookup(phrase)[0].place
        assert best.kind == "region" and best.admin1 == admin1 and best.id.startswith("rif:"), phrase
    south = gaz.lookup("ريف إدلب الجنوبي")[0].place
    assert south.lat < south.origin[0]  # the south side lies south of Idlib city
    m = gaz.scan("سيطرت القوات على قرية بطرانة في ريف حلب الشمالي")
    assert [x.place.kind for x in m if x.place] == ["village", "region"]


def test_a_district_needs_its_cue(gaz) -> None:
    assert gaz.lookup("منبج")[0].place.kind == "city"
    assert gaz.lookup("منطقة منبج")[0].place.kind == "district"
    assert [m.place.kind for m in gaz.scan("دخلت القوات منطقة منبج") if m.place] == ["district"]


def test_everyday_words_that_name_villages_stay_words(gaz) -> None:
    for text in ("نحرص على الحضور في الموعد", "وقال إن الحرية لا تتجزأ", "وطالب المحتجون بالكرامة والحرية"):
        assert [m.surface for m in gaz.scan(text) if m.place] == [], text


def test_event_properties_carry_the_chain_and_ambiguous_events_no_point() -> None:
    e = Event(source="a", force="sdf", relation="captured", mention="x", mention_start=0, mention_end=1, sentence="x",
              sentence_start=0, rule="r", confidence=0.5, status="ambiguous", candidates='[{"id": "ocha:C1"}]',
              date=date(2016, 1, 2))
    props = event_properties(e)
    for key in ("admin1", "admin1_code", "admin2", "admin2_code", "admin3", "admin3_code", "candidates"):
        assert key in props
    from geo.io import events_to_geojson

    feature = events_to_geojson([e])["features"][0]
    assert feature["geometry"] is None and feature["properties"]["status"] == "ambiguous"


def test_extract_writes_the_chain_and_keeps_ambiguous_names_unplaced(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("سيطرت قوات سوريا الديمقراطية على قرية بطرانة في ريف حلب.\n"
                   "وسيطرت قوات سوريا الديمقراطية على قرية المنصورة أمس.", encoding="utf-8")
    out = tmp_path / "e.geojson"
    r = run_cli("extract", str(art), "-o", str(out))
    assert r.returncode == 0, r.stderr
    feats = json.loads(out.read_text(encoding="utf-8"))["features"]
    placed = next(f for f in feats if f["properties"]["mention"] == "بطرانة")
    assert placed["properties"]["admin2_code"].startswith("SY02") and placed["properties"]["admin3"]
    ambiguous = [f for f in feats if f["properties"]["mention"] == "المنصورة"]
    assert ambiguous and all(f["geometry"] is None and f["properties"]["status"] == "ambiguous" for f in ambiguous)
    assert len(json.loads(ambiguous[0]["properties"]["candidates"])) > 1


def test_lookup_context_changes_the_answer() -> None:
    r = run_cli("gazetteer", "lookup", "المنصورة", "--json", "--context", "تقدمت القوات من الطبقة نحو ريف الرقة الغربي")
    assert r.returncode == 0, r.stderr
    o = json.loads(r.stdout)
    assert o["status"] == "resolved" and o["candidates"][0]["admin1"] == "Raqqa"
    assert o["without_context"]["status"] == "ambiguous" and o["context_places"]
    text = run_cli("gazetteer", "lookup", "المنصورة", "--context", "في ريف الرقة الغربي").stdout
    assert "context places:" in text and "without the context: ambiguous" in text and "admin:" in text


def test_the_pcode_travels_from_the_gazetteer_to_every_export(tmp_path: Path) -> None:
    """An analyst joins humanitarian data by P-code: events, the store, ACLED CSV and snapshots carry it."""
    art = tmp_path / "a.txt"
    art.write_text("سيطرت قوات سوريا الديمقراطية على قرية بطرانة في ريف حلب يوم 3 آذار 2016.", encoding="utf-8")
    out, db = tmp_path / "e.geojson", tmp_path / "s.gpkg"
    assert run_cli("extract", str(art), "-o", str(out), "--published", "2016-03-05").returncode == 0
    (feature,) = [f for f in json.loads(out.read_text(encoding="utf-8"))["features"]
                  if f["properties"]["mention"] == "بطرانة"]
    pcode = feature["properties"]["pcode"]
    assert pcode.startswith("C") and pcode[1:].isdigit()
    assert run_cli("ingest", str(out.with_name("a.txt")), "--db", str(db), "--published", "2016-03-05").returncode == 0
    acled, snap = tmp_path / "e.csv", tmp_path / "snap.csv"
    assert run_cli("export", "--db", str(db), "--what", "events", "--format", "csv", "-o", str(acled)).returncode == 0
    rows = list(csv.DictReader(acled.open(encoding="utf-8")))
    assert any(r["pcode"] == pcode and r["admin3_code"] == feature["properties"]["admin3_code"] for r in rows)
    back = tmp_path / "back.gpkg"
    assert run_cli("ingest", str(acled), "--format", "acled", "--db", str(back)).returncode == 0
    r = run_cli("snapshot", "--db", str(back), "--date", "2016-12-31", "-o", str(snap))
    assert r.returncode == 0, r.stderr
    assert any(row["pcode"] == pcode for row in csv.DictReader(snap.open(encoding="utf-8")))
