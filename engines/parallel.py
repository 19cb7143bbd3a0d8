"""Extraction over many articles: in this process, on a local process pool, or on a Dask cluster.

Why this is simple: ``extract_article`` is pure and works on one article at a time, so
articles parallelise without coordination. The only shared state is the gazetteer index and
the force lexicon. Each worker process loads them once, lazily, from the on-disk cache
(``worker_resources``); they are never pickled and shipped with a task, because the index
is large and loading it from a warm cache is fast.

Results come back in input order, whatever the engine, so ``jobs=1``, ``jobs=N`` and
``engine="dask"`` give identical output. An article whose extraction raises becomes a
``Problem`` naming it; a whole partition lost (a killed worker) becomes one ``Problem`` per
article in it. The other partitions are never lost.

With ``engine="dask"`` and inputs named by path (``FileInputs``), the client only plans the
input units (``readers.articles.plan_inputs``): partitions are lists of files, and each worker
reads them (``read_unit``) and extracts its own, so the archive never passes through the client.
The workers then need the files at the same path (shared storage).
"""
from __future__ import annotations

import contextlib
import itertools
import logging
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeAlias

from core.errors import InputError, UsageError
from readers.articles import InputUnit, MetaSidecar, Problem, iter_articles, parse_date, plan_inputs, read_unit
from records.article import Article
from records.event import Event

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
CONNECT_TIMEOUT = "20s"  # how long to keep trying to reach a --scheduler address
# An extractor with the contract of extract.pipeline.extract_article; must be importable by name
# (a module-level function) so process pools and Dask workers can find it.
ExtractFn = Callable[..., list]
Result: TypeAlias = "tuple[Article, list[Event]] | Problem"

_RESOURCES: dict[str | None, tuple[Any, Any]] = {}
_RESOURCES_LOCK = threading.Lock()


def worker_resources(forces_path: str | os.PathLike[str] | None = None) -> tuple[Any, Any]:
    """The (gazetteer, forces) of this process, loaded from the cache on first use, then kept.

    A module global is the per-worker cache: pool workers and Dask workers are long-lived
    processes, so each loads the index once however many partitions it runs. The lock
    covers Dask workers with several threads.
    """
    key = str(forces_path) if forces_path else None
    with _RESOURCES_LOCK:
        if key not in _RESOURCES:
            # Lazy, for start-up time only: this module is on the path of every `cli.py` command (the
            # --jobs default), and the extraction stack compiles its lexicons and rules on import.
            from extract.forces import load_lexicon
            from gazetteer import load_gazetteer

            _RESOURCES[key] = (load_gazetteer(), load_lexicon(forces_path))
        return _RESOURCES[key]


def _default_extract_fn() -> ExtractFn:
    from extract.pipeline import extract_article  # lazy: see worker_resources (start-up time)

    return extract_article


def extract_chunk(articles: list[Article], extract_fn: ExtractFn | None = None,
                  forces_path: str | None = None) -> list[list | tuple[str, str]]:
    """Extract a list of articles in the calling process (what every worker runs per partition).

    Returns one entry per article, in order: its events, or ``("error", reason)`` when its
    extraction raised, so one bad article does not lose the partition.
    """
    fn = extract_fn or _default_extract_fn()
    gazetteer, forces = worker_resources(forces_path)
    out: list[list | tuple[str, str]] = []
    for article in articles:
        try:
            out.append(list(fn(article, gazetteer=gazetteer, forces=forces)))
        except Exception as err:  # noqa: BLE001 - any bug or bad input in one article is reported, not fatal
            out.append(("error", f"{type(err).__name__}: {err}"))
    return out


def _problem(article: Article, reason: str, on_error: str) -> Result:
    """The Problem record for an article that could not be extracted (or raise, per ``on_error``)."""
    origin = article.origin or article.id
    message = f"extraction failed for article {article.id}: {reason}"
    if on_error == "raise":
        raise InputError(message, path=origin)

    return Problem(origin, None, message)


