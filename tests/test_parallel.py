"""engines/parallel.py on the local engines, and engines/parquet.py: same events as one process, failures contained."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InputError, UsageError
from engines.parallel import extract_many, write_partitioned
from engines.parquet import events_to_frame, frame_to_events, part_files, read_events_parquet, write_events_parquet
from extract.pipeline import extract_article
from readers.articles import Problem
from records.article import Article
from records.event import Event
from tests.conftest import run_cli

BOOM = "@@boom@@"
CRASH = "@@crash@@"


def exploding(article, *, gazetteer, forces):
    """The real extractor, except that it raises on a marked article."""
    if BOOM in article.text:
        raise RuntimeError("fake extractor failure")
    return extract_article(article, gazetteer=gazetteer, forces=forces)


def crashing(article, *, gazetteer, forces):
    """The real extractor, except that a marked article kills its worker process outright."""
    if CRASH in article.text:
        os._exit(3)
    return extract_article(article, gazetteer=gazetteer, forces=forces)



def events_of(results):
    return [(item[0].id, item[1]) for item in results]


def test_pool_gives_the_single_process_events_on_the_seeds(seeds):
    one = list(extract_many(seeds, jobs=1))
    two = list(extract_many(seeds, jobs=2, chunk_size=1))
    assert [a.id for a, _ in two] == [a.id for a in seeds]
    assert sum(len(events) for _, events in one) > 0
    assert events_of(two) == events_of(one)


def test_pool_gives_the_single_process_events_on_a_generated_corpus(corpus):
    one = list(extract_many(corpus, jobs=1))
    two = list(extract_many(corpus, jobs=2, chunk_size=7))
    assert len(one) == len(corpus) == len(two)
    assert sum(len(events) for _, events in one) > 50
    assert events_of(two) == events_of(one)


def test_reader_problems_pass_through_in_place(seeds):
    bad = Problem("broken.jsonl", 3, "malformed JSON")
    items = [seeds[0], bad, seeds[1]]
    out = list(extract_many(items, jobs=2, chunk_size=1))
    assert out[1] is bad
    assert [out[0][0].id, out[2][0].id] == [seeds[0].id, seeds[1].id]


def test_a_failing_article_is_reported_and_the_others_survive(corpus):
    marked = replace(corpus[5], text=corpus[5].text + " " + BOOM)
    items = corpus[:5] + [marked] + corpus[6:40]
    out = list(extract_many(items, jobs=2, chunk_size=4, extract_fn=exploding))
    assert isinstance(out[5], Problem)
    assert marked.id in out[5].reason and "fake extractor failure" in out[5].reason
    assert out[5].origin == marked.origin
    rest = out[:5] + out[6:]
    assert all(isinstance(item, tuple) for item in rest)
    assert events_of(rest) == events_of(extract_many(corpus[:5] + corpus[6:40], jobs=1))


def test_a_failing_article_raises_with_on_error_raise(corpus):
    marked = replace(corpus[0], text=BOOM)
    with pytest.raises(InputError, match=marked.id):
        list(extract_many([marked], jobs=1, extract_fn=exploding, on_error="raise"))


def test_a_crashed_worker_loses_only_its_partition(corpus):
    items = list(corpus[:48])
    items[20] = replace(items[20], text=items[20].text + CRASH)
    out = list(extract_many(items, jobs=2, chunk_size=8, extract_fn=crashing))
    failed = [i for i, item in enumerate(out) if isinstance(item, Problem)]
    assert failed == list(range(16, 24))  # exactly the partition holding the crashing article
    assert all(items[i].id in out[i].reason for i in failed)
    survivors = [item for item in out if not isinstance(item, Problem)]
    expected = [r for i, r in enumerate(extract_many(items, jobs=1)) if i not in failed]
    assert events_of(survivors) == events_of(expected)


def echo(article, *, gazetteer, forces):
    """A cheap stand-in extractor for the ordering property: one item per character, or a failure."""
    if BOOM in article.text:
        raise ValueError("marked")
    return [article.id] * len(article.text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["", "ab", "abc", BOOM]), st.none()), max_size=30),
       st.integers(1, 7))
def test_results_keep_input_order_for_any_chunking(texts, chunk_size):
    items = [Problem("in.jsonl", i, "bad line") if t is None else Article(id=f"a{i}", text=t, origin=f"f{i}.txt")
             for i, t in enumerate(texts)]
    out = list(extract_many(items, jobs=1, chunk_size=chunk_size, extract_fn=echo))
    assert len(out) == len(items)
    for item, result in zip(items, out):
        if isinstance(item, Problem):
            assert result is item
        elif BOOM in item.text:
            assert isinstance(result, Problem) and result.origin == item.origin and item.id in result.reason
        else:
            assert result == (item, [item.id] * len(item.text))


@pytest.mark.parametrize("options, message", [
    ({"engine": "spark"}, "unknown engine"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "--engine dask"),
    ({"jobs": 0}, "at least 1"),
    ({"chunk_size": 0}, "at least 1"),
])
def test_bad_options_are_usage_errors_at_call_time(options, message):
    with pytest.raises(UsageError, match=message):
        extract_many([], **options)


def test_events_geoparquet_round_trip(corpus, tmp_path):
    events = [e for _, found in extract_many(corpus[:60], jobs=1) for e in found]
    unresolved = Event(source="x", force="isis", relation="lost", mention="قرية مجهولة", mention_start=0,
                       mention_end=4, sentence="s", sentence_start=0, rule="r", confidence=0.4, status="unresolved",
                       date=date(2015, 3, 1), date_precision="month")
    events.append(unresolved)
    assert any(e.lat is not None for e in events)
    path = write_events_parquet(tmp_path / "events.parquet", events)
    assert read_events_parquet(path) == events
    frame = events_to_frame(events)
    assert frame.crs.to_epsg() == 4326 and frame.geometry.iloc[-1] is None
    assert frame_to_events(frame) == events


def test_write_partitioned_locally_matches_the_gathered_events(corpus, tmp_path):
    out_dir = tmp_path / "parts"
    run = write_partitioned(corpus, out_dir, jobs=2, chunk_size=50)
    expected = [e for _, found in extract_many(corpus, jobs=1) for e in found]
    assert run.articles == len(corpus) and run.events == len(expected) and not run.problems
    assert run.parts == part_files(out_dir) and len(run.parts) >= 2
    assert read_events_parquet(out_dir) == expected
    with pytest.raises(UsageError, match="already holds"):
        write_partitioned(corpus[:2], out_dir, jobs=1)


def test_cli_extract_with_two_jobs_writes_the_single_process_output(shared, tmp_path):
    meta = str(shared / "gold" / "seeds_metadata.jsonl")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"events-{jobs}.geojson"
        r = run_cli("extract", str(shared / "seeds"), "--meta", meta, "-o", str(out), "--jobs", jobs)
        assert r.returncode == 0, r.stderr
        outputs[jobs] = json.loads(out.read_text(encoding="utf-8"))
    assert len(outputs["1"]["features"]) > 0
    assert outputs["2"] == outputs["1"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """150 generated articles as .txt files plus meta.jsonl: more than one 64-article partition."""
    from bench.corpus import write_corpus

    return write_corpus(tmp_path_factory.mktemp("written") / "corpus", 150, seed=5)


def test_cli_extract_uses_all_cores_by_default_with_the_single_process_output(written, tmp_path, monkeypatch):
    from engines.parallel import default_jobs

    assert default_jobs() == len(os.sched_getaffinity(0))
    outputs = {}
    for name, options in (("one", ["--jobs", "1"]), ("default", [])):
        out = tmp_path / f"{name}.geojson"
        r = run_cli("extract", str(written), "--meta", str(written / "meta.jsonl"), "-o", str(out), *options)
        assert r.returncode == 0, r.stderr
        assert "150 articles" in r.stderr
        outputs[name] = json.loads(out.read_text(encoding="utf-8"))
    assert len(outputs["one"]["features"]) > 20
    assert outputs["default"] == outputs["one"]


def test_cli_extract_out_dir_on_the_local_pool(written, tmp_path):
    out_dir = tmp_path / "parts"
    single = tmp_path / "single.geojson"
    meta = ["--meta", str(written / "meta.jsonl")]
    assert run_cli("extract", str(written), *meta, "-o", str(single), "--jobs", "1").returncode == 0
    r = run_cli("extract", str(written), *meta, "--out-dir", str(out_dir), "--jobs", "2")
    assert r.returncode == 0, r.stderr
    from geo.io import load_events

    assert read_events_parquet(out_dir) == load_events(single)
    again = run_cli("extract", str(written), *meta, "--out-dir", str(out_dir))
    assert again.returncode == 2 and "already holds" in again.stderr


@pytest.mark.parametrize("args, code, message", [
    (["extract", "x.txt"], 2, "one of the arguments -o/--output --out-dir is required"),
    (["extract", "x.txt", "-o", "a.geojson", "--out-dir", "d"], 2, "not allowed with argument"),
    (["snapshot", "--events", "e.geojson", "--date", "2017-01-01", "--scheduler", "tcp://127.0.0.1:9"], 2,
     "--scheduler works with --parquet"),
    (["snapshot", "--parquet", "no-such-folder", "--date", "2017-01-01"], 1, "no such folder of GeoParquet"),
])
def test_cli_output_and_source_options_are_checked(args, code, message):
    r = run_cli(*args)
    assert r.returncode == code
    assert message in r.stderr


def test_a_worker_without_the_clients_sidecar_fails_its_partition_loudly(written, tmp_path):
    from engines.parallel import extract_files_chunk

    files = [str(p) for p in sorted(written.glob("*.txt"))[:2]]
    with pytest.raises(InputError, match="not readable on this Dask worker"):
        extract_files_chunk(files, str(tmp_path / "gone.jsonl"), None)
    entries = extract_files_chunk(files, str(written / "meta.jsonl"), None)
    assert [len(e) for e in entries] == [1, 1]
    assert all(article.published is not None for (article, _events), in entries)


def test_map_draws_a_parquet_folder_like_the_geojson_it_came_from(tmp_path):
    """`map --parquet DIR` (partitions written by `extract --out-dir`) draws the same places as `map --events`."""
    from core.paths import ROOT

    args = [str(ROOT / "examples" / "articles"), "--meta", str(ROOT / "examples" / "meta.jsonl"), "--jobs", "1"]
    assert run_cli("extract", *args, "--out-dir", str(tmp_path / "parts")).returncode == 0
    assert run_cli("extract", *args, "-o", str(tmp_path / "events.geojson")).returncode == 0
    drawn = {}
    for name, source in (("parquet", ["--parquet", str(tmp_path / "parts")]),
                         ("geojson", ["--events", str(tmp_path / "events.geojson")])):
        r = run_cli("map", *source, "--offline", "-o", str(tmp_path / f"{name}.html"),
                    "--geojson", str(tmp_path / f"{name}.geojson"))
        assert r.returncode == 0, r.stderr
        features = json.loads((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
        drawn[name] = sorted((f["properties"]["place_id"], f["properties"]["state"]) for f in features)
    assert drawn["parquet"] and drawn["parquet"] == drawn["geojson"]


def test_an_events_table_written_before_the_admin_chain_still_reads():
    from records.schema import OPTIONAL_PROPERTIES
    from testing.factories import ev

    events = [ev("a1", "isis", "captured", date(2014, 1, 13))]
    old = events_to_frame(events).drop(columns=list(OPTIONAL_PROPERTIES))
    back = frame_to_events(old)
    assert [(e.source, e.force, e.lat, e.admin2, e.candidates) for e in back] == [
        (e.source, e.force, e.lat, "", "") for e in events]
