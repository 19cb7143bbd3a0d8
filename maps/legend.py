"""The force table every map uses (colours and Arabic/English names) and the legend control."""
from __future__ import annotations

import re
from dataclasses import dataclass

from branca.element import MacroElement
from folium.template import Template

from maps.popups import script_json
from records.forces import load_forces

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
    """Colours and names from the force table (``records.forces``)."""
    return {f.id: ForceStyle(f.id, f.name_ar, f.name_en, f.color if _COLOR.match(f.color or "") else UNKNOWN_COLOR)
            for f in load_forces()}


def style_for(force_id: str, styles: dict[str, ForceStyle]) -> ForceStyle:
    """The style of ``force_id``; a force missing from the lexicon is drawn grey under its id."""
    return styles.get(force_id) or ForceStyle(force_id, force_id, force_id, UNKNOWN_COLOR)


class Legend(MacroElement):
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
