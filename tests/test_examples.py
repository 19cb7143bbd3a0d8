"""examples/: the reports are clean Arabic UTF-8, their metadata and format variants agree,
and extracting them finds the claims examples/README.md promises."""
from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from core.paths import ROOT
from records.event import RELATION_CLASS, RELATIONS
from tests.conftest import run_cli

EXAMPLES = ROOT / "examples"
ARTICLES = sorted((EXAMPLES / "articles").glob("*.txt"))
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
DATELINE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\S+ \d{1,2} [\u0600-\u06FF ]+ \d{4})$")
VARIANT_FIELDS = {"id", "text", "published", "url", "outlet"}


def _meta() -> dict[str, dict]:
    rows = [json.loads(line) for line in (EXAMPLES / "meta.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return {row["id"]: row for row in rows}


def _expected_claims() -> list[dict]:
    """The rows of the "Expected control claims" table in examples/README.md."""
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    section = text.split("## Expected control claims", 1)[1]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("ex"):
            rows.append(dict(zip(("report", "place", "force", "relation", "date"), cells)))
    return rows


def test_there_are_eight_to_ten_reports():
    assert 8 <= len(ARTICLES) <= 10


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_report_is_clean_arabic_utf8(path: Path):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r" not in raw
    text = raw.decode("utf-8")  # strict: raises on a bad byte
    lines = text.splitlines()
    assert 6 <= len(lines) <= 20
    assert lines[0].strip() and not DATELINE.match(lines[0]), "the first line is the headline"
    assert len(ARABIC.findall(text)) > 20 * len(LATIN.findall(text)) + 200


def test_meta_matches_the_files():
    meta = _meta()
    assert set(meta) == {p.stem for p in ARTICLES}
    for row in meta.values():
        assert row["url"].startswith("https://example.org/")
        assert "(fictional)" in row["outlet"]
        if row["published"] is not None:
            date.fromisoformat(row["published"])


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_report_has_a_date(path: Path):
    """A dateline in the text, or else a publication date in meta.jsonl (never both missing)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    has_dateline = any(DATELINE.match(line.strip()) for line in lines[1:3])
    assert has_dateline != (_meta()[path.stem]["published"] is not None)


def test_jsonl_and_csv_variants_hold_the_same_reports():
    rows = [json.loads(line) for line in (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(EXAMPLES / "articles.csv", encoding="utf-8", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and len(csv_rows) == 3
    meta = _meta()
    for row, csv_row in zip(rows, csv_rows):
        assert set(row) == VARIANT_FIELDS and set(csv_row) == VARIANT_FIELDS
        assert csv_row == {k: v or "" for k, v in row.items()}
        assert "\n" in csv_row["text"], "the CSV text field is quoted and spans lines"
        original = (EXAMPLES / "articles" / f"{row['id']}.txt").read_text(encoding="utf-8")
        assert row["text"] == original.rstrip("\n")
        assert row["url"] == meta[row["id"]]["url"]
        date.fromisoformat(row["published"])


def test_readme_table_is_consistent_with_the_reports():
    claims = _expected_claims()
    forces = {f["id"] for f in json.loads((ROOT / "records" / "data" / "forces.json").read_text("utf-8"))["forces"]}
    assert len(claims) >= 2 * len(ARTICLES)
    assert {c["report"] for c in claims} == {p.stem for p in ARTICLES}
    for c in claims:
        text = (EXAMPLES / "articles" / f"{c['report']}.txt").read_text(encoding="utf-8")
        assert c["place"] in text, c
        assert c["force"] in forces, c
        assert c["relation"] in RELATIONS, c
        assert re.fullmatch(r"(week of )?\d{4}(-\d{2}(-\d{2})?)?\*?", c["date"]), c


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list[dict]:
    """Events from ``cli.py extract`` on the examples, or a skip while extraction is not implemented."""
    out = tmp_path_factory.mktemp("examples") / "events.geojson"
    proc = run_cli("-q", "extract", "examples/articles", "--meta", "examples/meta.jsonl", "-o", str(out))
    if proc.returncode == 2 and ("not implemented" in proc.stderr or "unrecognized arguments: --meta" in proc.stderr):
        pytest.skip("cli.py extract (with --meta) is not implemented yet (issue 4)")
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))["features"]


# Places of the README table the extractor does not reach yet (issue 4), with the pattern it misses.
# Remove an entry once it is found; the test below fails on any other missing place.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def _events_for(claim: dict, extracted: list[dict]) -> list[dict]:
    """The events of the claim's report whose place (resolved name or mention) contains the table's name."""
    from arabic.normalize import normalize

    place = normalize(claim["place"])
    return [f["properties"] for f in extracted if f["properties"]["source"] == claim["report"]
            and any(place in normalize(n) for n in (f["properties"].get("place_ar") or "", f["properties"]["mention"]))]


def _date_agrees(expected: str, got: str | None) -> bool:
    """Table dates: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``week of YYYY-MM-DD`` (a ``*`` marks the publication date)."""
    expected = expected.rstrip("*")
    if not got:
        return False
    if expected.startswith("week of "):
        first = date.fromisoformat(expected.removeprefix("week of "))
        return 0 <= (date.fromisoformat(got) - first).days <= 6
    return got.startswith(expected)


def test_extract_finds_every_place_of_the_readme_table(extracted):
    missing = {(c["report"], c["place"]) for c in _expected_claims() if not _events_for(c, extracted)}
    assert not missing - set(KNOWN_GAPS), f"no event for: {sorted(missing - set(KNOWN_GAPS))}"


def test_extract_agrees_with_most_of_the_readme_table(extracted):
    """Force and relation class (hold/lose/contest/attack) for most rows, and the date for a little fewer.

    Floors sit a little below what the extractor reached when they were set (44/44 and 40/44),
    so a regression fails while the README table stays the reader's honest expectation.
    """
    claims = _expected_claims()
    agree, dated = 0, 0
    for c in claims:
        same = [e for e in _events_for(c, extracted)
                if e["force"] == c["force"] and RELATION_CLASS[e["relation"]] == RELATION_CLASS[c["relation"]]]
        agree += bool(same)
        dated += any(_date_agrees(c["date"], e["date"]) for e in same)
    assert agree / len(claims) >= 0.9, f"force and relation agree on {agree}/{len(claims)} rows"
    assert dated / len(claims) >= 0.85, f"force, relation and date agree on {dated}/{len(claims)} rows"

NO_CLAIM_REPORTS = [f"ex0{i}" for i in range(1, 10)]


def test_no_event_from_the_sentences_without_a_claim(extracted):
    """The README's negatives: the last line of ex01–ex09 names a force and a place but claims nothing."""
    last_lines = {p.stem: p.read_text(encoding="utf-8").splitlines()[-1].strip() for p in ARTICLES
                  if p.stem[:4] in NO_CLAIM_REPORTS}
    assert len(last_lines) == 9
    wrong = [(f["properties"]["source"], f["properties"]["relation"], f["properties"]["mention"])
             for f in extracted
             if f["properties"]["source"] in last_lines
             and f["properties"]["sentence"].strip() in last_lines[f["properties"]["source"]]
             and f["properties"]["sentence"].strip()]
    assert not wrong, f"events from sentences that claim nothing: {wrong}"


@pytest.mark.parametrize("variant", ["articles.jsonl", "articles.csv"])
def test_jsonl_and_csv_variants_extract_like_the_text_files(variant, extracted, tmp_path):
    """The same three reports give the same claims whichever input format carries them."""
    out = tmp_path / "events.geojson"
    proc = run_cli("-q", "extract", f"examples/{variant}", "-o", str(out))
    assert proc.returncode == 0, proc.stderr

    def claims(features, ids):
        return sorted((p["source"], p["place_id"] or "", p["force"], p["relation"], p["date"] or "", p["sentence"])
                      for p in (f["properties"] for f in features) if p["source"] in ids)

    ids = {"ex02_palmyra_2015", "ex05_manbij_2016", "ex10_mosul_2017"}
    got = claims(json.loads(out.read_text(encoding="utf-8"))["features"], ids)
    assert len(got) >= 6
    assert got == claims(extracted, ids)