def _segments(items: Iterable[Any], chunk_size: int, work: type = Article) -> Iterator[list[Any]]:
    """Cut the input into segments holding ``chunk_size`` units of ``work`` each (articles, or file names).

    Other items (a reader's ``Problem`` records) ride along in their place, so they come out
    in input order too.
    """
    segment: list[Any] = []
    n = 0
    for item in items:
        segment.append(item)
        if isinstance(item, work):
            n += 1
            if n >= chunk_size:
                yield segment
                segment, n = [], 0
    if segment:
        yield segment


def _merge(segment: list[Any], results: list | None, failure: str | None, on_error: str) -> Iterator[Result]:
    """Put one segment's results back beside its articles, in input order."""
    found = iter(results or ())
    for item in segment:
        if not isinstance(item, Article):
            yield item
        elif failure is not None:
            yield _problem(item, failure, on_error)
        else:
            result = next(found)
            if isinstance(result, tuple):
                yield _problem(item, result[1], on_error)
            else:
                yield item, result


def _ordered(segments: Iterator[list[Any]], submit: Callable[[list[Any]], Any], window: int,
             on_error: str, work: type = Article, merge: Callable[..., Iterator[Result]] = _merge) -> Iterator[Result]:
    """Keep up to ``window`` partitions in flight and yield their results in submission order.

    A bounded window, not ``Executor.map``: map submits the whole input at once, which for a
    large archive holds every article (and every result) in memory.
    """
    pending: deque[tuple[list[Any], Any]] = deque()

    def drain_one() -> Iterator[Result]:
        segment, future = pending.popleft()
        if future is None:
            yield from merge(segment, [], None, on_error)
            return
        try:
            results, failure = future.result(), None
        except Exception as err:  # noqa: BLE001 - a lost partition is reported, the others go on
            results, failure = None, f"its partition failed on the worker ({type(err).__name__}: {err})"
            lost = [a for a in segment if isinstance(a, work)]
            files = sorted({a if isinstance(a, str) else (a.origin or a.id) for a in lost})
            log.warning("a partition of %d %s failed (%s); its inputs: %s", len(lost),
                        "files" if work is str else "articles", err, ", ".join(files))
        yield from merge(segment, results, failure, on_error)

    for segment in segments:
        units = [item for item in segment if isinstance(item, work)]
        pending.append((segment, submit(units) if units else None))
        while len(pending) >= window:
            yield from drain_one()
    while pending:
        yield from drain_one()


# ---------------------------------------------------------------- inputs the workers read themselves

@dataclass(frozen=True)
class FileInputs:
    """Inputs named by path, with the reader options (``iter_articles``'s arguments).

    Given these instead of articles, ``engine="dask"`` sends each worker a list of files to
    read and extract, so the archive never passes through the client. On the local engines,
    or when stdin (``-``) is among the paths, they are read here; the output is the same.
    """

    paths: tuple[str, ...]
    meta_path: str | None = None
    published: date | str | None = None

    def read(self, on_error: str = "report") -> Iterator[Article | Problem]:
        """Every article and Problem, read in this process."""
        return iter_articles(list(self.paths), meta_path=self.meta_path, published=self.published, on_error=on_error)


def _file_units(inputs: FileInputs, absolute: bool) -> Iterator[str | Problem]:
    """The files of a run in the order ``iter_articles`` reads them (``plan_inputs``: folders listed here, names only).

    Anything else goes on as given; the worker's reader reports it if it is missing. Paths
    are made absolute for a remote cluster, whose workers do not share our working folder.
    """
    for unit in plan_inputs(inputs.paths, meta_path=inputs.meta_path):
        if unit.problem is not None:
            yield unit.problem
        else:
            yield os.path.abspath(unit.path) if absolute else unit.path


# The --meta sidecar of this worker process, keyed by the file's path and version (mtime, size): a
# sidecar edited between runs is read again. One entry, replaced under the lock, so a long-lived Dask
# worker holds one sidecar at most; the key names the file, not a transient object.
_META: dict[tuple, MetaSidecar] = {}


