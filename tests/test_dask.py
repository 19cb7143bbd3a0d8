"""The Dask engine on a LocalCluster of 2 worker processes: the single-process events, failures contained."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'conflictmap[dask]'")
pytest.importorskip("dask_geopandas", reason="the dask extra is not installed: pip install 'conflictmap[dask]'")

from core.errors import UsageError  # noqa: E402
from engines.parallel import extract_many, write_partitioned  # noqa: E402
from engines.parquet import read_events_parquet, read_partitioned  # noqa: E402
from readers.articles import Problem, iter_articles  # noqa: E402
from tests.conftest import run_cli  # noqa: E402
from tests.test_parallel import BOOM, events_of, exploding  # noqa: E402


@pytest.fixture(scope="module")
def scheduler():
    """One LocalCluster for the whole module: starting one takes a few seconds."""
    from engines.parallel import local_cluster

    with local_cluster(2) as cluster:
        yield cluster.scheduler_address



@pytest.fixture(scope="module")
def single(corpus):
    return list(extract_many(corpus, jobs=1))


def test_dask_gives_the_single_process_events_on_the_seeds(seeds, scheduler):
    one = list(extract_many(seeds, jobs=1))
    on_dask = list(extract_many(seeds, engine="dask", scheduler=scheduler, chunk_size=1))
    assert sum(len(events) for _, events in one) > 0
    assert events_of(on_dask) == events_of(one)


def test_dask_gives_the_single_process_events_on_a_generated_corpus(corpus, single, scheduler):
    on_dask = list(extract_many(corpus, engine="dask", scheduler=scheduler, chunk_size=16))
    assert len(on_dask) == len(corpus)
    assert sum(len(events) for _, events in single) > 50
    assert events_of(on_dask) == events_of(single)


def test_each_dask_worker_loads_the_gazetteer_once(corpus, scheduler):
    from distributed import Client

    with Client(scheduler) as client:
        list(extract_many(corpus[:64], engine="dask", scheduler=scheduler, chunk_size=4))
        first = client.run(_loaded_gazetteer)
        list(extract_many(corpus[64:128], engine="dask", scheduler=scheduler, chunk_size=4))
        again = client.run(_loaded_gazetteer)
    assert len(first) == 2 and all(first.values())
    assert again == first  # the same object on each worker: kept, not reloaded per task


def _loaded_gazetteer() -> int | None:
    """The identity of this worker's loaded gazetteer (None when it has loaded none)."""
    from engines import parallel

    loaded = parallel._RESOURCES.get(None)
    return id(loaded[0]) if loaded else None


def test_a_failing_article_on_dask_is_reported_and_the_others_survive(corpus, single, scheduler):
    marked = replace(corpus[9], text=corpus[9].text + BOOM)
    items = corpus[:9] + [marked] + corpus[10:30]
    out = list(extract_many(items, engine="dask", scheduler=scheduler, chunk_size=4, extract_fn=exploding))
    assert isinstance(out[9], Problem) and marked.id in out[9].reason
    assert events_of(out[:9] + out[10:]) == events_of(single[:9] + single[10:30])


def test_unreachable_scheduler_is_a_usage_error_with_the_fix(monkeypatch):
    monkeypatch.setattr("engines.parallel.CONNECT_TIMEOUT", "1s")
    with pytest.raises(UsageError, match="dask scheduler"):
        list(extract_many([], engine="dask", scheduler="tcp://127.0.0.1:9"))


def test_partitioned_geoparquet_from_dask_workers(corpus, single, scheduler, tmp_path):
    out_dir = tmp_path / "parts"
    run = write_partitioned(corpus, out_dir, engine="dask", scheduler=scheduler, chunk_size=64)
    expected = [e for _, events in single for e in events]
    assert run.articles == len(corpus) and run.events == len(expected) and not run.problems
    assert len(run.parts) == 5
    assert read_events_parquet(out_dir) == expected
    lazy = read_partitioned(out_dir)
    assert lazy.npartitions == 5 and len(lazy) == len(expected)


