"""Maps at real density, in headless Chromium at 1400x800: labels never overlap (at the first view and after two
zoom steps), panels leave the map visible, clusters show the forces inside them, every marker keeps a tooltip.

Screenshots go to $CONFLICTMAP_SCREENSHOTS when set (that is how docs/map-*.png are made), else to a temp folder.
"""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from maps.build import save_map, snapshot_map
from maps.compare import comparison_map
from testing import synthetic
from tests.maps.test_browser import Page, browser  # noqa: F401  (the module-scoped chromium fixture)

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1400, 800

# Visible place labels as screen boxes, per map container.
LABEL_BOXES = """() => Array.from(document.querySelectorAll('.cm-label')).filter(e => e.style.display !== 'none')
    .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; })"""
# Screen boxes of the panels (legend, layer list, timeline, changes, zoom, scale, attribution...).
PANEL_BOXES = """() => Array.from(document.querySelectorAll('.leaflet-control'))
    .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, 'panel']; })"""
# Share of each map container covered by controls (layer control, legend, changes, timeline, zoom, caption...).
PANEL_SHARE = """() => Array.from(document.querySelectorAll('.leaflet-container')).map(c => {
    const m = c.getBoundingClientRect(), step = 4; let covered = 0, total = 0;
    const boxes = Array.from(c.querySelectorAll('.leaflet-control')).map(e => e.getBoundingClientRect());
    for (let x = m.left; x < m.right; x += step) for (let y = m.top; y < m.bottom; y += step) {
      total++; if (boxes.some(b => x >= b.left && x < b.right && y >= b.top && y < b.bottom)) covered++; }
    return covered / total; })"""
ZOOM_IN = """async () => { for (const i of Object.values(conflictmap.instances).filter(i => i.map))
    { i.map.setZoom(i.map.getZoom() + 1, {animate: false}); break; }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }"""


def shots() -> Path | None:
    folder = os.environ.get("CONFLICTMAP_SCREENSHOTS")
    return Path(folder) if folder else None


def overlaps(boxes: list) -> list:
    """Pairs of label boxes that overlap by more than half a pixel (sorted by left edge, early exit)."""
    boxes = sorted(boxes)
    bad = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b[0] >= a[2] - 0.5:
                break
            if b[1] < a[3] - 0.5 and a[1] < b[3] - 0.5:
                bad.append((a, b))
    return bad


def check_labels_at_three_zooms(page: Page, name: str, tmp: Path) -> list[int]:
    """At the first view and after each of two zoom steps: no two visible labels overlap. Returns label counts."""
    counts = []
    for step in range(3):
        if step:
            page.eval(ZOOM_IN)
        boxes = page.eval(LABEL_BOXES)
        assert overlaps(boxes) == [], f"{name}, zoom step {step}"
        assert overlaps(boxes + page.eval(PANEL_BOXES)) == [], f"{name}, zoom step {step}: a label under a panel"
        assert all(0 <= b[0] and b[2] <= WIDTH + 0.5 and 0 <= b[1] and b[3] <= HEIGHT + 0.5 for b in boxes)
        counts.append(len(boxes))
        folder = shots() or tmp
        folder.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(folder / f"map-{name}-{step}.png"))
    return counts


