"""`gazetteer lookup` through the real entry point."""
from __future__ import annotations

import json

from tests.conftest import run_cli


def test_lookup_json_one_object_per_query():
    r = run_cli("gazetteer", "lookup", "الرقة", "زنبقستانيات", "--json")
    assert r.returncode == 1, r.stderr  # one name had no candidate
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["query"] for o in lines] == ["الرقة", "زنبقستانيات"]
    best = lines[0]["candidates"][0]
    assert set(best) == {"id", "pcode", "name_ar", "name_en", "lat", "lon", "kind", "admin1", "admin1_code", "admin2",
                         "admin2_code", "admin3", "admin3_code", "country", "score", "why"}
    assert [o["status"] for o in lines] == ["resolved", "unresolved"]
    assert best["admin1_code"] == "SY11" and best["pcode"].startswith("C")
    assert best["country"] == "SY" and abs(best["lat"] - 35.95) < 0.1 and abs(best["lon"] - 39.01) < 0.1
    assert lines[1]["candidates"] == []


def test_lookup_reads_names_from_stdin():
    r = run_cli("gazetteer", "lookup", "-", "--json", "--limit", "1", input="السخنة\n\nحلب\n")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["query"] for o in rows] == ["السخنة", "حلب"]
    assert all(len(o["candidates"]) == 1 for o in rows)


def test_lookup_text_output_shows_reasons():
    r = run_cli("gazetteer", "lookup", "حلب")
    assert r.returncode == 0 and "Aleppo" in r.stdout and "why:" in r.stdout and "score" in r.stdout


def test_lookup_bad_limit_is_a_usage_error():
    r = run_cli("gazetteer", "lookup", "حلب", "--limit", "0")
    assert r.returncode == 2 and "--limit" in r.stderr
