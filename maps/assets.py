"""Every JavaScript and CSS asset the maps use, declared once, with an offline (inlined) path.

folium scatters pinned CDN links over many modules and has no offline mode; branca's
``embedded=True`` writes a bytes repr. Here each asset has one record: name, version, CDN URL
(None for our own code) and the installed file it is inlined from. ``use_assets`` replaces a
map's asset lists *per instance* (folium's class lists are never mutated), so folium's default
jQuery/bootstrap/awesome-markers are neither linked nor needed.
"""
from __future__ import annotations

import base64
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from branca.element import CssLink, Figure, JavascriptLink

from core.errors import MapperError
from maps.safe import RawElement

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class Asset:
    """One script or stylesheet: where it lives online and which installed file holds it."""

    name: str
    kind: str  # "js" | "css"
    version: str
    cdn: str | None  # None: our own code, always inlined
    package: str | None  # importable package holding the file, None for maps/static
    path: str  # path of the file inside the package (or inside maps/static)


ASSETS: dict[str, Asset] = {a.name: a for a in (
    Asset("leaflet", "js", "1.9.4", "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
          "js_lib_leaflet", "static/js_lib_leaflet/leaflet.js"),
    Asset("leaflet_css", "css", "1.9.4", "https://unpkg.com/leaflet@1.9.4/dist/leaflet.css",
          "js_lib_leaflet", "static/js_lib_leaflet/leaflet.css"),
    Asset("conflictmap_js", "js", "1", None, None, "conflictmap.js"),
    Asset("conflictmap_css", "css", "1", None, None, "conflictmap.css"),
    Asset("conflictmap_basemap", "js", "1", None, None, "basemap.js"),  # offline background (maps/basemap_build.py)
)}
MAP_ASSETS = ("leaflet", "leaflet_css", "conflictmap_js", "conflictmap_css")


def asset_file(asset: Asset) -> Path:
    """The installed file of ``asset``; a clear error names the package to install."""
    if asset.package is None:
        return STATIC / asset.path
    spec = importlib.util.find_spec(asset.package)
    if spec is None or not spec.submodule_search_locations:
        raise MapperError(f"the offline map needs the '{asset.name}' asset from the Python package "
                          f"'{asset.package}'; install it with: pip install django-js-lib-leaflet")
    return Path(next(iter(spec.submodule_search_locations))) / asset.path


# Safe and bounded: keyed by the name of one of the few ASSETS, installed files that do not change while
# the process runs.
@lru_cache(maxsize=None)
def asset_text(name: str) -> str:
    """The asset's text, with CSS ``url(images/…)`` references turned into data: URIs."""
    asset = ASSETS[name]
    path = asset_file(asset)
    text = path.read_text(encoding="utf-8")
    if asset.kind == "css":
        def inline(match: re.Match[str]) -> str:
            image = path.parent / match.group(1)
            if not image.is_file():
                return "url(data:,)"
            data = base64.b64encode(image.read_bytes()).decode("ascii")
            return f"url(data:image/png;base64,{data})"
        text = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, text)
    return text


def inline_html(name: str) -> str:
    """A ``<script>``/``<style>`` element holding the asset; a closing tag inside cannot end it early."""
    asset = ASSETS[name]
    text = asset_text(name)
    if asset.kind == "js":
        return "<script>" + re.sub(r"</(script)", r"<\\/\1", text, flags=re.I) + "</script>"
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", text, flags=re.I) + "</style>"


def use_assets(element: object, figure: Figure, *, offline: bool, names: tuple[str, ...] = MAP_ASSETS) -> None:
    """Give ``element`` (a folium Map or DualMap) exactly ``names`` as its assets.

    Online, assets with a CDN URL are linked; everything else (and everything when offline) is
    inlined into the figure header, in order and keyed by name so two maps in one figure share one copy.
    """
    # Instance attributes: JSCSSMixin.render reads self.default_js; folium's class lists stay untouched.
    element.default_js = []  # type: ignore[attr-defined]
    element.default_css = []  # type: ignore[attr-defined]
    if offline and "conflictmap_basemap" not in names:
        names = names + ("conflictmap_basemap",)
    for n in names:  # in order, so our script always comes after Leaflet's
        asset = ASSETS[n]
        if offline or not asset.cdn:
            figure.header.add_child(RawElement(inline_html(n)), name=n)
        elif asset.kind == "js":
            figure.header.add_child(JavascriptLink(asset.cdn), name=n)
        else:
            figure.header.add_child(CssLink(asset.cdn), name=n)