@pytest.fixture(scope="module")
def dense_maps(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dense")
    paths = {"500": folder / "500.html", "10k": folder / "10k.html", "compare": folder / "compare.html"}
    # Two dates, so the timeline panel is there too when the panels' share of the map is measured.
    dates = [synthetic.dense_snapshot(500, day=date(2018, 6, 1)), synthetic.dense_snapshot(500)]
    save_map(snapshot_map(dates, offline=True), paths["500"])
    save_map(snapshot_map([synthetic.dense_snapshot(10_000, synthetic.SYRIA_BOX)], offline=True), paths["10k"])
    save_map(comparison_map(*synthetic.dense_comparison(500), offline=True), paths["compare"])
    return paths


@pytest.mark.parametrize("name", ["500", "10k"])
def test_labels_never_overlap_and_panels_step_aside(browser, dense_maps, tmp_path, name) -> None:  # noqa: F811
    page = Page(browser, dense_maps[name], WIDTH, HEIGHT)
    assert page.page.locator(".cm-timeline").count() == (1 if name == "500" else 0)
    assert max(page.eval(PANEL_SHARE)) < 0.20
    nodes = page.eval("document.getElementsByTagName('*').length")
    assert nodes < 4000, nodes  # clusters and culling: not one element per place
    counts = check_labels_at_three_zooms(page, name, tmp_path)
    assert min(counts) >= 1, counts  # seats and cities are labelled at every zoom
    page.eval("void Object.values(conflictmap.instances)[0].map.setZoom(11, {animate: false})")
    close = page.eval(LABEL_BOXES)
    assert len(close) >= 10 and overlaps(close) == []  # at street level the places are plain markers, labelled
    assert page.eval("Object.values(conflictmap.instances)[0].clustered") is True
    page.eval("void Object.values(conflictmap.instances)[0].map.setZoom(7, {animate: false})")
    clusters = page.eval("Array.from(document.querySelectorAll('.cm-cluster')).map(e => e.dataset.forces)")
    assert clusters and max(len(c.split(",")) for c in clusters) >= 3  # a cluster shows the forces inside it
    rings = page.eval("""Array.from(document.querySelector('.cm-cluster').querySelectorAll('circle[stroke]'))
        .map(c => c.getAttribute('stroke'))""")
    assert len(set(rings)) >= 2
    assert page.errors == [] and page.remote == []


def test_every_drawn_marker_has_a_tooltip_and_labels_follow_priority(browser, dense_maps) -> None:  # noqa: F811
    page = Page(browser, dense_maps["500"], WIDTH, HEIGHT)
    page.eval("""(() => { const i = Object.values(conflictmap.instances)[0];
        i.map.setView([35.85, 36.575], 11, {animate: false}); })()""")
    info = page.eval("""(() => { const i = Object.values(conflictmap.instances)[0];
        const ms = Object.values(i.markers).flat().filter(m => i.map.hasLayer(m));
        return {drawn: ms.length, tips: ms.filter(m => m.getTooltip()).length, labels: i.labelsPlaced}; })()""")
    assert info["drawn"] > info["labels"] > 0 and info["tips"] == info["drawn"]
    assert "إدلب" in [b[4] for b in page.eval(LABEL_BOXES)]  # the governorate seat is always labelled first
    page.page.locator("path[data-place='إدلب']").hover(force=True)
    assert "إدلب" in page.page.locator(".leaflet-tooltip").inner_text()
    assert page.errors == []


def test_comparison_at_density(browser, dense_maps, tmp_path) -> None:  # noqa: F811
    page = Page(browser, dense_maps["compare"], WIDTH, HEIGHT)
    shares = page.eval(PANEL_SHARE)
    assert len(shares) == 2 and max(shares) < 0.20, shares
    check_labels_at_three_zooms(page, "compare", tmp_path)
    assert page.page.locator(".cm-legend.cm-folded").count() == 1  # each side is narrow: the legend starts folded
    page.page.locator(".cm-legend .cm-fold").click()
    assert page.page.locator(".cm-legend.cm-folded").count() == 0
    assert page.errors == [] and page.remote == []


def test_narrow_window_folds_the_panels(browser, dense_maps) -> None:  # noqa: F811
    page = Page(browser, dense_maps["500"], 560, 700)
    assert page.page.locator(".cm-legend.cm-folded").count() == 1
    assert max(page.eval(PANEL_SHARE)) < 0.35
    assert page.errors == []


def test_hostile_names_at_density_are_text_in_labels_clusters_and_tooltips(browser, tmp_path) -> None:  # noqa: F811
    snap = synthetic.dense_snapshot(400)
    hostile = []
    for i, p in enumerate(snap.places):
        if i % 5 == 0:  # a payload in the name; every tenth place held by a force whose id is a payload
            force = f"militia{synthetic.XSS_IMG}" if i % 10 == 0 else p.force
            p = replace(p, name_ar=f"{p.name_ar}{synthetic.PAYLOADS[i // 5 % len(synthetic.PAYLOADS)]}",
                        force=force, forces=(force,))
        hostile.append(p)
    path = tmp_path / "hostile-dense.html"
    save_map(snapshot_map([replace(snap, places=tuple(hostile))], offline=True), path)
    page = Page(browser, path, WIDTH, HEIGHT)
    clusters = page.eval("Array.from(document.querySelectorAll('.cm-cluster')).map(e => e.dataset.forces)")
    assert any(f"militia{synthetic.XSS_IMG}" in c for c in clusters)  # the id is an attribute value, as text
    page.page.locator(".cm-cluster").first.hover()
    assert page.page.locator(".leaflet-tooltip .cm-tip").count() == 1
    page.eval("void Object.values(conflictmap.instances)[0].map.setZoom(12, {animate: false})")
    labels = [b[4] for b in page.eval(LABEL_BOXES)]
    assert any(any(x in label for x in synthetic.PAYLOADS) for label in labels)
    assert page.eval("document.querySelectorAll('.cm-label *, .cm-cluster img, .leaflet-tooltip img').length") == 0
    assert page.eval("window.__xss === undefined && !document.body.hasAttribute('data-xss')")
    assert page.errors == []
