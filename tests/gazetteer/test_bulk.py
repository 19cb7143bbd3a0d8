"""Imported lists at scale (issue 12, memory per place) and invalid coordinates (issue 14, item 4).

Imported places are stored as columns and matched word by word (gazetteer/bulk.py): these tests
check that this gives exactly what the automaton gives, that memory per place and load time stay
small, that a list too big for the memory is refused with one line, and that no invalid coordinate
ever reaches a store or an index.
"""
from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from arabic.normalize import normalize
from core.errors import GazetteerError, InputError
from core.paths import ROOT
from gazetteer import Gazetteer
from gazetteer.bulk import Postings, normalize_many, valid_coordinates
from gazetteer.index import build_index
from gazetteer.merge import merge_places
from gazetteer.sources.geonames_dump import iter_dump
from gazetteer.sources.imported import import_file, list_imported
from tests.conftest import run_cli
from tests.gazetteer.conftest import P
from tests.gazetteer.test_sources_geonames import LINES, dump_line, write_dump


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFLICTMAP_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CONFLICTMAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CONFLICTMAP_MEMORY_LIMIT", raising=False)
    return tmp_path


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"CONFLICTMAP_DATA": str(tmp_path / "data"), "CONFLICTMAP_CACHE": str(tmp_path / "cache"), **extra}


# ------------------------------------------------------------------------------- same answers as the automaton

@pytest.fixture(scope="module")
def both() -> tuple[Gazetteer, Gazetteer]:
    """The default places indexed twice: as automaton entries (embedded) and as columns (imported)."""
    from gazetteer.sources.registry import default_sources

    places = merge_places([p for s in default_sources() for p in s.places()])
    # Rules that belong to the embedded community list (names only its P-coded villages carry) are not
    # the matcher's business: compared without P-codes, both ways must read every name alike.
    places = [replace(p, pcode="") if getattr(p, "pcode", "") else p for p in places]
    return Gazetteer(build_index(places)), Gazetteer(build_index([], bulk=iter(places)))


def _mentions(gaz: Gazetteer, text: str) -> list[tuple]:
    return [(m.start, m.end, m.status, m.cue, tuple(c.place.id for c in m.candidates)) for m in gaz.scan(text)]


def test_imported_names_are_found_exactly_as_embedded_ones(both) -> None:
    from bench.corpus import generate_corpus

    core, bulk = both
    assert len(core) == len(bulk) and bulk.index.table is not None and core.index.table is None
    texts = [a.text for a in generate_corpus(150, seed=11)] + [
        "سيطرت القوات على مدينتي الرقة والطبقة ثم وبالرقة وللرقة", "وصلوا إلى كفرنبل وكفر نبل ومنبج",
        "قصفت الطائرات ورقة الأوراق في فرقة عسكرية", "تقدمت نحو دير الزور وديرالزور والميادين"]
    for text in texts:
        norm = normalize(text)
        assert [(h.key, h.start, h.end, h.prefix) for h in core.index.hits(norm)] == \
               [(h.key, h.start, h.end, h.prefix) for h in bulk.index.hits(norm)], text
        assert _mentions(core, text) == _mentions(bulk, text), text


def test_lookup_gives_the_same_places(both) -> None:
    core, bulk = both
    for name in ("الرقة", "وبالرقة", "مدينة حلب", "Raqqa", "كفر نبل", "الرقه"):
        assert [(c.place, c.score) for c in core.lookup(name)] == [(c.place, c.score) for c in bulk.lookup(name)]


def test_an_imported_name_is_read_with_clitics_and_a_longer_stop_word_blocks_it() -> None:
    gaz = Gazetteer(build_index([], bulk=iter([
        P("a", "الزنبقية", 35.0, 37.0), P("b", "تل الزنبق الكبير", 35.5, 37.5), P("c", "رقة", 34.0, 38.0)])))
    ms = gaz.scan("وصلوا إلى بالزنبقية ثم للزنبقية")  # ب + name, and ل + name without its alef
    assert [(m.surface, m.place.id) for m in ms] == [("الزنبقية", "a"), ("لزنبقية", "a")]
    assert [m.place.id for m in gaz.scan("سيطروا على بلدة تل الزنبق الكبير")] == ["b"]
    assert gaz.scan("كتب على ورقة بيضاء") == []  # ورقة is a stop word, not و + رقة