def test_cli_extract_on_a_dask_local_cluster_writes_the_single_process_output(shared, tmp_path):
    meta = str(shared / "gold" / "seeds_metadata.jsonl")
    outputs = {}
    for options in (["--jobs", "1"], ["--engine", "dask", "--jobs", "2"]):
        out = tmp_path / f"events-{options[1]}.geojson"
        r = run_cli("extract", str(shared / "seeds"), "--meta", meta, "-o", str(out), *options)
        assert r.returncode == 0, r.stderr
        outputs[options[1]] = json.loads(out.read_text(encoding="utf-8"))
    assert len(outputs["1"]["features"]) > 0
    assert outputs["dask"] == outputs["1"]


@pytest.fixture(scope="module")
def parts(corpus, scheduler, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("parts") / "events"
    run = write_partitioned(corpus, out_dir, engine="dask", scheduler=scheduler, chunk_size=40)
    assert not run.problems and len(run.parts) >= 6
    return out_dir


@pytest.mark.parametrize("on", ["2013-01-01", "2015-06-30", "2017-12-31", "2030-01-01"])
def test_snapshot_from_partitions_equals_the_in_memory_snapshot(parts, single, on):
    from datetime import date

    from engines.parquet import snapshot_partitioned
    from geo.snapshot import snapshot

    events = [e for _, found in single for e in found]
    day = date.fromisoformat(on)
    expected = snapshot(events, day)
    assert snapshot_partitioned(parts, day, npartitions=3) == expected
    if on >= "2017":
        assert len(expected.places) >= 5


def test_snapshot_and_comparison_from_partitions_on_the_cluster(parts, single, scheduler):
    from datetime import date

    from distributed import Client

    from geo.compare import compare
    from engines.parquet import compare_partitioned, snapshot_partitioned
    from geo.snapshot import snapshot

    events = [e for _, found in single for e in found]
    d1, d2 = date(2015, 1, 1), date(2018, 6, 30)
    with Client(scheduler):
        snap = snapshot_partitioned(parts, d2, contest_window_days=30)
        cmp = compare_partitioned(parts, d1, d2, npartitions=4)
    assert snap == snapshot(events, d2, contest_window_days=30)
    expected = compare(events, d1, d2)
    assert any(c.change != "unchanged" for c in expected.changes)
    assert cmp == expected


# ---------------------------------------------------------------- workers that read their own files

@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A folder of 300 generated articles (.txt + meta.jsonl), a JSONL file with one bad line, a binary file."""
    from bench.corpus import generate_corpus, write_corpus

    root = tmp_path_factory.mktemp("archive")
    folder = write_corpus(root / "corpus", 300, seed=3)
    extra = generate_corpus(6, seed=4)
    lines = [json.dumps({"id": f"extra-{i}", "text": a.text, "published": "2016-05-0%d" % (i + 1)}, ensure_ascii=False)
             for i, a in enumerate(extra)]
    lines.insert(3, "{not json")
    (folder / "sub").mkdir()
    (folder / "sub" / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "sub" / "zz-binary.txt").write_bytes(b"\x00\x01\x02 not text")
    return folder


@pytest.fixture(scope="module")
def archive_single(archive):
    """The single-process results over the archive and one missing path."""
    items = iter_articles([archive, archive.parent / "missing.txt"], meta_path=archive / "meta.jsonl")
    return list(extract_many(items, jobs=1))


def test_dask_workers_read_their_own_files_and_match_one_process(archive, archive_single, scheduler, monkeypatch):
    from readers import articles as readers
    from engines.parallel import FileInputs

    def no_reading_here(*args, **kwargs):
        raise AssertionError("the client read an input file")

    monkeypatch.setattr(readers, "_read_path", no_reading_here)  # the workers are other processes
    inputs = FileInputs((str(archive), str(archive.parent / "missing.txt")), meta_path=str(archive / "meta.jsonl"))
    out = list(extract_many(inputs, engine="dask", scheduler=scheduler, chunk_size=16))
    problems = [item for item in out if isinstance(item, Problem)]
    assert {p.origin for p in problems} == {str(archive / "sub" / "more.jsonl"), str(archive / "sub" / "zz-binary.txt"),
                                           str(archive.parent / "missing.txt")}
    assert sum(1 for item in out if isinstance(item, tuple)) == 306
    assert sum(len(item[1]) for item in out if isinstance(item, tuple)) > 30
    assert out == archive_single  # same articles (text, dates from the sidecar), events, problems, order


def test_dask_file_partitions_report_a_missing_sidecar_first_as_one_process_does(archive, scheduler, tmp_path):
    from engines.parallel import FileInputs

    gone = str(tmp_path / "gone.jsonl")
    single = list(extract_many(iter_articles([archive / "sub"], meta_path=gone), jobs=1))
    out = list(extract_many(FileInputs((str(archive / "sub"),), meta_path=gone), engine="dask", scheduler=scheduler))
    assert isinstance(out[0], Problem) and out[0].origin == gone
    assert out == single


def test_dask_file_partitions_under_strict_raise_at_the_first_problem(archive, scheduler):
    from core.errors import InputError
    from engines.parallel import FileInputs

    inputs = FileInputs((str(archive),), meta_path=str(archive / "meta.jsonl"))
    with pytest.raises(InputError, match="more.jsonl:4"):
        list(extract_many(inputs, engine="dask", scheduler=scheduler, chunk_size=32, on_error="raise"))


def _cli_extract(archive, out, *options):
    return run_cli("extract", str(archive), "--meta", str(archive / "meta.jsonl"), *out, *options)


@pytest.fixture(scope="module")
def archive_geojson(archive, tmp_path_factory):
    """The archive extracted by the CLI in one process."""
    out = tmp_path_factory.mktemp("single") / "events.geojson"
    r = _cli_extract(archive, ["-o", str(out)], "--jobs", "1")
    assert r.returncode == 1, r.stderr  # the bad inputs are reported
    return out, r


def test_cli_dask_file_partitions_write_the_single_process_output(archive, archive_geojson, scheduler, tmp_path):
    single, first = archive_geojson
    out = tmp_path / "dask.geojson"
    r = _cli_extract(archive, ["-o", str(out)], "--engine", "dask", "--scheduler", scheduler)
    assert r.returncode == 1, r.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(single.read_text(encoding="utf-8"))
    problems = lambda err: [line for line in err.splitlines() if line.startswith("conflictmap extract:")]  # noqa: E731
    assert len(problems(first.stderr)) == 2
    assert problems(r.stderr) == problems(first.stderr)


def test_cli_dask_reads_stdin_here_and_matches_one_process(archive, scheduler, tmp_path):
    """Workers cannot read our stdin: with "-" the client reads and ships articles, same output."""
    stdin = (archive / "sub" / "more.jsonl").read_text(encoding="utf-8")
    outputs = {}
    for name, options in (("one", ["--jobs", "1"]), ("dask", ["--engine", "dask", "--scheduler", scheduler])):
        out = tmp_path / f"{name}.geojson"
        r = run_cli("extract", "-", "-o", str(out), *options, input=stdin)
        assert r.returncode == 1, r.stderr  # the malformed line
        assert "<stdin>:4" in r.stderr
        outputs[name] = json.loads(out.read_text(encoding="utf-8"))
    assert len(outputs["one"]["features"]) > 0
    assert outputs["dask"] == outputs["one"]


@pytest.fixture(scope="module")
def archive_parts(archive, scheduler, tmp_path_factory):
    """The archive extracted by the CLI into partitioned GeoParquet on the cluster."""
    out_dir = tmp_path_factory.mktemp("cli-parts") / "events"
    r = _cli_extract(archive, ["--out-dir", str(out_dir)], "--engine", "dask", "--scheduler", scheduler)
    assert r.returncode == 1, r.stderr
    assert "306 articles" in r.stderr and "GeoParquet parts" in r.stderr
    return out_dir


def test_cli_out_dir_holds_the_single_process_events(archive_parts, archive_geojson):
    from geo.io import load_events

    parts = sorted(archive_parts.glob("part-*.parquet"))
    assert len(parts) >= 2
    assert read_events_parquet(archive_parts) == load_events(archive_geojson[0])


@pytest.mark.parametrize("command", [
    ["snapshot", "--date", "2017-06-30"],
    ["snapshot", "--date", "2030-01-01", "--window-days", "40"],
    ["compare", "--from", "2014-01-01", "--to", "2018-12-31", "--all"],
])
def test_cli_snapshot_and_compare_over_parquet_equal_the_in_memory_result(archive_parts, archive_geojson, command,
                                                                          tmp_path):
    expected = run_cli(*command, "--events", str(archive_geojson[0]))
    assert expected.returncode == 0, expected.stderr
    assert len(expected.stdout.splitlines()) >= 5
    for source in (["--parquet", str(archive_parts)], ["--events", str(archive_parts)]):
        r = run_cli(*command, *source)
        assert r.returncode == 0, r.stderr
        assert r.stdout == expected.stdout


def test_cli_snapshot_over_parquet_on_the_cluster_writes_the_same_file(archive_parts, archive_geojson, scheduler,
                                                                       tmp_path):
    files = {}
    for name, source in (("memory", ["--events", str(archive_geojson[0])]),
                         ("cluster", ["--parquet", str(archive_parts), "--scheduler", scheduler])):
        files[name] = tmp_path / f"{name}.geojson"
        r = run_cli("snapshot", *source, "--date", "2018-06-30", "-o", str(files[name]))
        assert r.returncode == 0, r.stderr
    memory = json.loads(files["memory"].read_text(encoding="utf-8"))
    assert len(memory["features"]) >= 5
    assert json.loads(files["cluster"].read_text(encoding="utf-8")) == memory


@pytest.mark.parametrize("what", [["--what", "comparison", "--from", "2015-01-01", "--to", "2018-12-31"],
                                  ["--what", "events"]])
def test_cli_export_from_parquet_equals_the_export_from_geojson(archive_parts, archive_geojson, what, tmp_path):
    files = {}
    for name, source in (("memory", ["--events", str(archive_geojson[0])]), ("parts", ["--parquet", str(archive_parts)])):
        files[name] = tmp_path / f"{name}.csv"
        r = run_cli("export", *source, *what, "--format", "csv", "-o", str(files[name]))
        assert r.returncode == 0, r.stderr
    expected = files["memory"].read_text(encoding="utf-8")
    assert len(expected.splitlines()) >= 5
    assert files["parts"].read_text(encoding="utf-8") == expected


def test_a_crashed_worker_loses_only_the_files_of_its_partition(archive, scheduler):
    """Kills a worker (the nanny restarts it): the partition's files are reported by name, the rest kept."""
    from engines.parallel import FileInputs
    from tests.test_parallel import CRASH, crashing

    folder = archive.parent / "crashing"
    folder.mkdir()
    texts = sorted(archive.glob("*.txt"))[:12]
    for i, source in enumerate(texts):
        text = source.read_text(encoding="utf-8")
        (folder / source.name).write_text(text + (CRASH if i == 5 else ""), encoding="utf-8")
    inputs = FileInputs((str(folder),))
    out = list(extract_many(inputs, engine="dask", scheduler=scheduler, chunk_size=4, extract_fn=crashing))
    lost = [item for item in out if isinstance(item, Problem)]
    assert [p.origin for p in lost] == [str(folder / t.name) for t in texts[4:8]]
    assert all("not extracted" in p.reason for p in lost)
    kept = [item[0].id for item in out if isinstance(item, tuple)]
    assert kept == [t.stem for t in texts[:4] + texts[8:]]


def test_a_crashed_dask_worker_loses_only_its_partition(corpus, single, scheduler):
    """Last in the module: it kills workers (the nannies restart them; Dask retries, then gives up on it)."""
    from tests.test_parallel import CRASH, crashing

    items = list(corpus[:40])
    items[13] = replace(items[13], text=items[13].text + CRASH)
    out = list(extract_many(items, engine="dask", scheduler=scheduler, chunk_size=5, extract_fn=crashing))
    failed = [i for i, item in enumerate(out) if isinstance(item, Problem)]
    assert failed == list(range(10, 15))  # exactly the partition holding the crashing article
    assert all(items[i].id in out[i].reason for i in failed)
    survivors = [item for i, item in enumerate(out) if i not in failed]
    assert events_of(survivors) == events_of([r for i, r in enumerate(single[:40]) if i not in failed])
