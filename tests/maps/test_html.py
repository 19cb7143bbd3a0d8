"""The map HTML, checked as text: assets, layers, escaping, encoding and the CLI."""
from __future__ import annotations

import json
import re
from datetime import date

import folium
import pytest

from geo.model import Snapshot
from maps.assets import ASSETS, asset_text, inline_html
from maps.build import control_map, save_map, snapshot_map
from maps.compare import comparison_map
from maps.layers import encode, forces_drawn
from maps.legend import load_force_styles
from maps.popups import safe_href, script_json
from maps.timeline import timeline_dates
from testing import synthetic
from testing.synthetic import PAYLOADS, XSS_DIV, XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE, XSS_URL
from tests.conftest import run_cli

EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def render(m) -> str:
    return m.get_root().render()


def body(page: str) -> str:
    """The page after its header (where the inlined libraries live): the map's own scripts and data."""
    return page.split("</head>", 1)[1]


@pytest.fixture(scope="module")
def offline_html() -> str:
    return render(control_map(synthetic.events(), offline=True))


@pytest.fixture(scope="module")
def online_html() -> str:
    return render(control_map(synthetic.events(), offline=False))


def test_offline_map_has_no_external_script_or_stylesheet(offline_html: str) -> None:
    assert not EXTERNAL.search(offline_html)
    assert "tile.openstreetmap.org" not in offline_html
    assert 'version = "1.9.4"' in offline_html or "1.9.4" in offline_html  # Leaflet inlined
    assert "conflictmap.controlMap(" in offline_html
    assert "data:image/png;base64," in offline_html  # layer-control icon inlined, not a relative file


def test_no_jquery_bootstrap_or_awesome_markers(offline_html: str, online_html: str) -> None:
    for page in (offline_html, online_html):
        for name in ("jquery", "bootstrap", "awesome-markers", "fontawesome"):
            assert name not in page.lower(), name


def test_folium_class_asset_lists_are_untouched(online_html: str) -> None:
    assert any(name == "jquery" for name, _ in folium.Map.default_js)
    assert any(name == "Leaflet.Sync" for name, _ in folium.plugins.DualMap.default_js)


def test_online_map_keeps_osm_tiles_with_attribution(online_html: str) -> None:
    assert "tile.openstreetmap.org" in online_html
    assert "OpenStreetMap" in online_html and "contributors" in online_html
    assert ASSETS["leaflet"].cdn in online_html


def test_one_layer_per_force_in_the_layer_control(offline_html: str) -> None:
    forces = {"isis", "sdf", "coalition", "government", "turkey_backed"}
    assert body(offline_html).count("L.featureGroup(") == len(forces)
    overlays = offline_html[offline_html.index("overlays :"):]
    for fid in forces:
        assert f"data-force=\\\"{fid}\\\"" in overlays or f'data-force=\\"{fid}\\"' in overlays, fid
    styles = load_force_styles()
    assert styles["isis"].name_ar in offline_html and styles["isis"].name_en.replace("(", "") in offline_html.replace("(", "")


def test_one_feature_group_not_one_marker_per_place() -> None:
    html = body(render(snapshot_map([synthetic.grid_snapshot(400)], offline=True)))
    assert html.count("L.marker(") == 0 and html.count("L.circleMarker(") == 0  # drawn from data in the browser
    assert html.count("L.featureGroup(") == 4
    assert html.count("قرية 399") == 1


def test_hostile_text_never_appears_raw() -> None:
    html = render(control_map(synthetic.hostile_events(), offline=True))
    for payload in PAYLOADS:
        if payload != XSS_TEMPLATE:  # harmless as JSON text; what matters is no template literal around data
            assert payload not in html, payload
    assert "<img src=x" not in html
    assert "`" not in body(html).replace(XSS_TEMPLATE.replace("'", "\\u0027"), "")
    assert "bindTooltip(" not in body(html) and "$(`" not in body(html)
    assert "\\u003cscript\\u003ewindow.__xss" in html  # present, but only as escaped JSON data
    script = asset_text("conflictmap_js")
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink


def test_hostile_text_in_comparison_map_never_appears_raw() -> None:
    before, after, cmp = synthetic.comparison()
    html = render(comparison_map(before, after, cmp, offline=True))
    for payload in (XSS_SCRIPT, XSS_IMG, XSS_DIV):
        assert payload not in html
    assert not EXTERNAL.search(html)
    assert "L.Map.Sync" not in html and ".sync(" in html


@pytest.mark.parametrize("url", [XSS_URL, "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x",
                                 "/relative/path", "https://", "", None])
def test_unsafe_urls_never_become_links(url: str | None) -> None:
    assert safe_href(url) is None


def test_http_urls_become_links() -> None:
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("HTTP://example.org/") == "HTTP://example.org/"


