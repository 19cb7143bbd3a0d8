"""The maps in a real browser: headless Debian chromium driven by Playwright, offline, from file:// URLs."""
from __future__ import annotations

import base64
import importlib.util
import json
from pathlib import Path

import pytest

from maps.build import control_map, save_map
from maps.compare import comparison_map
from testing import synthetic
from testing.synthetic import XSS_DIV, XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE
from tests.conftest import require, run_cli

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
INSTANCE = "Object.values(conflictmap.instances)[0]"


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium")
    require(importlib.util.find_spec("playwright") is not None, "playwright is missing: pip install playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records JavaScript errors and every non-local request."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 860) -> None:
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("request", lambda r: r.url.startswith(("file:", "data:", "about:")) or self.remote.append(r.url))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.conflictmap && Object.keys(conflictmap.instances).length > 0")

    def eval(self, js: str, arg=None):
        return self.page.evaluate(js, arg) if arg is not None else self.page.evaluate(js)

    def places(self, selector: str = "[data-place]") -> list[dict]:
        return self.eval(f"""Array.from(document.querySelectorAll({json.dumps(selector)})).map(e => (
            {{place: e.getAttribute('data-place'), force: e.getAttribute('data-force'),
              state: e.getAttribute('data-state')}}))""")

    def not_blank(self, out: Path) -> float:
        """Save a screenshot and return its pixel variance (decoded by the browser, no imaging library)."""
        png = self.page.screenshot(path=str(out))
        variance = self.page.evaluate("""async (b64) => {
            const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            let n = 0, sum = 0, sq = 0;
            for (let i = 0; i < d.length; i += 16) { const v = (d[i] + d[i + 1] + d[i + 2]) / 3; n++; sum += v; sq += v * v; }
            return sq / n - (sum / n) ** 2; }""", base64.b64encode(png).decode("ascii"))
        return variance


