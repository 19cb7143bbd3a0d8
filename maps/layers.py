"""Snapshots → compact map data, and the per-force layers that draw it.

A map carries every place once (a GeoJSON FeatureCollection) and, per timeline date, only the
places whose state changed since the previous date. That keeps a 10,000-place, many-date map
small, and the browser re-renders a date by replaying deltas instead of reloading layers.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import folium
from folium.template import Template

from geo.model import PlaceState, Snapshot
from maps.legend import ForceStyle, style_for
from maps.popups import evidence_row, html_text, script_json
from maps.safe import SafeMacroElement
from records.event import Evidence

STATE_CODES = {"held": 0, "contested": 1, "besieged": 2, "unknown": 3}
MAX_EVIDENCE = 5  # per place and date: enough to judge a dot, bounded for 10,000-place maps
UNKNOWN_FORCE = ForceStyle("unknown", "غير معروف", "Unknown", "#9e9e9e")
SEATS_JSON = Path(__file__).resolve().parent / "data" / "seats.json"


# Safe: packaged data that does not change while the process runs.
@lru_cache(maxsize=1)
def governorate_seats() -> frozenset[str]:
    """Arabic names of governorate seats (built by maps/basemap_build.py): their labels are placed first."""
    return frozenset(json.loads(SEATS_JSON.read_text(encoding="utf-8")))


def lonlat(lat: float, lon: float) -> list[float]:
    """GeoJSON position order (lon, lat), rounded to ~10 m."""
    return [round(float(lon), 4), round(float(lat), 4)]


def forces_drawn(snapshots: Sequence[Snapshot], styles: dict[str, ForceStyle]) -> list[ForceStyle]:
    """Every force that holds or contests a place on some date, in lexicon order, unknown last."""
    seen = {f for s in snapshots for p in s.places for f in ((p.force,) + tuple(p.forces)) if f}
    known = [style for fid, style in styles.items() if fid in seen]
    extra = [style_for(fid, styles) for fid in sorted(seen - set(styles))]
    unknown = [UNKNOWN_FORCE] if any(not p.force and not p.forces for s in snapshots for p in s.places) else []
    return known + extra + unknown


def encode(snapshots: Sequence[Snapshot], forces: Sequence[ForceStyle]) -> dict:
    """The data the browser draws: places, forces, evidence table, dates and per-date deltas."""
    force_index = {f.id: i for i, f in enumerate(forces)}
    place_index: dict[str, int] = {}
    features: list[dict] = []
    evidence_index: dict[Evidence, int] = {}
    evidence: list[list] = []
    steps: list[list] = []
    previous: dict[int, list] = {}
    seats = governorate_seats()

    def evidence_ids(items: Sequence[Evidence]) -> list[int]:
        ids = []
        for ev in items[:MAX_EVIDENCE]:
            if ev not in evidence_index:
                evidence_index[ev] = len(evidence)
                evidence.append(evidence_row(ev, force_index.get(ev.force, -1)))
            ids.append(evidence_index[ev])
        return ids

    def place(p: PlaceState) -> int:
        if p.place_id not in place_index:
            place_index[p.place_id] = len(features)
            props = {"id": p.place_id, "ar": p.name_ar, "en": p.name_en, "kind": p.kind,
                     "admin1": p.admin1, "country": p.country}
            if p.kind == "governorate" or (p.kind == "city" and p.name_ar in seats):
                props["seat"] = 1
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": lonlat(p.lat, p.lon)},
                             "properties": props})
        return place_index[p.place_id]

    for snap in snapshots:
        current: dict[int, list] = {}
        for p in snap.places:
            holder = force_index.get(p.force, -1) if p.force else -1
            if holder < 0 and not p.forces:
                holder = force_index.get("unknown", -1)
            current[place(p)] = [place(p), holder, [force_index[f] for f in p.forces if f in force_index],
                                 STATE_CODES.get(p.state, 3), p.since.isoformat() if p.since else "",
                                 round(float(p.confidence), 3), int(p.n_sources), evidence_ids(p.evidence),
                                 1 if p.stale else 0]
        delta = [row for pi, row in current.items() if previous.get(pi) != row]
        delta += [[pi] for pi in previous if pi not in current]
        steps.append(delta)
        previous = current
    return {"places": {"type": "FeatureCollection", "features": features},
            "forces": [{"id": f.id, "ar": f.name_ar, "en": f.name_en, "color": f.color} for f in forces],
            "evidence": evidence, "dates": [s.date.isoformat() for s in snapshots], "steps": steps}


def layer_label(force: ForceStyle) -> str:
    """The layer-control label. Leaflet inserts it as HTML, so every name is escaped here."""
    return (f'<span class="cm-swatch" style="background:{html_text(force.color)};'
            f'border-color:{html_text(force.color)}"></span>'
            f'<span class="cm-layer"><span class="cm-ar" lang="ar" data-force="{html_text(force.id)}">'
            f'{html_text(force.name_ar)}</span>'
            f'<span class="cm-en" dir="ltr" lang="en">{html_text(force.name_en)}</span></span>')


class ControlLayers(SafeMacroElement):
    """Draws the places of one map into its per-force feature groups, with popups and timeline."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        conflictmap.controlMap({{ this._parent.get_name() }}, {{ this.groups_js }}, {{ this.data_json }},
                               {{ this.opts_json }});
        {% endmacro %}
    """)

    def __init__(self, data: dict, groups: dict[str, folium.FeatureGroup], *, timeline: bool,
                 start: int | None = None) -> None:
        super().__init__()
        self._name = "ControlLayers"
        # Keys are JSON strings, values are folium's generated identifiers (never user text).
        self.groups_js = "{" + ",".join(f"{script_json(fid)}:{g.get_name()}" for fid, g in groups.items()) + "}"
        self.data_json = script_json(data)
        opts: dict = {"timeline": timeline}
        if start is not None:
            opts["start"] = start
        self.opts_json = script_json(opts)


def add_force_layers(m: folium.Map, snapshots: Sequence[Snapshot], forces: Sequence[ForceStyle], *,
                     timeline: bool, start: int | None = None) -> dict:
    """One FeatureGroup per force (each a LayerControl entry) filled by one ControlLayers element."""
    data = encode(snapshots, forces)
    groups = {f.id: folium.FeatureGroup(name=layer_label(f), show=True).add_to(m) for f in forces}
    ControlLayers(data, groups, timeline=timeline, start=start).add_to(m)
    return data