def test_the_same_place_from_an_import_is_merged_not_doubled() -> None:
    embedded = P("gn:1", "الزنبقية", 35.0, 37.0, population=5000)
    idx = build_index([embedded], bulk=iter([P("ocha:1", "الزنبقيه", 35.01, 37.01, alts=("زنبقية",)),
                                             P("ocha:2", "الزنبقية", 33.0, 40.0)]))
    assert len(idx.places) == 2
    first = idx.places[0]
    assert first.id == "gn:1" and first.merged_ids == ("ocha:1",) and "زنبقية" in first.alt_names
    assert [p.id for p in idx.places_for("الزنبقيه")] == ["gn:1", "ocha:2"]


def test_cached_index_with_imports_round_trips(home: Path) -> None:
    from gazetteer.index import load_index
    from gazetteer.sources.registry import default_sources

    import_file(write_dump(home), "geonames")
    first = load_index(default_sources())
    again = load_index(default_sources())  # from the cache
    assert first.table is not None and again.places.bulk is not None
    assert list(again.places) == list(first.places) and dict(again.by_name.items()) == dict(first.by_name.items())
    assert again.places_for("تل الوردي")[0].id == "gn:9100001"
    assert again.by_name_en.get("tall wardi") == first.by_name_en.get("tall wardi")


def test_postings_read_as_tuples() -> None:
    p = Postings()
    for k, i in (("a", 1), ("a", 1), ("a", 2), ("b", 3)):
        p.add(k, i)
    assert p["a"] == (1, 2) and p.get("b") == (3,) and p.get("c", ()) == () and dict(p.items()) == {"a": (1, 2), "b": (3,)}


def test_batch_normalisation_equals_one_by_one() -> None:
    from gazetteer.sources.registry import default_sources

    rng = random.Random(4)
    alphabet = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي أإآةىئؤ\u064b\u064e\u0651\u0640ﻻﺍ  -"
    names = [p.name_ar for s in default_sources() for p in s.places()][:3000]
    names += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    names += ["", " ", "\u064e", " حلب ", "حلب\u0651 ", "ﻻذقية"]
    assert normalize_many(names) == [normalize(n) for n in names]


# ------------------------------------------------------------------------------------- memory, time, fit

