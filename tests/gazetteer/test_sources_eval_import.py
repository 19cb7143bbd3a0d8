"""The gazetteer-eval figures after ``gazetteer import`` of a full list (CSV and GeoNames format).

The eval list is imported into a TEMPORARY data dir at test time, never committed. With every
name present the lookup has to choose between homonyms, which is what these figures show.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gazetteer import load_gazetteer
from gazetteer.sources.imported import import_file
from tests.conftest import require
from tests.gazetteer.test_eval_syria_places import evaluate
from tests.gazetteer.test_sources_geonames import dump_line

SUBSETS = ("all", "city+town", "city", "town", "subdistrict", "village", "site")
_FCODE = {"city": "PPLA2", "town": "PPLA3", "village": "PPL", "subdistrict": "ADM3", "site": "PPLX"}


def _rows(shared: Path) -> list[dict[str, str]]:
    path = shared / "gazetteer-eval" / "syria_places.csv"
    require(path.is_file(), f"{path} not found")
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _as_geonames_dump(rows: list[dict[str, str]], path: Path) -> Path:
    """The same list in the 19-column GeoNames layout (ids invented), to exercise that importer."""
    lines = []
    for i, r in enumerate(rows):
        alts = ",".join([r["name_ar"], *filter(None, r["alt_names_ar"].split("|"))])
        fclass = "A" if r["kind"] == "subdistrict" else "P"
        lines.append(dump_line(8_000_000 + i, r["name_en"] or f"place {i}", alts, float(r["lat"]), float(r["lon"]),
                               fclass, _FCODE.get(r["kind"], "PPL")))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _report(title: str, stats) -> None:
    print(f"\n{title}\n{'subset':<12}{'rows':>6}{'answered':>10}{'top1≤10km':>11}{'top1≤25km':>11}{'precision':>11}")
    for name in SUBSETS:
        s = stats[name]
        if s["rows"]:
            print(f"{name:<12}{s['rows']:>6}{s['answered'] / s['rows']:>10.3f}{s['top1_10'] / s['rows']:>11.3f}"
                  f"{s['top1_25'] / s['rows']:>11.3f}{s['answered_25'] / max(1, s['answered']):>11.3f}")


@pytest.mark.parametrize("fmt", ["csv", "geonames"])
def test_eval_after_import(fmt: str, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTMAP_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CONFLICTMAP_CACHE", str(tmp_path / "cache"))
    rows = _rows(shared)
    if fmt == "csv":
        src = tmp_path / "syria_places.csv"
        src.write_bytes((shared / "gazetteer-eval" / "syria_places.csv").read_bytes())
    else:
        src = _as_geonames_dump(rows, tmp_path / "SY.txt")
    manifest, _ = import_file(src, fmt, name="eval-list")
    assert manifest.rows >= 0.95 * len(rows)
    stats = evaluate(load_gazetteer(), rows)
    _report(f"syria_places.csv after `gazetteer import --format {fmt}` of the full list", stats)
    overall = stats["all"]
    # Every name is now known: most first answers land on the right place, and confident answers stay precise.
    assert overall["top1_10"] / overall["rows"] >= 0.80
    assert overall["answered_25"] / max(1, overall["answered"]) >= 0.85
