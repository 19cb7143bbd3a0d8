"""Plain CSV importer: required columns, header aliases, delimiters, and errors that name the line."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import GazetteerError, InputError
from gazetteer.sources.csv_source import CsvSource, iter_csv

GOOD = """name_ar,name_en,lat,lon,kind,admin1,alt_names_ar,id
كفر التجربة,Kafr Tajriba,35.51,36.61,village,Idlib,كفرتجربة|كفر تجربه,T1
مخيم الامتحان,Imtihan Camp,36.2,36.7,camp,Idlib,,T2
حي المثال,Hayy al-Mithal,36.21,37.15,neighborhood,Aleppo,,T3

بلدة الاختبار,Baldat al-Ikhtibar,34.5,36.5,,Homs,,
"""


def write(tmp_path: Path, text: str, name: str = "places.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_rows_with_defaults(tmp_path: Path) -> None:
    places = list(iter_csv(write(tmp_path, GOOD), prefix="ocha"))
    assert [p.id for p in places] == ["ocha:T1", "ocha:T2", "ocha:T3", "ocha:L6"]  # no id → line number
    first = places[0]
    assert (first.name_ar, first.name_en, first.lat, first.lon, first.kind) == ("كفر التجربة", "Kafr Tajriba", 35.51, 36.61, "village")
    assert first.alt_names == ("كفرتجربة", "كفر تجربه") and first.country == "SY" and first.source == "ocha"
    assert places[1].kind == "camp"
    assert places[2].kind == "neighbourhood"  # American spelling accepted
    assert places[3].kind == "village"  # empty kind → populated-places default


def test_ocha_style_headers_semicolons_and_bom(tmp_path: Path) -> None:
    text = "\ufeffadmin4Pcode;admin4Name_en;admin4Name_ar;Latitude;Longitude\nC9001;Qarya;قرية المثال;35,2;37,1\n"
    (place,) = iter_csv(write(tmp_path, text))
    assert (place.id, place.name_ar, place.name_en, place.lat, place.lon) == ("csv:C9001", "قرية المثال", "Qarya", 35.2, 37.1)


@pytest.mark.parametrize("text, line, words", [
    ("name_en,lat,lon\nX,1,2\n", 1, "missing column(s) name_ar"),
    ("name_ar,lat,lon\nقرية,35.1,36\nقرية ثانية,north,36\n", 3, "decimal degrees"),
    ("name_ar,lat,lon\nقرية,135.1,36\n", 2, "swapped"),
    ("name_ar,lat,lon,kind\nقرية,35.1,36,castle\n", 2, "kind 'castle' is not one of"),
    ("name_ar,lat,lon\n,35.1,36\n", 2, "name_ar is empty"),
    ("name_ar,lat,lon,id\nقرية,35.1,36,A\nأخرى,35.2,36,A\n", 3, "duplicate id 'A'"),
])
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        list(iter_csv(path))
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: ") and words in str(err.value)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1256.csv"
    path.write_bytes("name_ar,lat,lon\nقرية,35,36\n".encode("cp1256"))
    with pytest.raises(InputError, match="save the file as UTF-8"):
        list(iter_csv(path))


def test_source_protocol(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, "ocha.csv")
    src = CsvSource(path)
    fp = src.fingerprint()
    assert src.name == "ocha" and len(list(src.places())) == 4
    path.write_text(GOOD.replace("35.51", "35.52"), encoding="utf-8")
    assert src.fingerprint() != fp
    path.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="remove source ocha"):
        list(src.places())