LOAD = """
import json, resource, sys, time
from gazetteer import load_gazetteer
start = time.perf_counter()
gaz = load_gazetteer()
print(json.dumps({"seconds": time.perf_counter() - start, "places": len(gaz),
                  "kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _load(env: dict[str, str]) -> dict:
    import os

    done = subprocess.run([sys.executable, "-c", LOAD], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_memory_per_imported_place_and_warm_load(tmp_path: Path) -> None:
    from bench.places import write_place_csv

    n = 20_000
    empty = _env(tmp_path / "empty")
    _load(empty)
    baseline = _load(empty)
    env = _env(tmp_path)
    r = run_cli("gazetteer", "import", str(write_place_csv(tmp_path / "big.csv", n)), "--format", "csv", env=env)
    assert r.returncode == 0 and f"{n} places" in r.stdout, r.stderr
    _load(env)  # builds the cache
    warm = min((_load(env) for _ in range(2)), key=lambda x: x["seconds"])
    assert warm["places"] >= baseline["places"] + n * 0.95  # a few namesakes within 5 km merge
    per_place = (warm["kb"] - baseline["kb"]) * 1024 / n
    assert per_place < 1536, f"{per_place:.0f} bytes per imported place"  # was about 9,500 before the columns
    assert warm["seconds"] < 1.0, warm


def test_a_list_that_will_not_fit_is_refused_with_one_line(tmp_path: Path) -> None:
    from bench.places import write_place_csv

    path = write_place_csv(tmp_path / "big.csv", 3000)
    r = run_cli("gazetteer", "import", str(path), "--format", "csv", env=_env(tmp_path, CONFLICTMAP_MEMORY_LIMIT="1M"))
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "3,000 places" in lines[0] and "memory" in lines[0]
    assert not (tmp_path / "data" / "gazetteer" / "big").exists()
    assert not list((tmp_path / "data" / "gazetteer").glob(".*"))  # no staging file left behind


def test_loading_more_than_fits_is_refused_with_one_line(tmp_path: Path) -> None:
    from bench.places import write_place_csv

    r = run_cli("gazetteer", "import", str(write_place_csv(tmp_path / "big.csv", 3000)), "--format", "csv",
                env=_env(tmp_path))
    assert r.returncode == 0, r.stderr
    r = run_cli("gazetteer", "lookup", "الرقة", env=_env(tmp_path, CONFLICTMAP_MEMORY_LIMIT="2M"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "big (3,000 places)" in r.stderr and "memory" in r.stderr
    r = run_cli("gazetteer", "lookup", "الرقة", env=_env(tmp_path, CONFLICTMAP_MEMORY_LIMIT="lots"))
    assert r.returncode == 1 and "CONFLICTMAP_MEMORY_LIMIT" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------------------- invalid coordinates

BAD_DUMP = LINES[:3] + [
    dump_line(9200001, "Lat200", "قرية المئتين", 200.0, 38.0, "P", "PPL"),
    dump_line(9200002, "NaN", "قرية اللاعدد", float("nan"), 38.0, "P", "PPL"),
    dump_line(9200003, "Inf", "قرية اللانهاية", 35.0, float("inf"), "P", "PPL"),
    dump_line(9200004, "Lon999", "قرية الطول", 35.0, 999.0, "P", "PPL"),
    dump_line(9200005, "MinusInf", "قرية السالبة", float("-inf"), 36.0, "P", "PPL"),
]


def _write_bad_dump(folder: Path) -> Path:
    path = write_dump(folder, BAD_DUMP)
    with open(path, "ab") as fh:  # a line that is not UTF-8, then a good one after it
        fh.write(dump_line(9200006, "Latin1", "x", 35.0, 36.0, "P", "PPL").replace("x", "\u00e9").encode("latin-1"))
        fh.write(dump_line(9200007, "After", "قرية بعدها", 35.2, 36.2, "P", "PPL").encode("utf-8"))
    return path


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 90.0001, -200.0])
def test_valid_coordinates_rejects(value: float) -> None:
    assert not valid_coordinates(value, 36.0) and not valid_coordinates(35.0, value * 2 if abs(value) < 100 else value)
    assert valid_coordinates(90.0, -180.0) and valid_coordinates(-90.0, 180.0)


def test_geonames_bad_lines_are_problems_and_good_lines_are_kept(home: Path) -> None:
    path = _write_bad_dump(home)
    with pytest.raises(InputError) as err:  # without a problems list the first bad line stops the read
        list(iter_dump(path))
    assert err.value.line == 4
    problems: list[InputError] = []
    manifest, _ = import_file(path, "geonames", problems=problems)
    assert [p.line for p in problems] == [4, 5, 6, 7, 8, 9]
    assert all(str(path) in str(p) for p in problems) and "UTF-8" in str(problems[-1])
    ids = {p.id for p in list_imported()[0].places()}
    assert manifest.rows == 4 and ids == {"gn:9100001", "gn:9100002", "gn:9100003", "gn:9200007"}


def test_csv_nan_and_inf_are_problems(home: Path) -> None:
    path = home / "l.csv"
    path.write_text("name_ar,lat,lon\nقرية أولى,35.1,36.1\nقرية ثانية,nan,36\nقرية ثالثة,35,inf\n"
                    "قرية رابعة,-inf,36\nقرية خامسة,1e400,36\nقرية سادسة,35.2,36.2\n", encoding="utf-8")
    problems: list[InputError] = []
    manifest, _ = import_file(path, "csv", problems=problems)
    assert manifest.rows == 2 and [p.line for p in problems] == [3, 4, 5, 6]
    assert all(math.isfinite(p.lat) and math.isfinite(p.lon) for p in list_imported()[0].places())


def test_cli_import_reports_problems_and_lookup_prints_valid_json(tmp_path: Path) -> None:
    path = _write_bad_dump(tmp_path)
    env = _env(tmp_path)
    r = run_cli("gazetteer", "import", str(path), "--format", "geonames", env=env)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "imported geonames-sy: 4 places" in r.stdout
    assert [line.split(": ", 1)[1].split(":")[1] for line in r.stderr.splitlines() if str(path) in line] == \
        ["4", "5", "6", "7", "8", "9"]
    r = run_cli("gazetteer", "lookup", "قرية المئتين", "قرية بعدها", "--json", env=env)
    rows = [json.loads(line) for line in r.stdout.splitlines()]  # strict JSON: no NaN, no Infinity
    assert rows[1]["candidates"][0]["id"] == "gn:9200007"
    assert all(c["id"] != "gn:9200001" for c in rows[0]["candidates"])


def test_an_invalid_place_never_reaches_the_index() -> None:
    idx = build_index([P("ok", "الفا", 35.0, 37.0), P("nan", "بيتا", math.nan, 37.0)],
                      bulk=iter([P("inf", "غاما", 35.0, math.inf), P("far", "دلتا", 95.0, 37.0), P("ok2", "زيتا", 35, 36)]))
    assert [p.id for p in idx.places] == ["ok", "ok2"]


def test_a_damaged_store_is_one_clear_line(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert run_cli("gazetteer", "import", str(write_dump(tmp_path)), "--format", "geonames", env=env).returncode == 0
    store = tmp_path / "data" / "gazetteer" / "geonames-sy" / "places.csv"
    lines = store.read_text(encoding="utf-8").splitlines()
    cols = lines[1].split(",")
    cols[5] = "nan"
    store.write_text("\n".join([lines[0], ",".join(cols), *lines[2:]]) + "\n", encoding="utf-8")
    r = run_cli("gazetteer", "lookup", "تل الوردي", env=env)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "gazetteer remove geonames-sy" in r.stderr
    assert run_cli("gazetteer", "remove", "geonames-sy", env=env).returncode == 0
    assert run_cli("gazetteer", "lookup", "الرقة", env=env).returncode == 0


def test_online_answers_and_cache_entries_with_invalid_coordinates_are_refused(tmp_path: Path) -> None:
    import threading

    from tests.gazetteer import test_sources_online as online

    good = online.ANSWERS["قرية الاختبار"][0]
    fake = online.FakeNominatim()
    threading.Thread(target=fake.httpd.serve_forever, daemon=True).start()
    try:
        online.ANSWERS["قرية المئتين"] = [{**good, "lat": "200"}]
        cache = tmp_path / "n.json"
        with pytest.raises(GazetteerError, match="unusable coordinates"):
            online.make(fake, cache).lookup("قرية المئتين")
        online.make(fake, cache).lookup("قرية الاختبار")
        data = json.loads(cache.read_text(encoding="utf-8"))
        (key,) = data
        data[key] = data[key] + [{**data[key][0], "id": "osm:bad", "lat": float("nan")}, {"id": "broken"}]
        cache.write_text(json.dumps(data), encoding="utf-8")
        assert [c.place.id for c in online.make(fake, cache).lookup("قرية الاختبار")] == ["osm:node/4242"]
    finally:
        online.ANSWERS.pop("قرية المئتين", None)
        fake.httpd.shutdown()
        fake.httpd.server_close()
