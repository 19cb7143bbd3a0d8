"""The Dask engine on a LocalCluster of 2 worker processes: the single-process events, failures contained."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'conflictmap[dask]'")
pytest.importorskip("dask_geopandas", reason="the dask extra is not installed: pip install 'conflictmap[dask]'")

from core.errors import UsageError  # noqa: E402
from extract.model import Article  # noqa: E402
from extract.parallel import extract_many, write_partitioned  # noqa: E402
from extract.readers import Problem, iter_articles  # noqa: E402
from geo.parquet import read_events_parquet, read_partitioned  # noqa: E402
from tests.conftest import run_cli  # noqa: E402
from tests.test_parallel import BOOM, events_of, exploding  # noqa: E402


@pytest.fixture(scope="module")
def scheduler():
    """One LocalCluster for the whole module: starting one takes a few seconds."""
    from extract.parallel import local_cluster

    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def seeds(shared):
    meta = shared / "gold" / "seeds_metadata.jsonl"
    articles = [a for a in iter_articles([shared / "seeds"], meta_path=meta) if isinstance(a, Article)]
    assert len(articles) >= 5
    return articles


@pytest.fixture(scope="module")
def corpus(shared):
    from bench.corpus import generate_corpus

    return generate_corpus(300)


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
    from extract import parallel

    loaded = parallel._RESOURCES.get(None)
    return id(loaded[0]) if loaded else None


def test_a_failing_article_on_dask_is_reported_and_the_others_survive(corpus, single, scheduler):
    marked = replace(corpus[9], text=corpus[9].text + BOOM)
    items = corpus[:9] + [marked] + corpus[10:30]
    out = list(extract_many(items, engine="dask", scheduler=scheduler, chunk_size=4, extract_fn=exploding))
    assert isinstance(out[9], Problem) and marked.id in out[9].reason
    assert events_of(out[:9] + out[10:]) == events_of(single[:9] + single[10:30])


def test_unreachable_scheduler_is_a_usage_error_with_the_fix(monkeypatch):
    monkeypatch.setattr("extract.parallel.CONNECT_TIMEOUT", "1s")
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

    from geo.parquet import snapshot_partitioned
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
    from geo.parquet import compare_partitioned, snapshot_partitioned
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