def _meta_sidecar(meta_path: str | None) -> MetaSidecar:
    """The ``--meta`` sidecar on this worker, loaded once per version of the file.

    Its problems are not reported here: the client reads the sidecar once and reports them.
    A sidecar the client has but this worker cannot see fails the partition, rather than
    silently giving other dates than a single process would.
    """
    if not meta_path:
        return MetaSidecar()
    try:
        stat = os.stat(meta_path)
    except OSError as err:
        raise InputError(f"the --meta sidecar is not readable on this Dask worker ({err.strerror or err}); "
                         "put it on storage every worker sees at the same path", path=meta_path) from err
    key = (meta_path, stat.st_mtime_ns, stat.st_size)
    with _RESOURCES_LOCK:
        if key not in _META:
            _META.clear()
            _META[key] = MetaSidecar.load(meta_path)
        return _META[key]


def read_files(files: Iterable[str], meta_path: str | None, published: date | None) -> Iterator[Article | Problem]:
    """What ``iter_articles(files, meta_path=..., published=...)`` yields, less the sidecar's own problems."""
    meta = _meta_sidecar(meta_path)
    for file in files:
        yield from read_unit(InputUnit(file), meta, published=published)


def extract_files_chunk(files: list[str], meta_path: str | None, published: date | None,
                        extract_fn: ExtractFn | None = None, forces_path: str | None = None) -> list[list]:
    """Read and extract a partition of files on the worker.

    Returns, per file, its entries in order: a ``Problem``, or ``(article, events)``, or
    ``(article, ("error", reason))`` when that article's extraction raised.
    """
    out = []
    for file in files:
        items = list(read_files([file], meta_path, published))
        results = iter(extract_chunk([a for a in items if isinstance(a, Article)], extract_fn, forces_path))
        out.append([item if isinstance(item, Problem) else (item, next(results)) for item in items])
    return out


def extract_files_to_parquet(index: int, files: list[str], out_dir: str, meta_path: str | None,
                             published: date | None, extract_fn: ExtractFn | None = None,
                             forces_path: str | None = None) -> list[list]:
    """``extract_files_chunk``, writing the events as ``out_dir/part-<index>.parquet`` on the worker.

    Only counts travel back, beside a text-less copy of each article (its id and origin, for reports).
    """
    from engines.parquet import write_partition  # lazy: GeoParquet (and geo.io) only for partitioned runs

    per_file = extract_files_chunk(files, meta_path, published, extract_fn, forces_path)
    entries = [e for file_entries in per_file for e in file_entries]
    write_partition(out_dir, index, [ev for e in entries if isinstance(e, tuple) and isinstance(e[1], list)
                                     for ev in e[1]])

    def light(entry: Any) -> Any:
        if isinstance(entry, Problem):
            return entry
        article, found = entry
        stub = Article(id=article.id, text="", origin=article.origin, raw_id=article.raw_id)
        return stub, len(found) if isinstance(found, list) else found

    return [[light(e) for e in file_entries] for file_entries in per_file]


def _reported(problem: Problem, on_error: str) -> Problem:
    """A reader's Problem, or the ``InputError`` ``iter_articles`` raises for it under ``on_error="raise"``."""
    if on_error == "raise":
        raise InputError(problem.reason, path=problem.origin, line=problem.line)
    return problem


def _merge_files(segment: list[Any], results: list | None, failure: str | None, on_error: str) -> Iterator[Result]:
    """Put one partition's per-file results back in input order; a lost partition is one Problem per file."""
    found = iter(results or ())
    for item in segment:
        if not isinstance(item, str):
            yield _reported(item, on_error)
        elif failure is not None:
            yield _reported(Problem(item, None, f"not extracted: {failure}"), on_error)
        else:
            for entry in next(found):
                if isinstance(entry, Problem):
                    yield _reported(entry, on_error)
                elif isinstance(entry[1], tuple):
                    yield _problem(entry[0], entry[1][1], on_error)
                else:
                    yield entry


