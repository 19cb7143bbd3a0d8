"""The embedded GeoNames extract, the governorates and the supplement loader."""
from __future__ import annotations

import pytest

from core.errors import GazetteerError
from gazetteer.model import KINDS
from gazetteer.sources.embedded import GOVERNORATES, EmbeddedSource
from gazetteer.sources.supplement import COLUMNS, SupplementSource


@pytest.fixture(scope="module")
def syria():
    return list(EmbeddedSource(["SY"]).places())


def test_embedded_is_filtered_to_the_countries(syria):
    assert {p.country for p in syria} == {"SY"}
    assert len(syria) > 250


def test_embedded_places_have_arabic_names_and_governorates(syria):
    raqqa = next(p for p in syria if p.id == "gn:172955")
    assert raqqa.name_ar == "الرقة" and raqqa.admin1 == "Raqqa" and raqqa.kind == "city"
    aleppo_gov = next(p for p in syria if p.id == "gov:SY-aleppo")
    assert aleppo_gov.kind == "governorate" and "حلب" in aleppo_gov.alt_names


def test_every_governorate_lies_in_its_country():
    for cc, _, names, lat, lon in GOVERNORATES:
        assert names
        if cc == "SY":
            assert 32.3 <= lat <= 37.4 and 35.6 <= lon <= 42.4
        else:
            assert 29.0 <= lat <= 37.5 and 38.7 <= lon <= 48.6


def test_shipped_supplement_is_valid():
    places = list(SupplementSource().places())
    assert places and all(p.kind in KINDS and p.id.startswith("sup:") and p.name_ar for p in places)
    assert len({p.id for p in places}) == len(places)


def test_supplement_row_errors_name_the_line(tmp_path):
    bad = tmp_path / "s.csv"
    bad.write_text(",".join(COLUMNS) + "\nx,اسم,Name,,hamlet,35,38,SY,,0,own\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"s.csv:2: kind 'hamlet'"):
        list(SupplementSource(bad).places())
    bad.write_text(",".join(COLUMNS) + "\nx,اسم,Name,,town,135,38,SY,,0,own\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="swapped"):
        list(SupplementSource(bad).places())


def test_supplement_fingerprint_follows_content(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    a = SupplementSource(f).fingerprint()
    f.write_text(",".join(COLUMNS) + "\nx,اسم,Name,بديل|آخر,town,35,38,SY,Homs,0,own\n", encoding="utf-8")
    assert SupplementSource(f).fingerprint() != a
    (p,) = SupplementSource(f).places()
    assert p.alt_names == ("بديل", "آخر") and p.id == "sup:x" and p.admin1 == "Homs"
    assert SupplementSource(tmp_path / "absent.csv").fingerprint() == "absent"
