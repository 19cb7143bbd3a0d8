"""The offline background (maps/static/basemap.js) and the script that builds it."""
from __future__ import annotations

import json

import pytest
import shapely

from maps.assets import STATIC
from maps.basemap_build import community_governorates, seats
from maps.build import control_map
from maps.compare import comparison_map
from maps.layers import encode, forces_drawn
from maps.legend import load_force_styles
from tests.conftest import require
from testing import synthetic

PREFIX = "window.conflictmapBasemap = "


@pytest.fixture(scope="module")
def basemap() -> dict:
    text = (STATIC / "basemap.js").read_text(encoding="utf-8")
    body = text[text.index(PREFIX) + len(PREFIX):].rstrip().rstrip(";")
    return json.loads(body)


def layer(basemap: dict, name: str):
    return shapely.union_all([shapely.from_geojson(json.dumps(f["geometry"]))
                              for f in basemap["features"] if f["properties"]["layer"] == name])


def test_background_shows_the_syrian_coast_the_euphrates_and_governorate_lines(basemap) -> None:
    land, river, gov = layer(basemap, "land"), layer(basemap, "river"), layer(basemap, "governorate")
    assert land.boundary.distance(shapely.Point(35.78, 35.52)) < 0.03  # the coast at Latakia, to ~3 km
    assert land.contains(shapely.Point(36.3, 33.5)) and not land.contains(shapely.Point(35.5, 34.9))
    assert river.distance(shapely.Point(40.14, 35.33)) < 0.05  # the Euphrates at Deir ez-Zor
    assert river.distance(shapely.Point(38.01, 36.82)) < 0.06  # ... and where it enters Syria at Jarabulus
    assert river.distance(shapely.Point(43.13, 36.34)) < 0.06  # the Tigris at Mosul
    assert not layer(basemap, "border").is_empty
    # Approximate governorate lines run inside Syria (e.g. between Aleppo and Idlib), never off in Iraq.
    assert gov.distance(shapely.Point(36.85, 36.0)) < 0.25
    assert gov.bounds[2] < 42.5 and gov.length > 12
    assert "APPROXIMATE" in basemap["sources"]["governorate"]
    assert {"Syria", "Iraq"} <= {p["name"] for p in basemap["labels"]}


def test_background_is_small(basemap) -> None:
    assert (STATIC / "basemap.js").stat().st_size < 450_000


def test_offline_pages_inline_the_background_once(basemap) -> None:
    before, after, cmp = synthetic.comparison()
    dual = comparison_map(before, after, cmp, offline=True).get_root().render()
    assert dual.count(PREFIX) == 1 and dual.count("conflictmap.background(") == 2
    online = control_map(synthetic.events(), offline=False).get_root().render()
    assert PREFIX not in online


def test_governorate_seats_are_flagged_for_label_priority() -> None:
    snap = synthetic.dense_snapshot(50)
    data = encode([snap], forces_drawn([snap], load_force_styles()))
    seats_drawn = [f["properties"]["ar"] for f in data["places"]["features"] if f["properties"].get("seat")]
    assert seats_drawn == ["إدلب"]


def test_build_script_maps_every_community_to_a_governorate(shared) -> None:
    require((shared / "data" / "syria").is_dir(), "shared data/syria is missing")
    points, govs = community_governorates(shared)
    assert len(points) == len(govs) > 5000
    assert len(set(govs)) == 14
    assert "حلب" in seats(shared) and "ريف دمشق" not in seats(shared)
