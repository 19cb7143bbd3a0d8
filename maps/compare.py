"""Two synchronised maps side by side (D1 | D2) with a "changes" layer and a summary panel."""
from __future__ import annotations

from datetime import date
from typing import Sequence

import folium
from folium.plugins import DualMap
from folium.template import Template

from geo.compare import compare
from geo.model import Comparison, Snapshot
from geo.snapshot import snapshot
from maps.assets import use_assets
from maps.build import Background, fit
from maps.layers import add_force_layers, forces_drawn
from maps.legend import ForceStyle, Legend, load_force_styles
from maps.popups import evidence_row, script_json
from maps.safe import GroupLayer, SafeLayerControl, SafeMacroElement
from records.event import Event

SHOWN_CHANGES = ("gained", "lost", "changed_hands", "contested")
CHANGES_LABEL = "التغييرات — changes"


def encode_changes(comparison: Comparison, forces: Sequence[ForceStyle]) -> dict:
    """Compact rows for the changes layer; evidence goes through the same table format as popups."""
    index = {f.id: i for i, f in enumerate(forces)}
    evidence: list[list] = []
    rows = []
    for c in comparison.changes:
        if c.change not in SHOWN_CHANGES:
            continue
        ids = []
        for ev in c.evidence[:5]:
            ids.append(len(evidence))
            evidence.append(evidence_row(ev, index.get(ev.force, -1)))
        rows.append([c.name_ar, c.name_en, round(c.lat, 4), round(c.lon, 4), c.kind, c.change,
                     index.get(c.from_force, -1) if c.from_force else -1,
                     index.get(c.to_force, -1) if c.to_force else -1, c.from_state, c.to_state, ids])
    return {"changes": rows, "evidence": evidence, "date_from": comparison.date_from.isoformat(),
            "date_to": comparison.date_to.isoformat(),
            "forces": [{"id": f.id, "ar": f.name_ar, "en": f.name_en, "color": f.color} for f in forces]}


class Caption(SafeMacroElement):
    """A fixed caption at the top left of one map: what date this side shows."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        conflictmap.caption({{ this._parent.get_name() }}, {{ this.args_json }}[0], {{ this.args_json }}[1],
                            {{ this.args_json }}[2]);
        {% endmacro %}
    """)

    def __init__(self, ar: str, en: str, when: str) -> None:
        super().__init__()
        self._name = "Caption"
        self.args_json = script_json([ar, en, when])


class ChangesLayer(GroupLayer):
    """Markers for places gained, lost, changed hands or newly contested, and the summary panel."""

    js = "changes"


def comparison_map(before: Snapshot, after: Snapshot, comparison: Comparison, *,
                   offline: bool = False) -> DualMap:
    """Draw two snapshots side by side; the right map also carries the changes layer."""
    styles = load_force_styles()
    forces = forces_drawn([before, after], styles)
    dual = DualMap(location=(35.0, 38.5), zoom_start=6, tiles=None if offline else "OpenStreetMap",
                   control_scale=True)
    figure = dual.get_root()
    for m in (dual.m1, dual.m2):
        use_assets(m, figure, offline=offline)
    use_assets(dual, figure, offline=offline)  # drops Leaflet.Sync's CDN link; conflictmap.js provides sync()
    for m, snap, ar, en in ((dual.m1, before, "قبل", "before"), (dual.m2, after, "بعد", "after")):
        Caption(ar, en, snap.date.isoformat()).add_to(m)
        if offline:
            Background().add_to(m)
        if snap.places:
            add_force_layers(m, [snap], forces, timeline=False)
    group = folium.FeatureGroup(name=CHANGES_LABEL, show=True).add_to(dual.m2)
    ChangesLayer(encode_changes(comparison, forces), group).add_to(dual.m2)
    Legend(forces, note=f"Left: {before.date.isoformat()}  ·  right: {after.date.isoformat()} with changes",
           ).add_to(dual.m1)  # bottom left of the left map; the right map's corner holds the changes panel
    # The left layer control stays open: it is the list of forces and their colours for both sides.
    SafeLayerControl(collapsed=False, position="topright").add_to(dual.m1)
    SafeLayerControl(collapsed=True, position="topright").add_to(dual.m2)
    fit(dual.m1, [before, after], bottom_margin=150)  # the changes panel sits bottom left
    fit(dual.m2, [before, after], bottom_margin=150)
    return dual


def compare_map(events: Sequence[Event], date_from: date, date_to: date, *, offline: bool = False) -> DualMap:
    """The comparison map of ``events`` between two dates (geo decides what changed)."""
    return comparison_map(snapshot(events, date_from), snapshot(events, date_to),
                          compare(events, date_from, date_to), offline=offline)
