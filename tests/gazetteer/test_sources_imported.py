"""Imported sources: stored converted copy + manifest, listing, replacing, removing, stacking, CLI."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from core.errors import InputError, UsageError
from gazetteer.sources.imported import (ImportedSource, default_name, import_file, list_imported, remove_imported,
                                        store_root)
from gazetteer.sources.registry import default_sources
from tests.conftest import run_cli
from tests.gazetteer.test_sources_csv import GOOD
from tests.gazetteer.test_sources_geonames import LINES, write_dump


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data and cache dir per test, so imports never leak into other tests' gazetteer."""
    monkeypatch.setenv("CONFLICTMAP_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CONFLICTMAP_CACHE", str(tmp_path / "cache"))
    return tmp_path


def test_default_names() -> None:
    assert default_name("/x/SY.txt", "geonames") == "geonames-sy"
    assert default_name("/x/SY.zip", "geonames") == "geonames-sy"
    assert default_name("/x/OCHA Places 2019.csv", "csv") == "ocha-places-2019"


def test_import_geonames_stores_copy_and_manifest(home: Path) -> None:
    manifest, replaced = import_file(write_dump(home), "geonames")
    assert (manifest.name, manifest.format, manifest.rows, replaced) == ("geonames-sy", "geonames", 6, False)
    folder = store_root() / "geonames-sy"
    assert folder == home / "data" / "gazetteer" / "geonames-sy"
    stored = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert stored["rows"] == 6 and stored["origin"].endswith("SY.txt")
    (src,) = list_imported()
    assert isinstance(src, ImportedSource) and src.name == "geonames-sy"
    places = {p.id: p for p in src.places()}
    assert places["gn:9100001"].name_ar == "تل الوردي" and places["gn:9100001"].alt_names == ("تل وردي",)
    assert places["gn:9100002"].kind == "dam" and all(p.source == "geonames-sy" for p in places.values())


def test_stacks_on_the_embedded_default(home: Path) -> None:
    import_file(write_dump(home), "geonames")
    (home / "ocha.csv").write_text(GOOD, encoding="utf-8")
    import_file(home / "ocha.csv", "csv")
    names = [s.name for s in default_sources(["SY"])]
    assert names == ["embedded", "supplement", "geonames-sy", "ocha"]


def test_reimport_replaces_and_changes_fingerprint(home: Path) -> None:
    path = write_dump(home)
    import_file(path, "geonames", name="mine")
    fp = list_imported()[0].fingerprint()
    write_dump(home, LINES[:3])
    manifest, replaced = import_file(path, "geonames", name="mine")
    assert replaced and manifest.rows == 3
    assert list_imported()[0].fingerprint() != fp


def test_bad_file_leaves_previous_import_intact(home: Path) -> None:
    path = write_dump(home)
    import_file(path, "geonames", name="mine")
    write_dump(home, LINES[:4] + ["only\tthree\tcolumns\n"])
    with pytest.raises(InputError) as err:
        import_file(path, "geonames", name="mine")
    assert err.value.line == 5
    assert len(list(list_imported()[0].places())) == 6


def test_nothing_usable_is_an_error(home: Path) -> None:
    with pytest.raises(InputError, match="no usable places"):
        import_file(write_dump(home, LINES[3:5]), "geonames")
    assert list_imported() == []


def test_names_and_formats_are_checked(home: Path) -> None:
    path = write_dump(home)
    with pytest.raises(UsageError, match="not allowed"):
        import_file(path, "geonames", name="embedded")
    with pytest.raises(UsageError, match="not allowed"):
        import_file(path, "geonames", name="../escape")
    with pytest.raises(UsageError, match="--format geonames or --format csv"):
        import_file(path, "shapefile")
    with pytest.raises(InputError, match="no such file"):
        import_file(home / "missing.txt", "geonames")


def test_remove(home: Path) -> None:
    import_file(write_dump(home), "geonames")
    remove_imported("geonames-sy")
    assert list_imported() == [] and not (store_root() / "geonames-sy").exists()
    with pytest.raises(UsageError, match="no imported source named 'geonames-sy'"):
        remove_imported("geonames-sy")


