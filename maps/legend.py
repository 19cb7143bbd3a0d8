"""The force table every map uses (colours and Arabic/English names) and the legend control."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from folium.template import Template

from maps.popups import script_json
from maps.safe import SafeMacroElement

FORCES_JSON = Path(__file__).resolve().parent.parent / "extract" / "data" / "forces.json"
_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
UNKNOWN_COLOR = "#9e9e9e"


@dataclass(frozen=True)
class ForceStyle:
    """How one force is drawn: its colour and its names."""

    id: str
    name_ar: str
    name_en: str
    color: str


def load_force_styles() -> dict[str, ForceStyle]:
    """Colours and names from extract's lexicon (or its JSON file if extract is not importable)."""
    try:
        from extract.forces import load_forces

        forces = [(f.id, f.name_ar, f.name_en, f.color) for f in load_forces().all()]
    except ImportError:
        raw = json.loads(FORCES_JSON.read_text(encoding="utf-8"))["forces"]
        forces = [(f["id"], f["name_ar"], f["name_en"], f["color"]) for f in raw]
    return {fid: ForceStyle(fid, ar, en, color if _COLOR.match(color or "") else UNKNOWN_COLOR)
            for fid, ar, en, color in forces}


def style_for(force_id: str, styles: dict[str, ForceStyle]) -> ForceStyle:
    """The style of ``force_id``; a force missing from the lexicon is drawn grey under its id."""
    return styles.get(force_id) or ForceStyle(force_id, force_id, force_id, UNKNOWN_COLOR)


class Legend(SafeMacroElement):
    """Bottom-left legend (over the Mediterranean when Syria is framed): force colours with Arabic and English names, state and kind symbols."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        conflictmap.legend({{ this._parent.get_name() }}, {{ this.data_json }}, {{ this.opts_json }});
        {% endmacro %}
    """)

    def __init__(self, forces: list[ForceStyle], *, note: str = "", position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.data_json = script_json({"forces": [
            {"id": f.id, "ar": f.name_ar, "en": f.name_en, "color": f.color} for f in forces]})
        self.opts_json = script_json({"note": note, "position": position})
