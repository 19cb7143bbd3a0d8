"""GeoNames country dump importer: columns, Arabic detection by script, feature codes → kinds, errors."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from core.errors import GazetteerError, InputError
from gazetteer.sources.geonames_dump import GeonamesDumpSource, is_arabic, iter_dump, kind_for


def dump_line(gid: int, name: str, alts: str, lat: float, lon: float, fclass: str, fcode: str, cc: str = "SY",
              admin1: str = "04", population: int = 0) -> str:
    """One record in the standard 19-column layout, written by hand for tests."""
    cols = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
            str(population), "", "250", "Asia/Damascus", "2021-03-04"]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


# Invented records (ids above 9e6 so they never collide with real GeoNames ids in cities500).
LINES = [
    dump_line(9100001, "Tall Wardi", "Tall Wardi,تل الوردي,تل وردي,Tell Wardi", 36.11, 38.92, "P", "PPL", population=900),
    dump_line(9100002, "Sadd al-Nahr", "سد النهر الصغير", 35.90, 38.60, "H", "DAM"),
    dump_line(9100003, "Matar Shamali", "مطار الشمال العسكري", 36.30, 38.80, "S", "AIRB"),
    dump_line(9100004, "Wadi Only", "وادي الريح", 36.00, 38.00, "H", "WAD"),  # streams are skipped
    dump_line(9100005, "Latin Only", "Latin Only,Latinus", 36.00, 38.00, "P", "PPL"),  # no Arabic name
    dump_line(9100006, "Hayy Jadid", "حي التجربة", 36.20, 38.95, "P", "PPLX"),
    dump_line(9100007, "Kurdish Town", "گوندی تاقی,قرية التاقي", 36.60, 41.00, "P", "PPL", admin1="01", population=6000),
    dump_line(9100008, "Iraqi Village", "قرية عراقية", 35.00, 43.00, "P", "PPL", cc="IQ", admin1="15"),
]


def write_dump(folder: Path, lines: list[str] = LINES, name: str = "SY.txt") -> Path:
    path = folder / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_script_detection() -> None:
    assert is_arabic("تل الوردي") and is_arabic("گوندی")
    assert not is_arabic("Tall Wardi") and not is_arabic("Тель")


def test_feature_codes_map_to_kinds() -> None:
    assert kind_for("H", "DAM", 0) == "dam"
    assert kind_for("S", "AIRB", 0) == "base"
    assert kind_for("S", "AIRP", 0) == "airport"
    assert kind_for("S", "PSTB", 0) == "crossing"
    assert kind_for("S", "CMPRF", 0) == "camp"
    assert kind_for("A", "ADM1", 0) == "governorate"
    assert kind_for("P", "PPLX", 0) == "neighbourhood"
    assert kind_for("P", "PPL", 60_000) == "city" and kind_for("P", "PPL", 6_000) == "town"
    assert kind_for("P", "PPL", 10) == "village"
    assert kind_for("H", "STM", 0) is None and kind_for("R", "RD", 0) is None


def test_parses_places_with_arabic_names_only(tmp_path: Path) -> None:
    places = {p.id: p for p in iter_dump(write_dump(tmp_path))}
    assert set(places) == {"gn:9100001", "gn:9100002", "gn:9100003", "gn:9100006", "gn:9100007", "gn:9100008"}
    wardi = places["gn:9100001"]
    assert (wardi.name_ar, wardi.name_en, wardi.kind, wardi.admin1) == ("تل الوردي", "Tall Wardi", "village", "Raqqa")
    assert wardi.alt_names == ("تل وردي",) and (wardi.lat, wardi.lon, wardi.population) == (36.11, 38.92, 900)
    assert places["gn:9100002"].kind == "dam" and places["gn:9100003"].kind == "base"
    # the Persian-lettered spelling is kept as a variant, not chosen as the main Arabic name
    taqi = places["gn:9100007"]
    assert taqi.name_ar == "قرية التاقي" and "گوندی تاقی" in taqi.alt_names and taqi.kind == "town"
    assert places["gn:9100008"].country == "IQ" and places["gn:9100008"].admin1 == "Nineveh"


def test_country_filter(tmp_path: Path) -> None:
    ids = {p.id for p in iter_dump(write_dump(tmp_path), countries=["iq"])}
    assert ids == {"gn:9100008"}


def test_reads_the_zip_as_downloaded(tmp_path: Path) -> None:
    txt = write_dump(tmp_path)
    zpath = tmp_path / "SY.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.write(txt, "SY.txt")
        zf.writestr("readme.txt", "not data")
    assert len(list(iter_dump(zpath))) == 6


def test_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    path = write_dump(tmp_path, LINES[:2] + ["name_ar,lat,lon\n"] + LINES[2:])
    with pytest.raises(InputError) as err:
        list(iter_dump(path))
    assert err.value.line == 3 and "19 tab-separated columns" in str(err.value) and "--format csv" in str(err.value)


def test_bad_number_names_the_line(tmp_path: Path) -> None:
    path = write_dump(tmp_path, [LINES[0], LINES[1].replace("35.9", "north")])
    with pytest.raises(InputError, match=r"SY.txt:2: .*not numeric"):
        list(iter_dump(path))


def test_source_protocol(tmp_path: Path) -> None:
    path = write_dump(tmp_path)
    src = GeonamesDumpSource(path)
    assert src.name == "geonames-sy"
    fp = src.fingerprint()
    assert all(p.source == "geonames-sy" for p in src.places())
    path.write_text("".join(LINES[:2]), encoding="utf-8")
    assert src.fingerprint() != fp  # size changed → index rebuilt
    path.write_text("broken\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="remove source geonames-sy"):
        list(src.places())
