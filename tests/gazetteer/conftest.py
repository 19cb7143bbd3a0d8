"""Fixtures for the gazetteer tests: the real default gazetteer and a tiny hand-made one."""
from __future__ import annotations

import pytest

from gazetteer import Gazetteer, load_gazetteer
from gazetteer.index import build_index
from gazetteer.model import Place


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The default gazetteer (embedded + supplement + imported), built once into the test cache."""
    return load_gazetteer()


def P(id: str, name: str, lat: float, lon: float, kind: str = "town", country: str = "SY", admin1: str = "",
      population: int = 0, alts: tuple[str, ...] = (), source: str = "test") -> Place:
    return Place(id=id, name_ar=name, name_en=id, lat=lat, lon=lon, kind=kind, country=country, admin1=admin1,
                 population=population, source=source, alt_names=alts)


# Invented places on a small map: two namesakes far apart, a long name containing a short one.
TOY = [
    P("alpha", "الفا", 35.0, 37.0, "city", admin1="A", population=200_000),
    P("beta-near", "بيتا", 35.05, 37.05, "village", admin1="A"),
    P("beta-far", "بيتا", 33.0, 40.0, "village", admin1="B"),
    P("gamma", "غاما", 33.1, 40.1, "city", admin1="B", population=150_000),
    P("delta", "دلتا", 36.0, 38.0, admin1="C", population=20_000),
    P("delta-new", "دلتا الجديدة", 36.1, 38.1, admin1="C"),
    P("gov-a", "محافظة الفا", 35.1, 37.3, "governorate", admin1="A", alts=("الفا",)),
    P("salma-toy", "سلمى", 35.6, 36.2, admin1="A"),
    P("may-village", "أيار", 35.2, 37.2, "village", admin1="A"),
    P("camp", "مخيم الزيتون", 34.0, 38.0, "camp", admin1="C"),
]


@pytest.fixture(scope="session")
def toy() -> Gazetteer:
    return Gazetteer(build_index(TOY))
