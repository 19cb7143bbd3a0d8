"""The index is built once per content of the sources and then read from the cache."""
from __future__ import annotations

from typing import Iterator

import pytest

from gazetteer.index import build_index, cache_key, index_keys, load_index
from gazetteer.model import Place
from gazetteer.sources.base import Source
from gazetteer.sources.registry import default_sources
from tests.gazetteer.conftest import P


class Counting(Source):
    name = "counting"

    def __init__(self, places: list[Place], fp: str = "v1") -> None:
        self._places, self.fp, self.calls = places, fp, 0

    def fingerprint(self) -> str:
        return self.fp

    def places(self) -> Iterator[Place]:
        self.calls += 1
        yield from self._places


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_CACHE", str(tmp_path))
    return tmp_path


def test_built_once_then_cached(cache):
    src = Counting([P("x", "الفا", 35, 37)])
    first = load_index([src])
    second = load_index([src])
    assert src.calls == 1 and list(cache.glob("gazetteer-*.pickle"))
    assert [p.id for p in second.places] == [p.id for p in first.places] == ["x"]


def test_a_changed_fingerprint_rebuilds(cache):
    load_index([Counting([P("x", "الفا", 35, 37)], "v1")])
    src = Counting([P("y", "بيتا", 35, 37)], "v2")
    assert [p.id for p in load_index([src]).places] == ["y"] and src.calls == 1


def test_a_corrupt_cache_is_rebuilt_not_trusted(cache):
    src = Counting([P("x", "الفا", 35, 37)])
    key = cache_key([src])
    (cache / f"gazetteer-{key}.pickle").write_bytes(b"not a pickle")
    assert [p.id for p in load_index([src]).places] == ["x"] and src.calls == 1


def test_duplicate_ids_keep_the_first_source():
    idx = build_index([P("x", "الفا", 35, 37), P("x", "بيتا", 30, 30)])
    assert len(idx.places) == 1 and idx.places_for("الفا")[0].lat == 35


@pytest.mark.parametrize("name, keys", [
    ("مطار الشعيرات", {"الشعيرات"}),              # leading cue word dropped
    ("كفر نبل", {"كفر نبل", "كفرنبل"}),           # spaced and joined
    ("كفرنبل", {"كفرنبل", "كفر نبل"}),
    ("حماة", {"حماه"}),
])
def test_index_keys(name, keys):
    assert index_keys(name) == keys


def test_default_sources_include_embedded_and_supplement():
    names = [s.name for s in default_sources(["SY"])]
    assert names[:2] == ["embedded", "supplement"]


def test_cold_load_is_fast_on_a_warm_cache(gaz):
    # Not a timing assertion: loading twice must reuse the same cache key and give the same places.
    from gazetteer import load_gazetteer
    again = load_gazetteer()
    assert again.index.key == gaz.index.key and len(again) == len(gaz) > 500


def test_stale_index_files_are_pruned(cache):
    from gazetteer.index import KEEP_CACHES

    for i in range(KEEP_CACHES + 3):
        load_index([Counting([P("x", "الفا", 35, 37)], f"v{i}")])
    assert len(list(cache.glob("gazetteer-*.pickle"))) == KEEP_CACHES


def test_a_place_unpickles_through_its_constructor_to_an_equal_place():
    # Place.__reduce__: the cached index's places are made by __init__ (quick field reads), and equal the originals
    import pickle

    from gazetteer.model import Place

    place = Place("sup:x", "س", "x", 36.1, 37.2, "town", country="SY", admin1="Aleppo", population=12,
                  source="supplement", alt_names=("ص",), merged_ids=("gn:1",), admin2_code="SY0200",
                  origin=(36.2, 37.1))
    copy = pickle.loads(pickle.dumps(place, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == place and hash(copy) == hash(place) and repr(copy) == repr(place)
    assert place.__reduce__()[0] is Place
