"""Control by subdistrict: an optional layer shading each APPROXIMATE subdistrict area by the force that holds most
of its reported places on the date shown (it follows the timeline).

The areas (``data/subdistricts.json``) are merged Voronoi cells of the UN OCHA communities of each subdistrict,
built by ``maps/basemap_build.py``: an aid to reading the map, not surveyed boundaries, and Syria only. Which
places fall in which area is decided here, once, in Python; the browser only counts holders per area.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import folium
import shapely

from maps.safe import GroupLayer

SUBDISTRICTS_JSON = Path(__file__).resolve().parent / "data" / "subdistricts.json"
ADMIN_LABEL = "السيطرة حسب الناحية — by subdistrict (approx.)"


# Safe: packaged data that does not change while the process runs.
@lru_cache(maxsize=1)
def subdistricts() -> tuple[list[dict], shapely.STRtree]:
    """The subdistrict features and a spatial index over their geometries."""
    features = json.loads(SUBDISTRICTS_JSON.read_text(encoding="utf-8"))["features"]
    geoms = [shapely.from_geojson(json.dumps(f["geometry"])) for f in features]
    return features, shapely.STRtree(geoms)


def admin_data(data: dict) -> dict | None:
    """For the map data of ``maps.layers.encode``: the areas holding at least one place, and for each place the
    index of its area (-1 outside every area). None when no place falls in any area (e.g. a map of Iraq)."""
    features, tree = subdistricts()
    coords = [f["geometry"]["coordinates"] for f in data["places"]["features"]]
    if not coords:
        return None
    points = shapely.points(coords)
    place_idx, area_idx = tree.query(points, predicate="within")
    area_of = [-1] * len(coords)
    for p, a in zip(place_idx.tolist(), area_idx.tolist()):
        if area_of[p] < 0:
            area_of[p] = a
    used = sorted({a for a in area_of if a >= 0})
    if not used:
        return None
    renumber = {a: i for i, a in enumerate(used)}
    areas = [{"type": "Feature", "geometry": features[a]["geometry"],
              "properties": {"ar": features[a]["properties"]["ar"], "en": features[a]["properties"]["en"]}}
             for a in used]
    return {"areas": {"type": "FeatureCollection", "features": areas},
            "place_area": [renumber.get(a, -1) for a in area_of]}


class AdminLayer(GroupLayer):
    """Draws the control-by-subdistrict layer into its own (layer-control) group; follows the map's timeline."""

    js = "adminLayer"


def add_admin_layer(m: folium.Map, data: dict) -> bool:
    """Add the layer (off by default) to ``m`` drawn from ``data`` (``encode``'s output); False when no place of the
    map lies in a known subdistrict. Must come after the map's ControlLayers element (it reads its instance)."""
    admin = admin_data(data)
    if admin is None:
        return False
    group = folium.FeatureGroup(name=ADMIN_LABEL, show=False).add_to(m)
    AdminLayer(admin, group).add_to(m)
    return True