def default_jobs() -> int:
    """The number of cores this process may use (its CPU affinity, not the machine's total)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_many(articles: Iterable[Any], *, jobs: int | None = None, engine: str = "local",
                 scheduler: str | None = None, chunk_size: int = 64,
                 forces_path: str | os.PathLike[str] | None = None, extract_fn: ExtractFn | None = None,
                 on_error: str = "report") -> Iterator[Result]:
    """Extract every article; yield ``(article, events)`` per article, in input order.

    ``articles`` may be ``iter_articles(...)`` output: its ``Problem`` records pass through in
    place; or ``FileInputs``, which Dask workers read themselves (``chunk_size`` then counts files). An article whose extraction fails yields a ``Problem`` instead (or raises
    ``InputError`` with ``on_error="raise"``). ``jobs`` defaults to the number of cores;
    ``jobs=1`` runs here. ``engine="dask"`` starts a LocalCluster of ``jobs`` workers, or uses
    the running cluster at ``scheduler`` (``tcp://host:8786``).
    """
    forces = str(forces_path) if forces_path else None
    task = lambda index, chunk: (extract_chunk, chunk, extract_fn, forces)  # noqa: E731
    file_task = lambda index, files, meta, day: (extract_files_chunk, files, meta, day, extract_fn, forces)  # noqa: E731
    return _run(articles, task, file_task, jobs=jobs, engine=engine, scheduler=scheduler, chunk_size=chunk_size,
                forces=forces, on_error=on_error)


@dataclass
class PartitionedRun:
    """What ``write_partitioned`` did: counts, the part files written and the articles that failed."""

    out_dir: Path
    articles: int = 0
    events: int = 0
    parts: list[Path] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)


def extract_chunk_to_parquet(index: int, articles: list[Article], out_dir: str, extract_fn: ExtractFn | None = None,
                             forces_path: str | None = None) -> list[int | tuple[str, str]]:
    """Extract one partition and write its events as ``out_dir/part-<index>.parquet`` on the worker.

    Returns only the number of events per article (or the error), so an archive too large to
    gather never travels back to the client.
    """
    from engines.parquet import write_partition  # lazy: GeoParquet (and geo.io) only for partitioned runs

    results = extract_chunk(articles, extract_fn, forces_path)
    events = [e for r in results if isinstance(r, list) for e in r]
    write_partition(out_dir, index, events)
    return [len(r) if isinstance(r, list) else r for r in results]


def write_partitioned(articles: Iterable[Any], out_dir: str | os.PathLike[str], *, jobs: int | None = None,
                      engine: str = "local", scheduler: str | None = None, chunk_size: int = 256,
                      forces_path: str | os.PathLike[str] | None = None,
                      extract_fn: ExtractFn | None = None, on_error: str = "report") -> PartitionedRun:
    """Extract every article; each partition writes its events as GeoParquet into ``out_dir``.

    For archives too large to gather. Part files are numbered in input order, so reading them
    back in order gives the events of ``extract_many``. With a remote cluster ``out_dir`` must
    be storage every worker can write to (the same path on each). An existing folder must
    hold no part files, so two runs never mix. ``articles`` may be ``FileInputs`` as for
    ``extract_many``; ``on_error="raise"`` stops at the first problem.
    """
    from engines.parquet import part_files  # lazy: GeoParquet (and geo.io) only for partitioned runs

    folder = Path(out_dir)
    if folder.is_dir() and part_files(folder):
        raise UsageError(f"{folder} already holds part-*.parquet files from an earlier run; "
                         "choose an empty --out-dir or delete them")
    folder.mkdir(parents=True, exist_ok=True)
    forces = str(forces_path) if forces_path else None
    where = str(folder.resolve())  # workers may run elsewhere: never a path relative to this process
    task = lambda index, chunk: (extract_chunk_to_parquet, index, chunk, where, extract_fn, forces)  # noqa: E731
    file_task = lambda index, files, meta, day: (  # noqa: E731
        extract_files_to_parquet, index, files, where, meta, day, extract_fn, forces)
    run = PartitionedRun(folder)
    for item in _run(articles, task, file_task, jobs=jobs, engine=engine, scheduler=scheduler, chunk_size=chunk_size,
                     forces=forces, on_error=on_error):
        if isinstance(item, tuple):
            run.articles += 1
            run.events += item[1]
        else:
            run.problems.append(item)
    run.parts = part_files(folder)
    return run


def _run(articles: Iterable[Any] | FileInputs, task: Callable[[int, list[Article]], tuple],
         file_task: Callable[..., tuple], *, jobs: int | None, engine: str,
         scheduler: str | None, chunk_size: int, forces: str | None, on_error: str) -> Iterator[Result]:
    """Check the options, then run ``task`` (a worker function and its arguments) per partition on the engine."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if on_error not in ("report", "raise"):
        raise UsageError(f"on_error must be 'report' or 'raise', not {on_error!r}")
    if chunk_size < 1:
        raise UsageError(f"chunk size must be at least 1, not {chunk_size}")
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    return _engine(articles, task, file_task, jobs or default_jobs(), engine, scheduler, chunk_size, forces, on_error)


def _engine(articles: Iterable[Any] | FileInputs, task: Callable[[int, list[Article]], tuple],
            file_task: Callable[..., tuple], jobs: int, engine: str, scheduler: str | None, chunk_size: int,
            forces: str | None, on_error: str) -> Iterator[Result]:
    """The generator behind ``_run`` (apart so option errors raise at call time, not at first ``next``)."""
    if isinstance(articles, FileInputs):
        if engine == "dask" and "-" not in articles.paths:
            yield from _dask_files(articles, file_task, jobs, scheduler, chunk_size, forces, on_error)
            return
        articles = articles.read(on_error)
    segments = _segments(articles, chunk_size)
    counter = itertools.count()
    if engine == "dask":
        if not scheduler:  # a LocalCluster shares this machine's cache: build it once, here
            worker_resources(forces)
        with dask_client(jobs, scheduler) as client:
            window = 2 * max(1, sum(client.nthreads().values()))
            submit = lambda chunk: client.submit(*task(next(counter), chunk), pure=False)  # noqa: E731
            yield from _ordered(segments, submit, window, on_error)
        return
    # Load here first: a setup error (no gazetteer cache, bad forces file) surfaces once, and a
    # cold cache is built once rather than by every worker at the same time.
    worker_resources(forces)
    first, second = next(segments, None), next(segments, None)
    if second is None:  # one partition: a pool would only add its start-up
        jobs = 1
    segments = itertools.chain([s for s in (first, second) if s is not None], segments)
    if jobs == 1:
        run_here = lambda chunk: _Done(_call(task(next(counter), chunk)))  # noqa: E731
        yield from _ordered(segments, run_here, 1, on_error)
        return
    pool = _LocalPool(jobs, forces)
    try:
        yield from _ordered(segments, lambda chunk: pool.submit(task(next(counter), chunk)), 2 * jobs, on_error)
    finally:
        pool.close()


def _dask_files(inputs: FileInputs, file_task: Callable[..., tuple], jobs: int, scheduler: str | None,
                chunk_size: int, forces: str | None, on_error: str) -> Iterator[Result]:
    """Partitions of ``chunk_size`` files, each read and extracted by a Dask worker; results in input order."""
    # The sidecar's problems first, as in one process (this also checks --meta and --published here).
    yield from iter_articles([], meta_path=inputs.meta_path, published=inputs.published, on_error=on_error)
    day = parse_date(inputs.published)
    meta = None  # a sidecar missing here was reported above and, as in one process, is not used
    if inputs.meta_path and os.path.isfile(inputs.meta_path):
        meta = os.path.abspath(inputs.meta_path) if scheduler else str(inputs.meta_path)
    segments = _segments(_file_units(inputs, absolute=bool(scheduler)), chunk_size, work=str)
    counter = itertools.count()
    if not scheduler:
        worker_resources(forces)
    with dask_client(jobs, scheduler) as client:
        window = 2 * max(1, sum(client.nthreads().values()))
        submit = lambda files: client.submit(*file_task(next(counter), files, meta, day), pure=False)  # noqa: E731
        yield from _ordered(segments, submit, window, on_error, work=str, merge=_merge_files)


def _call(job: tuple) -> Any:
    """Run a (function, *args) job in this process."""
    return job[0](*job[1:])


class _LocalPool:
    """A process pool that survives a worker crash (segfault, OOM kill).

    A crash breaks a ``ProcessPoolExecutor`` and every future in it. The pool is then
    restarted and each broken partition is run again, alone at first; one that breaks the
    new pool too is the culprit and is reported, while the others complete.
    """

    def __init__(self, jobs: int, forces: str | None) -> None:
        self.jobs, self.forces, self.generation = jobs, forces, 0
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=worker_resources, initargs=(self.forces,))

    def submit(self, job: tuple) -> "_PoolFuture":
        return _PoolFuture(self, job)

    def restart(self, generation: int) -> None:
        """Replace the pool if it is still the one that broke (several futures report the same crash)."""
        if generation == self.generation:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool, self.generation = self._new(), self.generation + 1

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class _PoolFuture:
    """A partition on a ``_LocalPool``: ``result()`` reruns it once on a fresh pool after a crash."""

    def __init__(self, owner: _LocalPool, job: tuple) -> None:
        self.owner, self.job, self.retried = owner, job, False
        self._submit()

    def _submit(self) -> None:
        """Submit to the current pool; one that another partition's crash broke meanwhile is replaced first."""
        self.generation = self.owner.generation
        try:
            self.future = self.owner.pool.submit(*self.job)
        except BrokenProcessPool:
            self.owner.restart(self.generation)
            self.generation, self.future = self.owner.generation, self.owner.pool.submit(*self.job)

    def result(self) -> Any:
        try:
            return self.future.result()
        except BrokenProcessPool:
            self.owner.restart(self.generation)
            if self.retried:
                raise
            self.retried = True
            self._submit()
            return self.result()


