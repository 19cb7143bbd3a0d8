"""Elements whose rendered text is never compiled again as a Jinja2 template.

branca's ``MacroElement.render`` wraps the output of each macro in ``Element(text)``, and
``Element`` compiles its text as a *new* template. Whatever data the macro put in its output
(article sentences, outlets, URLs, gazetteer names, force names) is then template source:
``{{ 7*7 }}`` renders as 49, a payload reaching Python through Jinja2's globals runs, and harmless
braces such as ``{#`` or ``{{بحاجة لمصدر}}`` stop the build. Every element of ours that carries
data, and folium's own elements that receive our data (the layer control, GeoJSON), render
through ``RawElement`` instead, so untrusted text is only ever a *value* in a template, never its
source. ``script_json`` additionally escapes ``{ } % #`` inside strings (defence in depth).
"""
from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from core.errors import InputError
from maps.popups import script_json


class RawElement(Element):
    """Text that is placed in the page as it is (``Element`` would compile it as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class SafeMacroElement(MacroElement):
    """``MacroElement`` whose header/html/script macros are rendered once and inserted raw."""

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise InputError(f"{type(self).__name__} must be added to a map before it is rendered")
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = module.get(part)
            if macro is not None:
                target.add_child(RawElement(macro(self, kwargs)), name=self.get_name())
        for child in list(self._children.values()):
            child.render(**kwargs)


class SafeLayerControl(folium.LayerControl, SafeMacroElement):
    """folium's layer control; its labels (force names) are data, never template source."""


class SafeGeoJson(folium.GeoJson, SafeMacroElement):
    """folium's GeoJSON layer; feature properties (force ids) are data, never template source."""


class GroupLayer(SafeMacroElement):
    """A layer the page's script draws into its own (layer-control) group from JSON data:
    ``conflictmap.<js>(map, group, data)``. Subclasses name the function in ``js`` (a constant of ours)."""

    js = ""
    _template = Template("""
        {% macro script(this, kwargs) %}
        conflictmap.{{ this.js }}({{ this._parent.get_name() }}, {{ this.group.get_name() }}, {{ this.data_json }});
        {% endmacro %}
    """)

    def __init__(self, data: dict, group: folium.FeatureGroup) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.group = group
        self.data_json = script_json(data)
