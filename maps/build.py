"""Build and save the layered control map.

``control_map`` turns events into snapshots (via geo) and hands them to ``snapshot_map``, which
only draws: one layer per force, legend, popups, optional timeline and approximate areas.
"""
from __future__ import annotations

import json
import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import folium
from branca.element import MacroElement
from folium.template import Template

from core.errors import InputError
from core.fsio import atomic_write_text
from geo.areas import control_areas
from geo.model import Snapshot
from maps.assets import use_assets
from maps.layers import add_force_layers, forces_drawn
from maps.legend import Legend, load_force_styles
from maps.popups import script_json
from maps.timeline import snapshots_at, timeline_dates
from records.event import Event

SYRIA_CENTER = (35.0, 38.5)
OUTLINE_BOX = (20.0, 10.0, 65.0, 45.0)  # lon/lat box of the offline background: Levant, Iraq, neighbours
FOCUS_COUNTRIES = {"Syria", "Iraq"}
COUNTRY_AR = {"Syria": "سوريا", "Iraq": "العراق", "Turkey": "تركيا", "Jordan": "الأردن", "Lebanon": "لبنان",
              "Israel": "إسرائيل", "Saudi Arabia": "السعودية", "Iran": "إيران", "Cyprus": "قبرص",
              "Kuwait": "الكويت", "Egypt": "مصر"}
AREAS_LABEL = "مناطق السيطرة التقريبية — approximate control areas"


@lru_cache(maxsize=1)
def country_outlines() -> dict:
    """Country outlines around Syria/Iraq from the Natural Earth file pyogrio ships (offline background)."""
    import pyogrio  # lazy: heavy third-party import, kept off start-up
    import shapely  # lazy: heavy third-party import, kept off start-up

    path = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    if not path.is_file():
        return {"type": "FeatureCollection", "features": []}
    frame = pyogrio.read_dataframe(path, columns=["name"])
    features = []
    for name, geom in zip(frame["name"], frame.geometry):
        clipped = shapely.set_precision(shapely.clip_by_rect(geom, *OUTLINE_BOX), 0.001)
        if clipped.is_empty:
            continue
        props: dict = {"name": str(name), "focus": name in FOCUS_COUNTRIES}
        if name in COUNTRY_AR:
            point = shapely.point_on_surface(clipped)
            props.update(name_ar=COUNTRY_AR[name], label=[round(point.x, 2), round(point.y, 2)])
        features.append({"type": "Feature", "geometry": json.loads(shapely.to_geojson(clipped)), "properties": props})
    return {"type": "FeatureCollection", "features": features}


class Background(MacroElement):
    """The offline base: sea colour and country outlines instead of tiles."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        conflictmap.background({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Background"
        self.data_json = script_json(country_outlines())


def new_map(*, offline: bool, figure_owner: object | None = None, **kwargs: object) -> folium.Map:
    """A Leaflet map with our assets only; OSM tiles online, outlines offline."""
    m = folium.Map(location=SYRIA_CENTER, zoom_start=6, tiles=None if offline else "OpenStreetMap",
                   control_scale=True, **kwargs)
    use_assets(figure_owner or m, m.get_root(), offline=offline)
    if figure_owner is not None:
        use_assets(m, m.get_root(), offline=offline)
    if offline:
        Background().add_to(m)
    return m


def add_areas(m: folium.Map, snapshot: Snapshot, forces: dict) -> None:
    """The approximate control areas as a translucent layer, off by default and labelled approximate."""
    frame = control_areas(snapshot)
    if frame is None or len(frame) == 0:
        return
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    keep = [c for c in ("force", "geometry") if c in frame.columns]
    colors = {fid: f.color for fid, f in forces.items()}
    group = folium.FeatureGroup(name=AREAS_LABEL, show=False).add_to(m)
    folium.GeoJson(
        json.loads(frame[keep].to_json()), interactive=False,
        style_function=lambda feature: {"color": colors.get(feature["properties"].get("force"), "#9e9e9e"),
                                        "weight": 1, "fillOpacity": 0.25, "opacity": 0.6, "dashArray": "4,4"},
    ).add_to(group)


def fit(m: folium.Map, snapshots: Sequence[Snapshot], left_margin: int = 230) -> None:
    """Frame the places drawn (with a margin), or Syria when there are none."""
    lats = [p.lat for s in snapshots for p in s.places]
    lons = [p.lon for s in snapshots for p in s.places]
    if lats:
        pad_lat = max(0.4, (max(lats) - min(lats)) * 0.08)
        pad_lon = max(0.4, (max(lons) - min(lons)) * 0.08)
        # Leave the left side for the legend, which sits over the Mediterranean when Syria is framed.
        m.fit_bounds([[min(lats) - pad_lat, min(lons) - pad_lon], [max(lats) + pad_lat, max(lons) + pad_lon]],
                     padding_top_left=(left_margin, 10), padding_bottom_right=(10, 10))


def snapshot_map(snapshots: Sequence[Snapshot], *, offline: bool = False, timeline: bool = True,
                 areas: Snapshot | None = None) -> folium.Map:
    """Draw ``snapshots`` (one per timeline date, in date order); the last one is shown first."""
    if not snapshots:
        raise InputError("nothing to draw: no located events; check the input has resolved places and dates")
    styles = load_force_styles()
    forces = forces_drawn(snapshots, styles)
    m = new_map(offline=offline)
    add_force_layers(m, snapshots, forces, timeline=timeline)
    if areas is not None:
        add_areas(m, areas, styles)
    Legend(forces, note="Places from Arabic news reports; click a place for its evidence.").add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    fit(m, snapshots)
    return m


def control_map(events: Sequence[Event], *, on: date | None = None, offline: bool = False, areas: bool = False,
                timeline: bool = True) -> folium.Map:
    """The control map of ``events``: a timeline over every event date, or the fixed snapshot ``on``."""
    return draw(events, on=on, offline=offline, areas=areas, timeline=timeline)[0]


def draw(events: Sequence[Event], *, on: date | None = None, offline: bool = False, areas: bool = False,
         timeline: bool = True) -> tuple[folium.Map, Snapshot]:
    """``control_map`` plus the snapshot shown when the page opens (what a GeoJSON sidecar records)."""
    if on is not None or not timeline:
        day = on or max((e.effective_date for e in events if e.effective_date), default=None)
        dates = [day] if day else []
    else:
        dates = timeline_dates(events)
    snapshots = [s for s in snapshots_at(events, dates) if s.places]
    if not snapshots:
        raise InputError("nothing to draw: no event has both a located place and a date"
                         + (f" on or before {on.isoformat()}" if on else "")
                         + "; check the events file or pick a later --date")
    m = snapshot_map(snapshots, offline=offline, timeline=timeline and on is None,
                     areas=snapshots[-1] if areas else None)
    return m, snapshots[-1]


def save_map(m: folium.Map | MacroElement, path: str | os.PathLike[str]) -> None:
    """Render the whole page and write it atomically (branca's save writes in place)."""
    atomic_write_text(path, m.get_root().render())