def test_damaged_import_is_skipped_not_fatal(home: Path, caplog: pytest.LogCaptureFixture) -> None:
    import_file(write_dump(home), "geonames", name="good")
    import_file(write_dump(home), "geonames", name="bad")
    (store_root() / "bad" / "manifest.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert [s.name for s in list_imported()] == ["good"]
    assert "gazetteer remove bad" in caplog.text


def test_cli_import_sources_lookup_remove(tmp_path: Path) -> None:
    env = {"CONFLICTMAP_DATA": str(tmp_path / "data"), "CONFLICTMAP_CACHE": str(tmp_path / "cache")}
    dump = write_dump(tmp_path)
    csv_path = tmp_path / "ocha.csv"
    csv_path.write_text(GOOD, encoding="utf-8")

    r = run_cli("gazetteer", "import", str(dump), "--format", "geonames", env=env)
    assert r.returncode == 0, r.stderr
    assert "imported geonames-sy: 6 places" in r.stdout
    r = run_cli("gazetteer", "import", str(csv_path), "--format", "csv", "--name", "ocha", env=env)
    assert r.returncode == 0 and "imported ocha: 4 places" in r.stdout, r.stderr

    r = run_cli("gazetteer", "sources", "--json", env=env)
    assert r.returncode == 0, r.stderr
    infos = {d["name"]: d for d in map(json.loads, r.stdout.splitlines())}
    assert list(infos) == ["embedded", "supplement", "geonames-sy", "ocha"]
    assert infos["geonames-sy"]["rows"] == 6 and infos["ocha"]["rows"] == 4 and infos["supplement"]["rows"] >= 250
    assert infos["ocha"]["path"] == str(tmp_path / "data" / "gazetteer" / "ocha") and infos["ocha"]["fingerprint"]

    r = run_cli("gazetteer", "lookup", "تل الوردي", "كفر التجربة", "--json", env=env)
    assert r.returncode == 0, r.stderr
    first = [json.loads(line)["candidates"][0] for line in r.stdout.splitlines()]
    assert first[0]["id"] == "gn:9100001" and first[0]["lat"] == 36.11
    assert first[1]["id"] == "ocha:T1"

    r = run_cli("gazetteer", "remove", "ocha", env=env)
    assert r.returncode == 0 and "removed ocha" in r.stdout
    r = run_cli("gazetteer", "lookup", "كفر التجربة", "--json", env=env)
    assert all(c["id"] != "ocha:T1" for c in json.loads(r.stdout)["candidates"])


def test_cli_errors_are_one_clear_line(tmp_path: Path) -> None:
    env = {"CONFLICTMAP_DATA": str(tmp_path / "data"), "CONFLICTMAP_CACHE": str(tmp_path / "cache")}
    bad = tmp_path / "bad.csv"
    bad.write_text("name_ar,lat,lon\nقرية,35.1,36\nقرية,x,36\n", encoding="utf-8")
    r = run_cli("gazetteer", "import", str(bad), "--format", "csv", env=env)
    assert r.returncode == 1 and f"{bad}:3:" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("gazetteer", "remove", "nothing-here", env=env)
    assert r.returncode == 2 and "no imported source named" in r.stderr
    r = run_cli("gazetteer", "import", "--help")
    assert "example:" in r.stdout and "--format geonames" in r.stdout


def test_country_filter_applies_to_csv_too(home: Path) -> None:
    path = home / "mixed.csv"
    path.write_text("name_ar,lat,lon,country\nقرية سورية,35.1,37.1,SY\nقرية عراقية,35.1,43.1,IQ\n", encoding="utf-8")
    manifest, _ = import_file(path, "csv", countries=["iq"])
    assert manifest.rows == 1 and manifest.countries == ("IQ",)
    assert [p.name_ar for p in list_imported()[0].places()] == ["قرية عراقية"]
