"""Issue 7 end to end, through the real command line: messy inputs, odd dates and names, hostile ids and URLs.

The per-piece tests live beside each package (readers, store, maps); docs/robustness.md maps every bullet of
the issue to its test. These tests prove the pieces hold together as a user meets them.
"""
from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli

# Our own example claims (one per file), each giving one event with the lexicon and gazetteer.
PALMYRA = "سيطرت قوات النظام على مدينة تدمر بعد معارك عنيفة."
MANBIJ = "انسحب تنظيم داعش من مدينة منبج."
RAQQA = "دخلت قوات سوريا الديمقراطية مدينة الرقة."
TABQA = "سيطر تنظيم الدولة الإسلامية على مدينة الطبقة."


def features(path: Path) -> list[dict]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def by_source(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in features(path):
        out.setdefault(f["properties"]["source"], []).append(f)
    return out


def problem_lines(stderr: str, folder: Path) -> list[str]:
    return [line for line in stderr.splitlines() if str(folder) in line]


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# ---------------------------------------------------------------------------------------------- a messy folder

@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder mixing good inputs in every supported shape with bad ones of every kind."""
    folder = tmp_path_factory.mktemp("messy") / "in"
    folder.mkdir()
    (folder / "a_utf8.txt").write_text(PALMYRA, encoding="utf-8")
    (folder / "b_bom.txt").write_bytes(b"\xef\xbb\xbf" + MANBIJ.encode("utf-8"))
    (folder / "c_utf16le.txt").write_bytes(b"\xff\xfe" + RAQQA.encode("utf-16-le"))
    (folder / "d_utf16be.txt").write_bytes(b"\xfe\xff" + TABQA.encode("utf-16-be"))
    (folder / "e_cp1256.txt").write_bytes(PALMYRA.encode("cp1256"))
    (folder / "f_lines.txt").write_bytes(f"عنوان\r\n\r{MANBIJ}\n\r\nخاتمة\r".encode("utf-8"))
    (folder / "g_page.html").write_text(
        "<html><head><title>خبر</title><style>p { color: red }</style>"
        "<script>var s = 'سيطرت قوات النظام على مدينة حلب';</script></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/x'>انسحب تنظيم داعش من مدينة حمص</a></nav>"
        f"<!-- سيطرت قوات النظام على مدينة درعا --><article><p>{RAQQA}</p></article></body></html>", encoding="utf-8")
    (folder / "h_batch.jsonl").write_text("\n".join([
        json.dumps({"id": "j1", "text": TABQA, "published": "2014-08-25"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "j3", "published": "2014-08-25"}),
        json.dumps({"id": "j4", "text": PALMYRA, "published": 20140825}, ensure_ascii=False),
        json.dumps({"id": "j5", "text": MANBIJ}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    with open(folder / "i_batch.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "text", "published"], ["c1", f"عنوان الخبر\n{RAQQA}", "2017-06-06"]])
    (folder / "k_empty.txt").write_bytes(b"")
    (folder / "l_blank.txt").write_text(" \n\t \r\n", encoding="utf-8")
    (folder / "m_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with zipfile.ZipFile(folder / "n_archive.txt", "w") as z:
        z.writestr("inner.txt", PALMYRA)
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    return folder


GOOD = {"a_utf8": "تدمر", "b_bom": "منبج", "c_utf16le": "الرقة", "d_utf16be": "الطبقة", "e_cp1256": "تدمر",
        "f_lines": "منبج", "g_page": "الرقة", "j1": "الطبقة", "j5": "منبج", "c1": "الرقة"}
BAD = [("k_empty.txt", None, "empty"), ("l_blank.txt", None, "whitespace"), ("m_image.txt", None, "PNG"),
       ("n_archive.txt", None, "zip"), ("h_batch.jsonl", 2, "JSON"), ("h_batch.jsonl", 3, "text"),
       ("h_batch.jsonl", 4, "published")]


@pytest.fixture(scope="module")
def messy_run(messy: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("messy-out") / "events.geojson"
    return run_cli("extract", str(messy), str(messy.parent / "missing.txt"), "-o", str(out)), out


def test_good_inputs_in_every_shape_give_their_events(messy_run) -> None:
    result, out = messy_run
    no_traceback(result)
    got = by_source(out)
    for source, place in GOOD.items():
        assert source in got, (source, result.stderr)
        assert place in [f["properties"]["mention"] for f in got[source]], (source, got[source])
    mentions = {f["properties"]["mention"] for f in features(out)}
    assert not mentions & {"حلب", "حمص", "درعا"}  # script, navigation and comments are not article text
    assert set(got) == set(GOOD)  # nothing from the bad inputs


def test_each_bad_input_is_one_line_naming_the_file_and_line(messy_run, messy: Path) -> None:
    result, _ = messy_run
    lines = problem_lines(result.stderr, messy.parent)
    for name, line, why in BAD:
        where = f"{messy / name}:{line}" if line else str(messy / name)
        hits = [x for x in lines if where + ":" in x]
        assert len(hits) == 1, (where, lines)
        assert why.lower() in hits[0].lower(), hits[0]
    assert any("missing.txt" in x for x in lines)
    assert any("loop" in x for x in lines)  # the symlink loop is reported, not followed forever
    assert len(lines) == len(BAD) + 2, lines


def test_some_inputs_failed_is_exit_code_1_and_the_output_is_still_written(messy_run) -> None:
    result, out = messy_run
    assert result.returncode == 1 and out.exists()


def test_strict_stops_at_the_first_failure_and_keeps_the_previous_output(messy: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    out.write_text('{"previous": true}', encoding="utf-8")
    result = run_cli("extract", str(messy), "-o", str(out), "--strict")
    no_traceback(result)
    assert result.returncode == 1
    lines = problem_lines(result.stderr, messy)
    assert len(lines) == 1 and "error" in lines[0], result.stderr
    assert "h_batch.jsonl:2" in lines[0]  # the first failure in sorted order, and nothing after it
    assert out.read_text(encoding="utf-8") == '{"previous": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]  # no temporary file left behind


def test_ingest_of_the_messy_folder_keeps_the_good_reports_the_bad_and_strict_stops(messy: Path,
                                                                                     tmp_path: Path) -> None:
    from geo.io import load_events

    strict_store = tmp_path / "strict.gpkg"
    result = run_cli("ingest", str(messy), "--db", str(strict_store), "--strict")
    no_traceback(result)
    assert result.returncode == 1
    lines = problem_lines(result.stderr, messy)
    assert len(lines) == 1 and "h_batch.jsonl:2" in lines[0], result.stderr
    if strict_store.exists():  # what was committed before the stop is kept; nothing after it was read
        assert "c1" not in {e.source for e in load_events(strict_store)}

    store = tmp_path / "store.gpkg"
    result = run_cli("ingest", str(messy), "--db", str(store))
    no_traceback(result)
    assert result.returncode == 1
    lines = problem_lines(result.stderr, messy)
    assert len(lines) == len(BAD) + 1 and all("skipped" in x for x in lines), lines  # + the symlink loop
    stored = {}
    for e in load_events(store):
        stored.setdefault(e.source, []).append(e.mention)
    assert set(stored) == set(GOOD)
    assert all(place in stored[source] for source, place in GOOD.items())


def test_strict_with_only_good_inputs_succeeds(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PALMYRA, encoding="utf-8")
    result = run_cli("extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "e.geojson"), "--strict")
    assert result.returncode == 0, result.stderr
    assert [f["properties"]["mention"] for f in features(tmp_path / "e.geojson")] == ["تدمر"]


# ---------------------------------------------------------------------------------------------- dates and names

LONG_NAME = "كفرسمسمونالعليا" * 34  # 510 characters, no such place
ODD = {
    "clean": ("سيطرت قوات النظام على مدينة تدمر بعد معارك عنيفة.", "2016-03-27"),
    "impossible": ("سيطرت قوات النظام على مدينة تدمر في 31 شباط 2016.", "2016-03-10"),
    "leap": ("سيطرت قوات النظام على مدينة تدمر في 29 شباط 2017.", "2017-03-10"),
    "future": ("سيطرت قوات النظام على مدينة تدمر يوم 5 آذار 2090.", "2016-03-10"),
    "hijri": ("سيطرت قوات النظام على مدينة تدمر في 25 ربيع الأول 1439 هـ.", "2017-12-20"),
    "unknown_force": ("سيطرت ميليشيا الزرقاء العجيبة على مدينة تدمر.", "2016-03-27"),
    "long_name": (f"سيطرت قوات النظام على قرية {LONG_NAME} بعد معارك.", "2016-03-27"),
    "latin": ("The Syrian army captured Palmyra from Islamic State on 27 March 2016.", "2016-03-27"),
    "bidi": ("سيطرت قوات النظام على مدينة \u200fت\u200dد\u200eمر\u202c بعد معارك عنيفة.", "2016-03-27"),
    "zwj": ("سيطرت قوات \u200dالنظام على مدينة تد\u200cم\u200dر\u2069 بعد معارك عنيفة.", "2016-03-27"),
}


@pytest.fixture(scope="module")
def odd_run(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("odd")
    src = folder / "odd.jsonl"
    src.write_text("\n".join(json.dumps({"id": k, "text": t, "published": p}, ensure_ascii=False)
                             for k, (t, p) in ODD.items()) + "\n", encoding="utf-8")
    out = folder / "odd.geojson"
    result = run_cli("extract", str(src), "-o", str(out))
    no_traceback(result)
    return result, by_source(out)


def _palmyra(events: list[dict]) -> dict:
    """The one event about تدمر (however its mention is spelled)."""
    from arabic.normalize import normalize

    (event,) = [f for f in events if normalize(f["properties"]["mention"]) == "تدمر"]
    return event


def test_odd_dates_and_names_are_all_read_and_the_run_succeeds(odd_run) -> None:
    result, _ = odd_run
    assert result.returncode == 0, result.stderr
    assert f"{len(ODD)} articles" in result.stderr


def test_impossible_dates_are_never_invented(odd_run) -> None:
    _, got = odd_run
    for key in ("impossible", "leap"):
        props = _palmyra(got[key])["properties"]
        assert props["date"] in (None, props["published"]), props  # not 2016-03-02, not 2017-03-01


def test_dates_after_the_publication_are_not_taken(odd_run) -> None:
    _, got = odd_run
    props = _palmyra(got["future"])["properties"]
    assert props["date"] is None or props["date"] <= props["published"], props


def test_hijri_date_gives_its_gregorian_day(odd_run) -> None:
    _, got = odd_run
    assert _palmyra(got["hijri"])["properties"]["date"] == "2017-12-13"


def test_unknown_force_is_never_made_up(odd_run) -> None:
    from extract.forces import load_lexicon

    _, got = odd_run
    known = {f.id for f in load_lexicon().all()}
    assert all(f["properties"]["force"] in known for f in got.get("unknown_force", []))


def test_a_500_character_name_is_unresolved_not_an_error(odd_run) -> None:
    _, got = odd_run
    for f in got.get("long_name", []):
        if LONG_NAME[:20] in f["properties"]["mention"]:
            assert f["geometry"] is None and f["properties"]["status"] == "unresolved"


def test_latin_only_text_gives_no_events(odd_run) -> None:
    _, got = odd_run
    assert "latin" not in got


def test_invisible_marks_inside_names_still_resolve_to_the_same_place(odd_run) -> None:
    _, got = odd_run
    clean = _palmyra(got["clean"])
    for key in ("bidi", "zwj"):
        noisy = _palmyra(got[key])
        assert noisy["properties"]["place_id"] == clean["properties"]["place_id"]
        assert noisy["geometry"] == clean["geometry"]
        assert noisy["properties"]["force"] == "government"
        text, _ = ODD[key]
        p = noisy["properties"]
        assert text[p["mention_start"]:p["mention_end"]] == p["mention"]  # offsets index the text as given


def test_gazetteer_lookup_of_a_500_character_name_and_of_marked_names() -> None:
    result = run_cli("gazetteer", "lookup", "--json", LONG_NAME, "x" * 500, "ق" * 500)
    no_traceback(result)
    assert result.returncode == 1  # names without a place
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["candidates"] for r in rows] == [[], [], []]
    assert rows[0]["query"] == LONG_NAME

    names = ["تدمر", "\u200fتدمر\u200f", "ت\u200dد\u200cمر", "\u2067تدمر\u2069", "تد\u202bمر\u202c", "\ufeffتدمـر"]
    result = run_cli("gazetteer", "lookup", "--json", *names)
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["candidates"][0]["id"] for line in result.stdout.splitlines()]
    assert len(ids) == len(names) and len(set(ids)) == 1


@pytest.mark.parametrize("mark", ["\u2060", "\u034f"])
def test_other_invisible_joiners_inside_names_are_normalised_away(mark: str) -> None:
    from arabic.normalize import normalize

    assert normalize(f"تد{mark}مر") == normalize("تدمر")


# ---------------------------------------------------------------------------------------------- hostile ids and URLs

def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_an_article_id_never_chooses_where_output_goes(tmp_path: Path) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    ids = ["../../etc/x", "../../escaped", str(tmp_path / "escaped_abs"), "/tmp/../" + str(tmp_path / "e3"),
           "..\\..\\escaped_win", "~/escaped_home", "a\x00b", "."]
    src = work / "hostile.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": PALMYRA}, ensure_ascii=False) for i in ids) + "\n",
                   encoding="utf-8")
    before = _tree(tmp_path)
    out = work / "out" / "events.geojson"
    result = run_cli("extract", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    store = work / "out" / "store.gpkg"
    result = run_cli("ingest", str(src), "--db", str(store))
    assert result.returncode == 0, result.stderr
    new = _tree(tmp_path) - before
    assert {"a/b/out", "a/b/out/events.geojson", "a/b/out/store.gpkg"} <= new
    assert all(n.startswith("a/b/out/store.gpkg") for n in new - {"a/b/out", "a/b/out/events.geojson"}), new
    got = features(out)
    assert len(got) == len(ids)  # every hostile id is still an article, with a path-safe source
    for f in got:
        source = f["properties"]["source"]
        assert "/" not in source and "\\" not in source and ".." not in source and "\x00" not in source


JS = "javascript:alert(document.cookie)"
FORMULA_URL = '=HYPERLINK("javascript:alert(1)","click")'


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile")
    src = folder / "hostile.jsonl"
    rows = [{"id": "js", "text": PALMYRA, "url": JS, "outlet": "<img src=x onerror=alert(1)>"},
            {"id": "formula", "text": MANBIJ, "url": FORMULA_URL, "outlet": "@SUM(1+1)*cmd|' /C calc'!A0"}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    outs = {}
    for ext in ("geojson", "csv"):
        outs[ext] = folder / f"events.{ext}"
        result = run_cli("extract", str(src), "-o", str(outs[ext]))
        assert result.returncode == 0, result.stderr
    return rows, outs


def test_javascript_urls_stay_plain_data_in_geojson(hostile_exports) -> None:
    rows, outs = hostile_exports
    got = {f["properties"]["source"]: f["properties"] for f in features(outs["geojson"])}
    for row in rows:
        assert got[row["id"]]["url"] == row["url"] and got[row["id"]]["outlet"] == row["outlet"]
    assert "<a " not in outs["geojson"].read_text(encoding="utf-8")  # data, never markup


def test_javascript_urls_and_formulas_stay_inert_in_csv(hostile_exports) -> None:
    rows, outs = hostile_exports
    with open(outs["csv"], encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == len(rows)
    for line in table:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in line.values()), line
    by_url = {line["url"].lstrip("'"): line for line in table}
    assert set(by_url) == {JS, FORMULA_URL}  # the text is kept, only a formula gets its leading apostrophe
    assert by_url[JS]["url"] == JS
