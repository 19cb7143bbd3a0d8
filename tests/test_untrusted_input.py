"""Issue 14, untrusted input round two: one test (or more) per item, inputs generated here, through the real CLI.

docs/robustness.md maps each item to its test. Claims are our own sentences (one event each with the lexicon
and the embedded gazetteer).
"""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from maps.popups import script_json
from tests.conftest import run_cli

PALMYRA = "سيطرت قوات النظام على مدينة تدمر بعد معارك عنيفة."
MANBIJ = "انسحب تنظيم داعش من مدينة منبج."
RAQQA = "دخلت قوات سوريا الديمقراطية مدينة الرقة."


def one_line(result, *needles: str) -> str:
    """The run's single error line (exit 2, no traceback), checked for ``needles``."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def events_file(path: Path, dates: tuple[str, ...] = ("2016-03-01",)) -> Path:
    """A small events GeoJSON written by hand (no extraction needed)."""
    feats = []
    for i, day in enumerate(dates):
        props = {"source": f"s{i}", "force": ("isis", "government", "sdf")[i % 3], "relation": "captured",
                 "date": day, "published": day, "mention": "تدمر", "sentence": PALMYRA, "rule": "test",
                 "confidence": 0.8, "status": "resolved", "place_id": f"p{i % 2}", "place_en": "Palmyra",
                 "kind": "city", "country": "SY", "sentence_start": 0, "mention_start": 0, "mention_end": 4}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.27, 34.55 + i / 10]},
                      "properties": props})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), encoding="utf-8")
    return path


def store_with(path: Path, n: int = 3) -> Path:
    """An event store holding ``n`` small articles, written in this process."""
    from records.article import Article
    from geo.io import events_from_geojson
    from geo.store import EventStore

    events = events_from_geojson(json.loads(events_file(path.parent / "tmp-events.geojson").read_text()))
    with EventStore(path) as store:
        for i in range(n):
            store.ingest(Article(id=f"a{i}", text=f"{PALMYRA} {i}"), [e.__class__(**{**e.__dict__, "source": f"a{i}"})
                                                                     for e in events])
    return path


# ---------------------------------------------------------------------------------------------- item 2

def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text(f"id,text\nx,{PALMYRA}\n", encoding="utf-8")
    before = mine.read_bytes()
    one_line(run_cli("extract", str(mine), "-o", str(mine)), "-o", "same file as the input")
    link = tmp_path / "link.csv"
    link.symlink_to(mine)
    result = run_cli("extract", str(mine), "-o", str(link))
    assert result.returncode == 2
    assert mine.read_bytes() == before and link.is_symlink()

    events = events_file(tmp_path / "ev.geojson")
    kept = events.read_bytes()
    for args in (["snapshot", "--events", str(events), "--date", "2017-01-01", "-o", str(events)],
                 ["map", "--events", str(events), "-o", str(events)],
                 ["export", "--events", str(events), "--format", "geojson", "-o", str(events)]):
        result = run_cli(*args)
        assert result.returncode == 2, args
        one_line(result, "same file as the input")
    assert events.read_bytes() == kept


def test_the_store_is_never_an_output_and_two_outputs_never_coincide(tmp_path: Path) -> None:
    store = store_with(tmp_path / "s.gpkg")
    kept = store.read_bytes()
    result = run_cli("export", "--db", str(store), "--format", "gpkg", "-o", str(store))
    assert result.returncode == 2
    one_line(result, "--db")
    assert store.read_bytes() == kept
    events = events_file(tmp_path / "ev.geojson")
    out = tmp_path / "same.csv"
    result = run_cli("compare", "--events", str(events), "--from", "2015-01-01", "--to", "2017-01-01",
                     "-o", str(out), "--csv", str(out))
    assert result.returncode == 2 and not out.exists()
    one_line(result, "--csv and -o both name")
    text = tmp_path / "a.txt"
    text.write_text(PALMYRA, encoding="utf-8")
    assert run_cli("ingest", str(text), "--db", str(text)).returncode == 2
    assert text.read_text(encoding="utf-8") == PALMYRA


# ---------------------------------------------------------------------------------------------- item 3

def test_files_with_one_name_in_different_folders_are_different_articles(tmp_path: Path) -> None:
    root = tmp_path / "news"
    for year, text in (("2014", PALMYRA), ("2016", MANBIJ), ("2017", RAQQA)):
        (root / year).mkdir(parents=True)
        (root / year / "index.txt").write_text(text, encoding="utf-8")
    (root / "a.txt").write_text(PALMYRA, encoding="utf-8")
    (root / "a.html").write_text(f"<html><body><p>{MANBIJ}</p></body></html>", encoding="utf-8")
    db = tmp_path / "s.gpkg"
    first = run_cli("ingest", str(root), "--db", str(db), "--jobs", "1")
    assert first.returncode == 0, first.stderr
    assert "5 added, 0 unchanged, 0 replaced" in first.stdout
    again = run_cli("ingest", str(root), "--db", str(db), "--jobs", "1")
    assert "0 added, 5 unchanged, 0 replaced" in again.stdout
    rows = sqlite3.connect(db).execute("SELECT id, origin FROM articles ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["2014~index", "2016~index", "2017~index", "a.html", "a.txt"]
    for article_id, origin in rows:  # the id traces back to the file
        assert origin.endswith(article_id.replace("~", "/") + ("" if "." in article_id else ".txt"))


def test_jsonl_ids_that_differ_stay_different(tmp_path: Path) -> None:
    from records.article import Article
    from readers.articles import iter_articles

    path = tmp_path / "wire.jsonl"
    ids = ["reuters/2017/1", "reuters_2017_1", "reuters:2017:1", "d001"]
    path.write_text("\n".join(json.dumps({"id": i, "text": PALMYRA}) for i in ids), encoding="utf-8")
    got = [a for a in iter_articles([path]) if isinstance(a, Article)]
    assert len({a.id for a in got}) == 4 and got[1].id == "reuters_2017_1" and got[3].id == "d001"
    assert [a.raw_id for a in got] == ids
    twice = tmp_path / "twice.jsonl"  # the same id on two lines: both kept under distinct ids
    twice.write_text("\n".join(json.dumps({"id": "x", "text": t}) for t in (PALMYRA, MANBIJ)), encoding="utf-8")
    got = [a for a in iter_articles([twice]) if isinstance(a, Article)]
    assert got[0].id == "x" and got[1].id.startswith("x~") and len({a.id for a in got}) == 2


# ---------------------------------------------------------------------------------------------- item 4 (ACLED)

def _acled_csv(path: Path, rows: list[dict]) -> Path:
    cols = ["event_id_cnty", "event_date", "actor1", "sub_event_type", "location", "latitude", "longitude",
            "notes", "confidence"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def test_acled_rows_with_bad_values_are_each_one_line_and_the_good_rows_are_stored(tmp_path: Path) -> None:
    good = {"event_id_cnty": "SYR1", "event_date": "2017-03-02", "actor1": "Islamic State (ISIS)",
            "sub_event_type": "Non-state actor overtakes territory", "location": "Palmyra", "latitude": "34.55",
            "longitude": "38.27", "notes": "n", "confidence": "0.7"}
    bad = [{"longitude": "999"}, {"confidence": "inf"}, {"latitude": "nan"}, {"confidence": "1.5"},
           {"latitude": "9" * 5000}, {"event_date": "0001-01-01"}, {"longitude": ""}]
    rows = [good] + [{**good, "event_id_cnty": f"SYR{i + 2}", **b} for i, b in enumerate(bad)]
    path = _acled_csv(tmp_path / "acled.csv", rows)
    db = tmp_path / "s.gpkg"
    result = run_cli("ingest", str(path), "--db", str(db), "--format", "acled")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "acled.csv" in line]
    assert len(lines) == len(bad), result.stderr
    assert all(len(line) < 300 for line in lines)  # the 5,000-digit value is not echoed whole
    assert "1 added" in result.stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM events WHERE lat > 90 OR lon > 180 OR confidence > 1 "
                       "OR lat != lat OR confidence != confidence").fetchone()[0] == 0
    strict = run_cli("ingest", str(path), "--db", str(tmp_path / "t.gpkg"), "--format", "acled", "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_the_store_refuses_non_finite_or_out_of_range_values() -> None:
    from core.errors import InputError
    from records.article import Article
    from records.event import Event
    from geo.store import EventStore

    base = dict(source="a", force="isis", relation="captured", mention="x", mention_start=0, mention_end=1,
                sentence="x", sentence_start=0, rule="r", confidence=0.5)
    with EventStore(":memory:") as store:
        for bad in ({"lat": 200.0, "lon": 38.0}, {"lat": float("nan"), "lon": 38.0}, {"lat": 34.0, "lon": 999.0},
                    {"lat": 34.0, "lon": 38.0, "confidence": float("inf")}):
            with pytest.raises(InputError):
                store.ingest(Article(id="a", text="x"), [Event(**{**base, **bad})])
        assert store.counts() == (0, 0)


def test_acled_export_has_the_31_acled_columns_in_order_then_ours(tmp_path: Path) -> None:
    from geo.acled import ACLED_COLUMNS

    events = events_file(tmp_path / "ev.geojson")
    out = tmp_path / "acled.csv"
    assert run_cli("export", "--events", str(events), "--format", "csv", "-o", str(out)).returncode == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    assert len(ACLED_COLUMNS) == 31 and header[:31] == list(ACLED_COLUMNS) and "force" in header[31:]
    row = rows[0]
    assert row["inter1"] == "2" and row["interaction"] == "20" and row["geo_precision"] == "1"
    assert row["time_precision"] == "1" and row["region"] == "Middle East" and row["disorder_type"]
    db = tmp_path / "s.gpkg"  # and read back
    assert run_cli("ingest", str(out), "--db", str(db), "--format", "acled").returncode == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_geo_precision_follows_the_event_then_the_place_kind() -> None:
    from geo.acled import geo_precision
    from records.event import Event

    base = dict(source="a", force="isis", relation="captured", mention="x", mention_start=0, mention_end=1,
                sentence="x", sentence_start=0, rule="r", confidence=0.5, lat=1.0, lon=1.0)
    assert geo_precision(Event(**base, kind="village")) == 1
    assert geo_precision(Event(**base, kind="district")) == 2
    assert geo_precision(Event(**base, kind="governorate")) == 3
    assert geo_precision(Event(**{**base, "status": "approximate"}, kind="village")) == 2


# ---------------------------------------------------------------------------------------------- item 5

def test_placeholder_publication_dates_are_rejected_at_input(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    lines = [{"id": "old", "published": "0001-01-01", "text": PALMYRA},
             {"id": "far", "published": "9999-12-31", "text": MANBIJ},
             {"id": "ok", "published": "2016-03-01", "text": RAQQA}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    out = tmp_path / "e.geojson"
    result = run_cli("extract", str(path), "-o", str(out), "--jobs", "1")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if "plausible" in line]
    assert len(problems) == 2 and ":1:" in problems[0] and ":2:" in problems[1]
    assert {f["properties"]["source"] for f in features(out)} == {"ok"}
    usage = run_cli("extract", str(path), "-o", str(out), "--published", "0001-01-01")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_events_dated_at_the_ends_of_the_calendar_never_overflow(tmp_path: Path) -> None:
    events = events_file(tmp_path / "ev.geojson", ("0001-01-01", "2016-03-01", "9999-12-31"))
    for args in (["snapshot", "--date", "0001-01-01"], ["snapshot", "--date", "9999-12-31"],
                 ["compare", "--from", "0001-01-01", "--to", "9999-12-31", "--areas"],
                 ["map", "-o", str(tmp_path / "m.html")]):
        result = run_cli(*args[:1], "--events", str(events), *args[1:])
        assert result.returncode == 0 and "Traceback" not in result.stderr, (args, result.stderr)


# ---------------------------------------------------------------------------------------------- item 6

def _hostile_jsonl(path: Path) -> Path:
    lines = [json.dumps({"id": "good1", "published": "2016-03-01", "text": PALMYRA}, ensure_ascii=False),
             '{"id": "bigint", "n": ' + "9" * 5000 + ', "text": "x"}',
             "[" * 100_000 + "]" * 100_000,
             '{"id": "surrogate", "text": "\\ud800 ' + PALMYRA + '"}',
             json.dumps({"id": "good2", "published": "2016-03-01", "text": MANBIJ}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", [["--jobs", "1"], ["--jobs", "2"], ["--engine", "dask", "--jobs", "1"]],
                         ids=["process", "pool", "dask"])
def test_one_bad_record_is_one_line_in_every_engine(tmp_path: Path, engine: list[str]) -> None:
    if "dask" in engine:
        pytest.importorskip("distributed")
    src = _hostile_jsonl(tmp_path / "in.jsonl")
    more = tmp_path / "more.txt"
    more.write_text(RAQQA, encoding="utf-8")
    out = tmp_path / "e.geojson"
    result = run_cli("extract", str(src), str(more), "-o", str(out), *engine, timeout=600)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    problems = [line for line in result.stderr.splitlines() if "in.jsonl:" in line]
    assert [p.split("in.jsonl:")[1].split(":")[0] for p in problems] == ["2", "3", "4"], result.stderr
    assert {f["properties"]["source"] for f in features(out)} == {"good1", "good2", "more"}


def test_unusable_meta_and_non_utf8_file_names_are_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(PALMYRA, encoding="utf-8")
    odd = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(odd, "wb") as fh:
        fh.write(MANBIJ.encode("utf-8"))
    meta_dir = tmp_path / "meta.jsonl"
    meta_dir.mkdir()  # a folder where the sidecar should be (root reads any file, so no chmod test)
    db = tmp_path / "s.gpkg"
    result = run_cli("ingest", str(folder), "--db", str(db), "--meta", str(meta_dir), "--jobs", "1")
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert sum("meta.jsonl" in line for line in result.stderr.splitlines()) == 1
    assert sum("not valid UTF-8" in line for line in result.stderr.splitlines()) == 1
    assert "2 added" in result.stdout  # both files stored, the odd name shown with U+FFFD
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_unreadable_meta_is_one_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readers import articles as readers

    meta = tmp_path / "m.jsonl"
    meta.write_text('{"id": "a", "published": "2016-01-01"}\n', encoding="utf-8")
    real_open = open

    def denied(path, *args, **kw):
        if str(path) == str(meta):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kw)

    monkeypatch.setattr("builtins.open", denied)
    problems = list(readers._load_meta(meta, {}))
    assert len(problems) == 1 and "permission denied" in problems[0].reason


# ---------------------------------------------------------------------------------------------- item 7

def test_outputs_write_through_devices_symlinks_and_stdout(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(PALMYRA, encoding="utf-8")
    result = run_cli("extract", str(src), "-o", "/dev/null", "--jobs", "1")
    assert result.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    result = run_cli("extract", str(src), "-o", "-", "--jobs", "1")
    assert result.returncode == 0 and json.loads(result.stdout)["features"][0]["properties"]["source"] == "a"
    to_stdout = tmp_path / "out.geojson"
    to_stdout.symlink_to("/proc/self/fd/1")
    result = run_cli("extract", str(src), "-o", str(to_stdout), "--jobs", "1")
    assert result.returncode == 0 and to_stdout.is_symlink() and json.loads(result.stdout)["features"]
    real = tmp_path / "real.geojson"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.geojson"
    link.symlink_to(real)
    assert run_cli("extract", str(src), "-o", str(link), "--jobs", "1").returncode == 0
    assert link.is_symlink() and features(real)  # the link kept, the file it names replaced
    events = events_file(tmp_path / "ev.geojson")
    result = run_cli("export", "--events", str(events), "--format", "csv", "-o", "-")
    assert result.returncode == 0 and result.stdout.startswith("event_id_cnty,")
    result = run_cli("export", "--events", str(events), "--format", "gpkg", "-o", "-")
    assert result.returncode == 2 and "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------- item 8

def test_mostly_utf8_with_stray_bytes_is_read_as_utf8_and_the_repair_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ff.txt").write_bytes(PALMYRA.encode("utf-8") + b" \xff\n")
    (folder / "quotes.txt").write_bytes(b"\x93" + MANBIJ.encode("utf-8") + b"\x94\n")
    (folder / "latin.html").write_bytes(b'<html><head><meta charset="iso-8859-1"></head><body><p>'
                                        + RAQQA.encode("utf-8") + b"</p></body></html>")
    out = tmp_path / "e.geojson"
    result = run_cli("extract", str(folder), "-o", str(out), "--jobs", "1")
    assert "Traceback" not in result.stderr
    repaired = [line for line in result.stderr.splitlines() if "U+FFFD" in line]
    assert len(repaired) == 2 and result.returncode == 1
    assert {f["properties"]["source"] for f in features(out)} == {"ff", "quotes", "latin"}


def test_real_windows_1256_is_still_windows_1256(tmp_path: Path) -> None:
    from records.article import Article
    from readers.articles import iter_articles

    path = tmp_path / "w.txt"
    path.write_bytes(PALMYRA.encode("cp1256"))
    items = list(iter_articles([path]))
    assert len(items) == 1 and isinstance(items[0], Article) and items[0].text == PALMYRA


# ---------------------------------------------------------------------------------------------- item 9

@pytest.mark.parametrize("shape", ["txt", "jsonl", "csv", "html"])
def test_a_long_record_of_every_shape_is_cut_into_bounded_parts(tmp_path: Path, shape: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.shapes import write_shape
    from readers import articles as readers
    from records.article import Article

    monkeypatch.setattr(readers, "PART_CHARS", 5_000)
    body = "\n\n".join(f"الفقرة {i}: {PALMYRA}" for i in range(1_000))
    items = list(readers.iter_articles([write_shape(tmp_path, shape, body)]))
    parts = [a for a in items if isinstance(a, Article)]
    assert len(parts) == len(items) > 10
    assert max(len(a.text) for a in parts) <= 5_000
    assert len({a.id for a in parts}) == len(parts) and parts[1].id.endswith("#p2")
    if shape != "html":
        assert "".join(a.text for a in parts) == body
        assert all(body[a.base_offset:a.base_offset + len(a.text)] == a.text for a in parts)


def test_a_jsonl_line_over_the_record_limit_is_one_problem_and_never_held(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from readers import articles as readers
    from records.article import Article

    monkeypatch.setattr(readers, "MAX_RECORD_BYTES", 10_000)
    monkeypatch.setattr(readers, "CHUNK_BYTES", 1_000)
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([json.dumps({"id": "a", "text": PALMYRA}, ensure_ascii=False),
                               json.dumps({"id": "huge", "text": "نص " * 20_000}, ensure_ascii=False),
                               json.dumps({"id": "b", "text": MANBIJ}, ensure_ascii=False)]), encoding="utf-8")
    items = list(readers.iter_articles([path]))
    assert [a.id for a in items if isinstance(a, Article)] == ["a", "b"]
    problems = [p for p in items if not isinstance(p, Article)]
    assert len(problems) == 1 and problems[0].line == 2 and "longer than" in problems[0].reason


def test_the_reporter_check_reads_a_bounded_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from extract import forces

    seen: list[int] = []
    real = forces._CUE_AUTO

    class Spy:
        def iter(self, text, *args):
            seen.append(len(text) if not args else len(text) - args[0])
            return real.iter(text, *args)

    monkeypatch.setattr(forces, "_CUE_AUTO", Spy())
    norm = "قال المتحدث باسم التحالف " + "نص " * 100_000
    forces.ForceLexicon.is_reporter(norm, len(norm) - 30, len(norm) - 20)
    forces.ForceLexicon.is_reporter(norm, 17, 24)
    assert seen and max(seen) <= 40


# ---------------------------------------------------------------------------------------------- item 10

def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_pool_workers_die_with_a_killed_parent(tmp_path: Path, sig: int) -> None:
    from bench.corpus import write_corpus

    folder = write_corpus(tmp_path / "corpus", 3000, seed=3)
    from core.paths import ROOT

    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "-q", "extract", str(folder), "-o",
                             str(tmp_path / "e.geojson"), "--jobs", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=str(ROOT))
    try:
        deadline = time.time() + 120
        workers: list[int] = []
        while time.time() < deadline and len(workers) < 2 and proc.poll() is None:
            time.sleep(0.2)
            workers = _children(proc.pid)
        if proc.poll() is not None:
            pytest.skip("the run ended before its workers could be seen")
        assert len(workers) >= 2
        time.sleep(1.0)  # the workers have run their initializer
        proc.send_signal(sig)
        proc.wait(timeout=30)
        deadline = time.time() + 15
        while time.time() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)]
    finally:
        if proc.poll() is None:
            proc.kill()


# ---------------------------------------------------------------------------------------------- item 11

def test_ingest_never_writes_into_a_damaged_store(tmp_path: Path) -> None:
    db = store_with(tmp_path / "s.gpkg", n=200)
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = bytes(b ^ 0xFF for b in data[middle:middle + 8192])
    db.write_bytes(bytes(data))
    src = tmp_path / "a.txt"
    src.write_text(PALMYRA, encoding="utf-8")
    result = run_cli("ingest", str(src), "--db", str(db), "--jobs", "1")
    assert result.returncode != 0
    line = one_line(result)
    assert "damaged" in line or "malformed" in line
    assert db.read_bytes() == bytes(data)


# ---------------------------------------------------------------------------------------------- item 12

@pytest.mark.parametrize("where", [0, 70_000], ids=["first-64KB", "after-64KB"])
def test_a_nul_byte_costs_one_line_wherever_it_is(tmp_path: Path, where: int) -> None:
    filler_line = json.dumps({"id": "filler", "text": "نص " * (where // 6 or 1)}, ensure_ascii=False)
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("\n".join([filler_line, '{"id": "nul", "text": "a\x00b"}',
                                json.dumps({"id": "good", "text": PALMYRA}, ensure_ascii=False)]), encoding="utf-8")
    csvf = tmp_path / "b.csv"
    csvf.write_text("id,text\n" + f"filler,{'نص ' * (where // 6 or 1)}\n" + "nul,a\x00b\n" + f"good2,{MANBIJ}\n",
                    encoding="utf-8")
    out = tmp_path / "e.geojson"
    result = run_cli("extract", str(jsonl), str(csvf), "-o", str(out), "--jobs", "1")
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if "NUL" in line]
    assert len(problems) == 2 and "a.jsonl:2" in problems[0] and "b.csv:3" in problems[1], result.stderr
    assert {f["properties"]["source"] for f in features(out)} == {"good", "good2"}


# ---------------------------------------------------------------------------------------------- item 13

def test_evidence_fields_are_bidi_isolated_in_popups() -> None:
    from core.paths import ROOT

    js = (ROOT / "maps" / "static" / "conflictmap.js").read_text(encoding="utf-8")
    item = js[js.index("function evidenceItem"):js.index("return li;", js.index("function evidenceItem"))]
    assert 'el("bdi", {dir: "auto"}, part)' in item
    assert 'el("span", null, parts.filter(Boolean).join' not in item


def test_forces_names_and_colours_reach_the_map(tmp_path: Path) -> None:
    forces = tmp_path / "forces.json"
    forces.write_text(json.dumps({"forces": [{"id": "lion_brigade", "name_en": "Lion Brigade Test",
                                              "name_ar": "لواء الأسد التجريبي", "color": "#123abc",
                                              "aliases": ["لواء الأسود الأحمر"]}]}, ensure_ascii=False),
                      encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("سيطر لواء الأسود الأحمر على مدينة تدمر بعد معارك عنيفة.", encoding="utf-8")
    events = tmp_path / "e.geojson"
    assert run_cli("extract", str(src), "--forces", str(forces), "-o", str(events), "--jobs", "1",
                   "--published", "2017-03-01").returncode == 0
    assert {f["properties"]["force"] for f in features(events)} == {"lion_brigade"}
    html = tmp_path / "m.html"
    result = run_cli("map", "--events", str(events), "--forces", str(forces), "-o", str(html), "--offline")
    assert result.returncode == 0, result.stderr
    page = html.read_text(encoding="utf-8")
    colour = script_json("#123abc")[1:-1]  # as the page's data holds it ('#' escaped, see maps/safe.py)
    assert colour in page and "Lion Brigade Test" in page
    cmp = tmp_path / "c.html"
    result = run_cli("compare", "--events", str(events), "--from", "2010-01-01", "--to", "2030-01-01",
                     "--map", str(cmp), "--forces", str(forces))
    assert result.returncode == 0 and colour in cmp.read_text(encoding="utf-8")


def test_misleading_inputs_get_the_right_message(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "ok.txt").write_text(PALMYRA, encoding="utf-8")
    (folder / "dup.csv").write_text(f"text,id,text\n{PALMYRA},x,{MANBIJ}\n", encoding="utf-8")
    (folder / "header.csv").write_text("id,text\n", encoding="utf-8")
    fifo_meta = tmp_path / "meta.jsonl"
    os.mkfifo(fifo_meta)
    result = run_cli("extract", str(folder), "--meta", str(fifo_meta), "-o", str(tmp_path / "e.geojson"),
                     "--jobs", "1")
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any("pipe.txt" in line and "not a regular file" in line for line in lines), result.stderr
    assert any("meta.jsonl" in line and "not a regular file" in line for line in lines), result.stderr
    assert any("dup.csv" in line and "more than once" in line for line in lines), result.stderr
    assert any("header.csv" in line and "no records" in line for line in lines), result.stderr
    assert not any("broken symbolic link" in line or "not found" in line for line in lines)


def test_unterminated_acled_quote_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('event_id_cnty,event_date,location,latitude,longitude\nX1,2017-01-01,Palmyra,34.5,38.2\n'
                    'X2,2017-01-02,"Tadmur,34.5,38.2\nX3,2017-01-03,Raqqa,35.9,39.0\n', encoding="utf-8")
    result = run_cli("ingest", str(path), "--db", str(tmp_path / "s.gpkg"), "--format", "acled")
    assert "Traceback" not in result.stderr and "1 added" in result.stdout
    assert "unterminated quote" in result.stderr and "latitude" not in result.stderr


def test_odd_arguments_and_streams_give_one_line(tmp_path: Path) -> None:
    events = events_file(tmp_path / "ev.geojson")
    one_line(run_cli("snapshot", "--events", str(events), "--date", "2017-01-01", "--window-days", "99999999999"),
             "--window-days")
    result = run_cli("snapshot", "--events", str(events), "--date", "2017-01-01", env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 0 and "Traceback" not in result.stderr
    src = tmp_path / "a.txt"
    src.write_text(PALMYRA, encoding="utf-8")
    result = run_cli("ingest", str(src), "--db", str(tmp_path / "s.gpkg"), "--jobs", "1", "-q")
    assert result.returncode == 0 and "1 added" in result.stdout


def test_two_concurrent_ingests_both_finish(tmp_path: Path) -> None:
    """What the README says: both run to the end, taking turns per article; the store holds the union."""
    from bench.corpus import write_corpus
    from core.paths import ROOT

    one, two = write_corpus(tmp_path / "one", 150, seed=1), write_corpus(tmp_path / "two", 150, seed=2)
    db = tmp_path / "s.gpkg"
    procs = [subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "ingest", str(folder), "--db", str(db),
                               "--meta", str(folder / "meta.jsonl"), "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=str(ROOT)) for folder in (one, two)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all("150 added" in out for out, _ in outs)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 300


# ---------------------------------------------------------------------------------------------- the matrix

def _matrix(tmp: Path) -> dict[str, tuple[list[str], dict[str, str] | None]]:
    """Every hostile or careless input of issue 14 as (argv, extra env): each must give no traceback."""
    def write(name: str, data: bytes | str) -> str:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return str(path)

    good = json.dumps({"id": "g", "published": "2016-03-01", "text": PALMYRA}, ensure_ascii=False)
    events = str(events_file(tmp / "ev.geojson", ("0001-01-01", "2016-03-01", "9999-12-31")))
    bad_events = write("bad.geojson", json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [38.0, 200.0]},
        "properties": {"source": "s", "force": "isis", "relation": "captured", "date": "2016-01-01"}}]}))
    damaged = store_with(tmp / "damaged.gpkg", 50)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2:len(data) // 2 + 8192] = b"\xff" * 8192
    damaged.write_bytes(bytes(data))
    os.mkfifo(tmp / "fifo.txt")
    with open(os.fsencode(tmp) + b"/odd\xff.txt", "wb") as fh:
        fh.write(PALMYRA.encode("utf-8"))
    link = tmp / "stdout.geojson"
    link.symlink_to("/proc/self/fd/1")
    out = str(tmp / "out.geojson")
    acled = write("acled.csv", "event_id_cnty,event_date,location,latitude,longitude,confidence\n"
                  "A,2017-01-01,P,34.5,999,0.5\nB,2017-01-01,P,34.5,38.2,inf\nC,2017-01-01,P," + "9" * 5000
                  + ",38.2,0.5\nD,2017-01-01,\"P,34.5,38.2,0.5\n")
    cases = {
        "huge int": ["extract", write("int.jsonl", good + '\n{"id": 1, "n": ' + "9" * 5000 + "}\n"), "-o", out],
        "deep nesting": ["extract", write("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + good), "-o", out],
        "lone surrogate": ["extract", write("sur.jsonl", '{"id": "s", "text": "\\udc00x"}\n' + good), "-o", out],
        "meta is a folder": ["extract", write("m/a.txt", PALMYRA), "--meta", str(tmp / "m"), "-o", out],
        "meta is a fifo": ["extract", str(tmp / "m"), "--meta", str(tmp / "fifo.txt"), "-o", out],
        "non-UTF-8 file name": ["ingest", str(tmp), "--db", str(tmp / "s1.gpkg")],
        "device output": ["extract", str(tmp / "m"), "-o", "/dev/null"],
        "symlink to stdout": ["extract", str(tmp / "m"), "-o", str(link)],
        "stray byte": ["extract", write("ff.txt", PALMYRA.encode("utf-8") + b"\xff"), "-o", out],
        "html says latin-1": ["extract", write("l.html", b'<meta charset="iso-8859-1"><p>' + PALMYRA.encode() + b"</p>"),
                              "-o", out],
        "NUL lines": ["extract", write("n.jsonl", '{"id": "n", "text": "a\x00"}\n' + good),
                      write("n.csv", "id,text\nn,a\x00\n"), "-o", out],
        "csv twice text": ["extract", write("t.csv", "text,text\na,b\n"), "-o", out],
        "csv header only": ["extract", write("h.csv", "id,text\n"), "-o", out],
        "binary and empty": ["extract", write("p.txt", b"\x89PNG\r\n\x1a\n"), write("e.txt", b""), "-o", out],
        "placeholder published": ["extract", write("d.jsonl", '{"id": "d", "published": "0001-01-01", "text": "x"}\n'),
                                  "-o", out],
        "--published far": ["extract", str(tmp / "m"), "--published", "9999-12-31", "-o", out],
        "window days": ["snapshot", "--events", events, "--date", "2017-01-01", "--window-days", "99999999999"],
        "calendar ends snapshot": ["snapshot", "--events", events, "--date", "9999-12-31"],
        "calendar ends compare": ["compare", "--events", events, "--from", "0001-01-01", "--to", "9999-12-31"],
        "calendar ends map": ["map", "--events", events, "-o", str(tmp / "m.html")],
        "acled bad rows": ["ingest", acled, "--db", str(tmp / "s2.gpkg"), "--format", "acled"],
        "acled map": ["map", "--events", acled, "-o", str(tmp / "m2.html")],
        "damaged store": ["ingest", str(tmp / "m"), "--db", str(damaged)],
        "gpkg to stdout": ["export", "--events", events, "--format", "gpkg", "-o", "-"],
        "output is input": ["extract", str(tmp / "t.csv"), "-o", str(tmp / "t.csv")],
        "two outputs one file": ["compare", "--events", events, "--from", "2015-01-01", "--to", "2017-01-01",
                                 "-o", out, "--csv", out],
        "-q after command": ["ingest", str(tmp / "m"), "--db", str(tmp / "s3.gpkg"), "-q"],
        "bad forces file": ["map", "--events", events, "--forces", write("f.json", "{no"), "-o", str(tmp / "f.html")],
        "latitude 200": ["snapshot", "--events", bad_events, "--date", "2017-01-01"],
        "not an events file": ["map", "--events", str(tmp / "ff.txt"), "-o", str(tmp / "x.html")],
    }
    envs = {"latin-1 stdout": (["snapshot", "--events", events, "--date", "2017-01-01"], {"PYTHONIOENCODING": "latin-1"}),
            "ascii stdout": (["extract", str(tmp / "m"), "-o", "-"], {"PYTHONIOENCODING": "ascii"})}
    return {**{k: (v + (["--jobs", "1"] if v[0] in ("extract", "ingest") else []), None) for k, v in cases.items()},
            **envs}


def test_no_command_prints_a_traceback_for_any_input_of_the_matrix(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    cases = _matrix(tmp_path)
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(cases, pool.map(lambda case: run_cli(*case[0], env=case[1]), cases.values())))
    failed = {name: r.stderr[-600:] for name, r in results.items() if "Traceback" in r.stderr or r.returncode > 2}
    assert not failed, failed
    assert all(r.stderr.strip() for name, r in results.items() if r.returncode != 0)  # a failure always says why


@pytest.mark.browser
def test_a_bidi_override_in_an_outlet_does_not_flip_the_date_beside_it(tmp_path: Path) -> None:
    """In Chromium: the date after an outlet holding U+202E still reads left to right (2017-02-26)."""
    import importlib.util
    from datetime import date as day

    from maps.build import control_map, save_map
    from testing import synthetic
    from tests.conftest import require

    chromium = Path("/usr/bin/chromium")
    require(chromium.exists(), "Debian's chromium is missing: apt-get install -y chromium")
    require(importlib.util.find_spec("playwright") is not None, "playwright is missing: pip install playwright")
    from playwright.sync_api import sync_playwright

    event = synthetic.event("b1", "isis", "captured", "الرقة", "Raqqa", 35.95, 39.01, "city", day(2017, 2, 26),
                            outlet="\u202eوكالة مثال")
    path = tmp_path / "bidi.html"
    save_map(control_map([event], offline=True), path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("window.conflictmap && Object.keys(conflictmap.instances).length > 0")
        page.locator("path[data-place='الرقة']").click(force=True)
        page.locator(".leaflet-popup-content .cm-meta").first.wait_for()
        lefts = page.evaluate("""() => {
            const walker = document.createTreeWalker(document.querySelector('.leaflet-popup-content .cm-meta'),
                                                     NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf('2017-02-26');
                if (at < 0) continue;
                const x = i => { const r = document.createRange(); r.setStart(node, at + i); r.setEnd(node, at + i + 1);
                                 return r.getBoundingClientRect().left; };
                return [x(0), x(9)];
            }
            return null; }""")
        browser.close()
    assert lefts is not None, "the date is not shown in the popup"
    assert lefts[0] < lefts[1], "the date reads right to left: the outlet's U+202E leaked into it"
