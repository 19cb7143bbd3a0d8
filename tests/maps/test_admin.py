"""Control by subdistrict (``map --admin``): approximate areas shaded by the force holding most of their places."""
from __future__ import annotations

from maps.admin import admin_data
from maps.build import control_map, save_map
from tests.conftest import run_cli
from testing import synthetic
from tests.maps.test_browser import INSTANCE, Page, browser  # noqa: F401  (the module-scoped chromium fixture)


def test_places_are_assigned_to_the_subdistrict_around_them() -> None:
    points = [[e.lon, e.lat] for e in synthetic.events()] + [[44.4, 33.3]]  # ... and Baghdad, in no Syrian area
    data = {"places": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": c}, "properties": {}} for c in points]}}
    admin = admin_data(data)
    assert admin is not None and admin["place_area"][-1] == -1
    raqqa = admin["areas"]["features"][admin["place_area"][0]]["properties"]
    assert "الرقة" in raqqa["ar"] and "Raqqa" in raqqa["en"]
    manbij = admin["areas"]["features"][admin["place_area"][5]]["properties"]
    assert "منبج" in manbij["ar"]
    assert len(admin["areas"]["features"]) == len(set(admin["place_area"]) - {-1})  # only areas with places


def test_map_admin_option_end_to_end(tmp_path) -> None:
    events = tmp_path / "events.geojson"
    from geo.io import write_events

    write_events(events, synthetic.events(), "geojson")
    out = tmp_path / "admin.html"
    result = run_cli("map", "--events", str(events), "--offline", "--admin", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "conflictmap.adminLayer(" in page and "by subdistrict" in page
    plain = tmp_path / "plain.html"
    assert run_cli("map", "--events", str(events), "-o", str(plain)).returncode == 0
    assert "conflictmap.adminLayer(" not in plain.read_text(encoding="utf-8")


def test_admin_layer_follows_the_timeline(browser, tmp_path) -> None:  # noqa: F811
    path = tmp_path / "admin.html"
    save_map(control_map(synthetic.events(), offline=True, admin=True), path)
    page = Page(browser, path, 1400, 800)
    label = page.page.locator(".leaflet-control-layers-overlays label", has_text="by subdistrict")
    label.locator("input").check()
    fills = ("Array.from(document.querySelectorAll('.leaflet-cm-admin-pane path'))"
             ".filter(p => p.getAttribute('fill-opacity') !== '0').map(p => p.getAttribute('fill'))")
    colors = {f["id"]: f["color"] for f in page.eval(f"{INSTANCE}.data.forces")}
    assert colors["sdf"] in page.eval(fills)  # Raqqa's subdistrict, held by the SDF on the last date
    page.page.locator(".cm-timeline input[type=range]").fill("0")
    assert colors["sdf"] not in page.eval(fills) and colors["isis"] in page.eval(fills)  # ... and by ISIS in 2014
    raqqa = page.eval(f"{INSTANCE}.map.latLngToContainerPoint([35.95, 39.03])")
    page.page.mouse.move(raqqa["x"] + 8, raqqa["y"] + 8)
    assert page.page.locator(".leaflet-tooltip .cm-tip").count() >= 1
    assert page.errors == []