@pytest.fixture(scope="module")
def offline_map(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("maps") / "control.html"
    save_map(control_map(synthetic.events(), offline=True), path)
    return path


def test_offline_map_renders_without_errors_or_network(browser, offline_map, tmp_path) -> None:
    page = Page(browser, offline_map)
    drawn = {p["place"]: p for p in page.places()}
    assert {"الرقة", "التنف", "دير الزور", "منبج"} <= set(drawn)
    assert drawn["الرقة"]["force"] == "sdf" and drawn["التنف"]["force"] == "coalition"
    assert drawn["منبج"]["state"] == "contested" and drawn["دير الزور"]["state"] == "besieged"
    assert page.eval("document.querySelectorAll('.leaflet-overlay-pane path').length") >= 5  # outlines + markers
    shot = tmp_path / "offline-map.png"
    assert page.not_blank(shot) > 50.0
    assert shot.stat().st_size > 10_000
    assert page.errors == [] and page.remote == []


def test_toggling_a_force_off_removes_its_markers(browser, offline_map) -> None:
    page = Page(browser, offline_map)
    assert any(p["force"] == "coalition" for p in page.places())
    label = page.page.locator(".leaflet-control-layers-overlays label", has=page.page.locator("[data-force=coalition]"))
    label.locator("input").uncheck()
    assert not any(p["force"] == "coalition" for p in page.places())
    assert any(p["force"] == "sdf" for p in page.places())
    assert "التنف" not in {v["place"] for v in page.eval(f"{INSTANCE}.visible()")}
    label.locator("input").check()
    assert any(p["place"] == "التنف" for p in page.places())
    assert page.errors == []


def test_popup_shows_arabic_evidence_right_to_left(browser, offline_map) -> None:
    page = Page(browser, offline_map)
    page.page.locator("path[data-place='الرقة']").click(force=True)
    popup = page.page.locator(".leaflet-popup-content .cm-popup")
    popup.wait_for()
    assert popup.get_attribute("dir") == "rtl" and popup.get_attribute("lang") == "ar"
    text = popup.inner_text()
    assert "الرقة" in text and "Raqqa" in text and "قوات سوريا الديمقراطية" in text
    quote = page.page.locator(".leaflet-popup-content blockquote.cm-evidence").first
    assert "باتت تحت سيطرة القوات" in quote.inner_text()
    assert page.eval("getComputedStyle(document.querySelector('.cm-evidence')).direction") == "rtl"
    link = page.page.locator(".leaflet-popup-content a").first
    assert link.get_attribute("href") == "https://example.org/news/1"
    assert page.errors == []


def test_timeline_shows_control_as_it_was(browser, offline_map) -> None:
    page = Page(browser, offline_map)
    slider = page.page.locator(".cm-timeline input[type=range]")
    slider.fill("0")
    assert page.page.locator(".cm-timeline .cm-date").inner_text() == "2014-01-12"
    assert [(p["place"], p["force"]) for p in page.places()] == [("الرقة", "isis")]
    page.page.locator(".cm-timeline button[title='next date']").click()
    assert {p["place"] for p in page.places()} == {"الرقة", "دير الزور"}
    slider.fill("7")
    drawn = {p["place"]: p["force"] for p in page.places()}
    assert drawn["الرقة"] == "sdf" and len(drawn) == 4
    assert page.errors == []


def test_hostile_text_is_shown_as_text_and_never_runs(browser, tmp_path) -> None:
    path = tmp_path / "hostile.html"
    save_map(control_map(synthetic.hostile_events(), offline=True), path)
    page = Page(browser, path)
    names = [v["place"] for v in page.eval(f"{INSTANCE}.visible()")]
    raqqa = next(n for n in names if n.startswith("الرقة"))
    assert raqqa == f"الرقة{XSS_SCRIPT}"
    texts = []
    for name in names:
        page.eval(f"{INSTANCE}.map.closePopup()")
        assert page.eval(f"{INSTANCE}.openPopup({json.dumps(name)})")
        texts.append(page.page.locator(".leaflet-popup-content").last.inner_text())
    joined = "\n".join(texts)
    for payload in (XSS_SCRIPT, XSS_IMG, XSS_TEMPLATE):
        assert payload in joined, payload  # literally, as text
    assert XSS_DIV.strip() in joined
    assert "javascript:" in joined  # the URL is shown as text ...
    assert page.eval("document.querySelectorAll('a[href^=\"javascript\" i], a[href^=\" javascript\" i]').length") == 0
    assert page.eval("document.querySelectorAll('.leaflet-popup-content img, .leaflet-popup-content script').length") == 0
    hrefs = page.eval("Array.from(document.querySelectorAll('.leaflet-popup-content a')).map(a => a.protocol)")
    assert set(hrefs) <= {"https:", "http:"}
    controls = page.page.locator(".leaflet-control-layers-overlays").inner_text()
    assert f"militia{XSS_IMG}" in controls  # an unknown force id from a file is a layer, shown as text
    assert page.page.locator(".cm-legend").inner_text().count(f"militia{XSS_IMG}") == 2  # Arabic and English slots
    page.page.locator(".cm-legend").click()
    page.page.wait_for_timeout(100)
    assert page.eval("window.__xss === undefined && !document.body.hasAttribute('data-xss')")
    assert page.errors == []


def test_comparison_map_is_synchronised_with_a_changes_panel(browser, tmp_path) -> None:
    before, after, cmp = synthetic.comparison()
    path = tmp_path / "compare.html"
    save_map(comparison_map(before, after, cmp, offline=True), path)
    page = Page(browser, path, width=1400)
    summary = page.page.locator(".cm-summary").inner_text()
    assert f"Raqqa{XSS_SCRIPT}" in summary and "al-Tanf" in summary and "changed hands" in summary
    assert page.eval("document.querySelectorAll('[data-change]').length") >= 4  # 2 markers + 2 list rows
    views = page.eval("""(() => { const ms = Object.values(conflictmap.instances).filter(i => i.map).map(i => i.map);
        ms[0].setView([34.0, 37.0], 8, {animate: false});
        return ms.map(m => [m.getCenter().lat, m.getCenter().lng, m.getZoom()]); })()""")
    assert views[0][2] == views[1][2] == 8
    for lat, lon, _ in views:  # both maps moved, to within a pixel of the requested view
        assert abs(lat - 34.0) < 0.01 and abs(lon - 37.0) < 0.01
    page.page.locator(".cm-summary li").first.click()
    popup = page.page.locator(".leaflet-popup-content .cm-popup")
    assert "أعلنت القوات سيطرتها" in popup.inner_text()
    assert page.eval("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
    assert page.eval("window.__xss === undefined && !document.body.hasAttribute('data-xss')")
    assert page.errors == [] and page.remote == []


def test_seed_articles_map_in_the_browser(browser, shared, tmp_path) -> None:
    events, out = tmp_path / "seeds.geojson", tmp_path / "seeds.html"
    result = run_cli("extract", str(shared / "seeds"), "--meta", str(shared / "gold" / "seeds_metadata.jsonl"),
                     "-o", str(events))
    assert result.returncode in (0, 1), result.stderr
    result = run_cli("map", "--events", str(events), "--offline", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = Page(browser, out)
    drawn = {p["place"] for p in page.places()}
    for name in ("الرقة", "التنف"):
        assert name in drawn or page.eval(f"{INSTANCE}.visible().some(v => v.place === {json.dumps(name)})"), name
    forces = sorted({p["force"] for p in page.places()})
    assert len(forces) >= 2
    label = page.page.locator(".leaflet-control-layers-overlays label",
                              has=page.page.locator(f"[data-force={forces[0]}]"))
    label.locator("input").uncheck()
    assert forces[0] not in {p["force"] for p in page.places()}
    assert page.not_blank(tmp_path / "seeds.png") > 50.0
    assert page.errors == [] and page.remote == []