class _Done:
    """An already computed result with a future's ``result()`` (the in-process engine)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


@contextlib.contextmanager
def dask_client(jobs: int, scheduler: str | None = None) -> Iterator[Any]:
    """A dask.distributed Client: on the cluster at ``scheduler``, else on a new LocalCluster.

    The LocalCluster uses one single-threaded worker process per job: extraction is pure
    Python, so threads would only contend for the GIL.
    """
    try:
        from distributed import Client  # lazy: heavy third-party import, kept off start-up
    except ImportError as err:
        raise UsageError("--engine dask needs the dask extra: pip install 'conflictmap[dask]' "
                         "(dask[distributed], dask-geopandas, pyarrow)") from err
    if not scheduler:
        with local_cluster(jobs) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({err}); start one with "
                         "`dask scheduler`, or leave out --scheduler to use a local cluster") from err
    with client:
        _check_workers(client, scheduler)
        yield client


def local_cluster(workers: int):
    """A LocalCluster of single-threaded worker processes that each run one partition at a time.

    ``worker-saturation: 1.0`` keeps the scheduler from queueing a second partition on a busy
    worker: when a worker dies, Dask blames every partition assigned to it, so a queued,
    innocent partition would share the blame of the one that crashed it.
    """
    import dask  # lazy: heavy third-party import, kept off start-up
    from distributed import LocalCluster  # lazy: heavy third-party import, kept off start-up

    if not log.isEnabledFor(logging.INFO):  # Dask's start/stop chatter only with -v
        logging.getLogger("distributed").setLevel(logging.WARNING)
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        # ":0": the scheduler's HTTP endpoint on a free port, never a clash (and a warning) with another 8787
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")


def _project_root() -> str:
    """Where this project is installed (runs on each worker to prove it can import us)."""
    return str(Path(__file__).resolve().parent.parent)


def _check_workers(client: Any, scheduler: str) -> None:
    """Fail early, with the fix, when the cluster has no workers or they cannot import this project."""
    if not client.nthreads():
        raise UsageError(f"the Dask scheduler at {scheduler} has no workers; start some with "
                         f"`dask worker {scheduler}`")
    try:
        client.run(_project_root)
    except Exception as err:  # noqa: BLE001 - any failure here means the workers lack the project
        raise UsageError("Dask workers cannot import conflictmap; install this project with the dask extra "
                         f"(same version) on every worker: {type(err).__name__}: {err}") from err