def test_script_json_cannot_close_the_script_and_round_trips() -> None:
    value = {"a": "</script><!-- ' & \u2028 \u2029 `${x}`"}
    text = script_json(value)
    for bad in ("</", "<!--", "'", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == value


def test_inlined_asset_cannot_end_its_own_tag() -> None:
    assert inline_html("leaflet").count("</script>") == 1


def test_encode_stores_only_changes_between_dates() -> None:
    held = synthetic.place("a", "أ", "A", 35.0, 38.0, "isis", ("isis",), "held")
    other = synthetic.place("b", "ب", "B", 36.0, 39.0, "sdf", ("sdf",), "held")
    taken = synthetic.place("a", "أ", "A", 35.0, 38.0, "sdf", ("sdf", "isis"), "contested")
    snaps = [Snapshot(date(2015, 1, 1), (held, other)), Snapshot(date(2015, 2, 1), (held, other)),
             Snapshot(date(2015, 3, 1), (taken,))]
    data = encode(snaps, forces_drawn(snaps, load_force_styles()))
    forces = [f["id"] for f in data["forces"]]
    assert data["dates"] == ["2015-01-01", "2015-02-01", "2015-03-01"]
    assert len(data["steps"][0]) == 2 and data["steps"][1] == []  # nothing changed: nothing stored
    changed = {row[0]: row for row in data["steps"][2]}
    assert changed[1] == [1]  # B disappeared
    assert forces[changed[0][1]] == "sdf" and [forces[i] for i in changed[0][2]] == ["sdf", "isis"]
    assert changed[0][3] == 1  # contested


def test_encode_real_snapshots_ends_with_the_capture() -> None:
    from maps.timeline import snapshots_at

    evs = synthetic.events()
    snaps = snapshots_at(evs, timeline_dates(evs))
    data = encode(snaps, forces_drawn(snaps, load_force_styles()))
    assert data["dates"][0] == "2014-01-12" and data["dates"][-1] == "2017-10-17"
    names = [f["properties"]["en"] for f in data["places"]["features"]]
    assert sorted(names) == ["Deir ez-Zor", "Manbij", "Raqqa", "al-Tanf"]
    last = next(row for row in data["steps"][-1] if row[0] == names.index("Raqqa"))
    assert data["forces"][last[1]]["id"] == "sdf"


def test_timeline_dates_are_thinned_keeping_first_and_last() -> None:
    evs = [synthetic.event(f"s{i}", "isis", "captured", "الرقة", "Raqqa", 35.9, 39.0, "city",
                           date(2014, 1, 1).fromordinal(date(2014, 1, 1).toordinal() + i)) for i in range(400)]
    dates = timeline_dates(evs, limit=50)
    assert len(dates) <= 50 and dates[0] == date(2014, 1, 1) and dates[-1] == evs[-1].date


def test_fixed_date_shows_that_snapshot_without_timeline() -> None:
    html = render(control_map(synthetic.events(), on=date(2015, 6, 1), offline=True))
    assert '"dates":["2015-06-01"]' in html and '"timeline":false' in html
    assert "Manbij" not in html  # first reported in 2016


def test_nothing_to_draw_is_a_clear_error() -> None:
    from core.errors import InputError

    with pytest.raises(InputError, match="nothing to draw"):
        control_map(synthetic.events(), on=date(2000, 1, 1))


def test_save_map_writes_whole_page(tmp_path) -> None:
    path = tmp_path / "m.html"
    save_map(snapshot_map([synthetic.grid_snapshot(5)], offline=True), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert not list(tmp_path.glob(".*tmp"))


def test_cli_map_writes_html_and_geojson_sidecar(tmp_path) -> None:
    from geo.io import write_events

    events_path, out, side = tmp_path / "events.geojson", tmp_path / "map.html", tmp_path / "drawn.geojson"
    write_events(events_path, synthetic.events(), "geojson")
    result = run_cli("map", "--events", str(events_path), "--offline", "-o", str(out), "--geojson", str(side))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "4 places on 2017-10-17" in result.stdout
    assert not EXTERNAL.search(out.read_text(encoding="utf-8"))
    drawn = json.loads(side.read_text(encoding="utf-8"))
    by_name = {f["properties"]["place_en"]: f["properties"] for f in drawn["features"]}
    assert by_name["Raqqa"]["force"] == "sdf" and by_name["Manbij"]["state"] == "contested"


def test_cli_map_usage_errors(tmp_path) -> None:
    result = run_cli("map", "--events", str(tmp_path / "none.geojson"), "-o", str(tmp_path / "m.html"))
    assert result.returncode == 1 and "no such file" in result.stderr
    result = run_cli("map", "--events", "x.geojson", "--date", "2017-02-31", "-o", str(tmp_path / "m.html"))
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "m.html").exists()
    help_text = run_cli("map", "--help").stdout
    assert "example:" in help_text and "--offline" in help_text


def test_areas_layer_is_translucent_off_by_default_and_labelled_approximate() -> None:
    page = body(render(control_map(synthetic.events(), offline=True, areas=True)))
    label = re.search(r'approximate control areas" : (feature_group_\w+)', page)
    assert label, "the areas layer is listed in the layer control, labelled approximate"
    assert f"{label.group(1)}.addTo(" not in page  # off until switched on in the layer control
    assert len(re.findall(r"feature_group_\w+\.addTo\(", page)) == 5  # the force layers are on
    assert re.search(r'"fillOpacity":\s*0\.25', page) and '"force":"sdf"' in page.replace(" ", "")
    plain = body(render(control_map(synthetic.events(), offline=True)))
    assert "approximate control areas" not in plain


def test_cli_compare_map_is_offline_with_changes(tmp_path) -> None:
    from geo.io import write_events

    events_path, out = tmp_path / "events.geojson", tmp_path / "compare.html"
    write_events(events_path, synthetic.events(), "geojson")
    result = run_cli("compare", "--events", str(events_path), "--from", "2015-06-01", "--to", "2017-12-31",
                     "--map", str(out), "--offline")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert not EXTERNAL.search(page) and "L.Map.Sync" not in page
    data = json.loads(re.search(r"conflictmap\.changes\(\w+, \w+, (\{.*?\})\);", page).group(1))
    changes = {row[1]: row[5] for row in data["changes"]}
    assert changes["Raqqa"] == "changed_hands" and changes["al-Tanf"] == "gained"
