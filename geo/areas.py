"""Approximate control areas: Voronoi cells around held places, for display only.

This is NOT ground truth: a cell says "nearer to a place held by X than to any other
known place", clipped to country outlines, dissolved per force, with contested places
cut out. Every row carries ``approximate=True`` and a note saying so. Areas are
computed in a Lambert azimuthal equal-area projection centred on the data.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from core.errors import GazetteerError
from geo.model import Snapshot

NOTE = "approximate: Voronoi cells around held places clipped to country outlines; not ground truth"
# ISO 3166 alpha-2 (what places carry) → alpha-3 (what Natural Earth carries), for the region we map.
ISO3 = {"SY": "SYR", "IQ": "IRQ", "TR": "TUR", "LB": "LBN", "JO": "JOR", "IL": "ISR", "PS": "PSE", "SA": "SAU",
        "IR": "IRN", "KW": "KWT", "EG": "EGY", "CY": "CYP"}


def natural_earth_path() -> Path:
    """Natural Earth 1:110m countries as shipped inside pyogrio's test fixtures (offline, no download)."""
    import pyogrio  # lazy: heavy third-party import, kept off start-up

    path = Path(pyogrio.__file__).resolve().parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    if not path.is_file():
        raise GazetteerError(f"country outlines not found at {path}: reinstall pyogrio (pip install --force-reinstall pyogrio)")
    return path


# Safe: the country outlines are installed data (pyogrio's) that do not change while the process runs.
@lru_cache(maxsize=1)
def _world():
    import geopandas as gpd  # lazy: heavy third-party import, kept off start-up

    world = gpd.read_file(natural_earth_path())
    return world.set_crs("EPSG:4326", allow_override=True) if world.crs is None else world.to_crs("EPSG:4326")


def country_outlines(iso3_list: Sequence[str] | None = None):
    """Country polygons (WGS84) for ISO alpha-3 codes, or all of them; columns iso_a3, name, geometry.

    Shared with maps/ for the offline background.
    """
    world = _world()[["iso_a3", "name", "geometry"]]
    if iso3_list is None:
        return world.copy()
    wanted = {c.upper() for c in iso3_list}
    return world[world["iso_a3"].isin(wanted)].reset_index(drop=True)


def _equal_area(lat: float, lon: float) -> str:
    return f"+proj=laea +lat_0={lat:.4f} +lon_0={lon:.4f} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"


def control_areas(snap: Snapshot, *, countries: Sequence[str] | None = None, contested_buffer_km: float = 3.0):
    """One (multi)polygon per force on the snapshot date with ``area_km2``; empty when nobody holds anything.

    Columns: force, n_places, area_km2, approximate, note, geometry (EPSG:4326).
    """
    import geopandas as gpd  # lazy: heavy third-party import, kept off start-up
    import shapely  # lazy: heavy third-party import, kept off start-up

    held = [p for p in snap.places if p.force and p.state in ("held", "besieged")]
    contested = [p for p in snap.places if p.state == "contested"]
    columns = ["force", "n_places", "area_km2", "approximate", "note", "geometry"]
    if not held:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry="geometry", crs="EPSG:4326")
    codes = countries or sorted({ISO3.get(p.country, p.country) for p in held if p.country}) or ["SYR"]
    outline = shapely.union_all(country_outlines(codes).geometry.values)
    lat0 = sum(p.lat for p in held) / len(held)
    lon0 = sum(p.lon for p in held) / len(held)
    crs = _equal_area(lat0, lon0)
    pts = gpd.GeoSeries(shapely.points([p.lon for p in held], [p.lat for p in held]), crs="EPSG:4326").to_crs(crs)
    clip = gpd.GeoSeries([outline], crs="EPSG:4326").to_crs(crs).iloc[0] if not outline.is_empty else None
    # One cell per distinct location (two places at one point would make a degenerate diagram).
    first: dict[tuple[float, float], int] = {}
    for i, g in enumerate(pts.values):
        first.setdefault((round(g.x, 1), round(g.y, 1)), i)
    keep = list(first.values())
    extent = shapely.box(*shapely.MultiPoint(list(pts.values)).buffer(500_000).bounds)
    if len(keep) == 1:
        cells = [extent]
    else:
        diagram = shapely.voronoi_polygons(shapely.MultiPoint([pts.values[i] for i in keep]), extend_to=extent,
                                           ordered=True)
        cells = list(diagram.geoms)
    if clip is not None:
        cells = [c.intersection(clip) for c in cells]
    if contested:
        cpts = gpd.GeoSeries(shapely.points([p.lon for p in contested], [p.lat for p in contested]),
                             crs="EPSG:4326").to_crs(crs)
        hole = shapely.union_all(cpts.buffer(contested_buffer_km * 1000).values)
        cells = [c.difference(hole) for c in cells]
    by_force: dict[str, list] = {}
    count: dict[str, int] = {}
    for i, cell in zip(keep, cells):
        by_force.setdefault(held[i].force, []).append(cell)
    for p in held:
        count[p.force] = count.get(p.force, 0) + 1
    forces = sorted(by_force)
    geoms = gpd.GeoSeries([shapely.union_all(by_force[f]) for f in forces], crs=crs)
    out = gpd.GeoDataFrame({
        "force": forces, "n_places": [count[f] for f in forces], "area_km2": (geoms.area / 1e6).round(1).values,
        "approximate": [True] * len(forces), "note": [NOTE] * len(forces),
    }, geometry=geoms.to_crs("EPSG:4326").values, crs="EPSG:4326")
    return out[out.area_km2 > 0].reset_index(drop=True)
