"""CLI commands owned by the extraction package: extract, evaluate; and the input options ingest shares."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date
from typing import Iterator

from app.common import add_command
from core.errors import UsageError
from core.progress import progress
from records.article import Article

# The handlers below import the packages they run inside themselves: cli.py builds every command's parser at
# start-up and `--help` must stay fast, so this module imports at its top only what the parsers need.


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "extract", help="extract control events from Arabic articles into GeoJSON",
                    example="conflictmap extract examples/articles --meta examples/meta.jsonl -o events.geojson",
                    formatter=formatter, func=run_extract)
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.html files, folders, .jsonl/.csv, or - for stdin")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", help="events file to write (.geojson, .gpkg or .csv)")
    out.add_argument("--out-dir", metavar="DIR", help="write partitioned GeoParquet here instead, one part per "
                     "partition, without gathering the events (for archives too large for memory)")
    add_input_options(p)
    p = add_command(sub, "evaluate", help="score an events GeoJSON against a gold JSONL file",
                    example="conflictmap evaluate ../shared/gold/seeds.jsonl events.geojson",
                    formatter=formatter, func=run_evaluate)
    p.add_argument("gold", help="gold claims, JSONL (article, mention, lat, lon, tol_km, force, relation, ...)")
    p.add_argument("events", help="events GeoJSON written by 'conflictmap extract'")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The input options shared by ``extract`` and ``ingest``."""
    g = parser.add_argument_group("input")
    g.add_argument("--meta", metavar="FILE", help="JSONL sidecar with id, published, url, outlet per article")
    g.add_argument("--published", metavar="YYYY-MM-DD", type=_iso_date,
                   help="publication date for articles that carry none")
    g.add_argument("--strict", action="store_true", help="stop at the first input that cannot be read")
    g.add_argument("--forces", metavar="FILE",
                   help="extra forces and aliases, JSON shaped like records/data/forces.json")
    from engines.parallel import default_jobs

    g.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                   help="worker processes (1 = in this process); defaults to the number of cores")
    g.add_argument("--engine", choices=("local", "dask"), default="local", help="where workers run")
    g.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://host:8786) for --engine dask")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2017-12-31") from None


def read_articles(args: argparse.Namespace) -> Iterator:
    """Articles (and ``Problem`` records) of the command's inputs, per the shared input options."""
    from readers.articles import iter_articles

    if getattr(args, "scheduler", None) and getattr(args, "engine", "local") != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if getattr(args, "jobs", 1) is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    return iter_articles(args.paths, meta_path=args.meta, published=args.published,
                         on_error="raise" if args.strict else "report")


def extract_results(args: argparse.Namespace) -> Iterator:
    """``(article, events)`` per article, and ``Problem`` records, in input order (workers per the options)."""
    from engines.parallel import extract_many

    return extract_many(_inputs(args), jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                        forces_path=args.forces, on_error="raise" if args.strict else "report")


def _inputs(args: argparse.Namespace):
    """The articles to extract; with --engine dask, the file names, so each Dask worker reads its own files."""
    from engines.parallel import FileInputs

    articles = read_articles(args)  # checks the options; reads nothing yet
    if args.engine != "dask":
        return articles
    return FileInputs(tuple(args.paths), meta_path=args.meta, published=args.published)


def _extract_partitioned(args: argparse.Namespace) -> int:
    """--out-dir: each partition's events written as GeoParquet where they were extracted; only counts come back."""
    from engines.parallel import write_partitioned

    run = write_partitioned(_inputs(args), args.out_dir, jobs=args.jobs, engine=args.engine,
                            scheduler=args.scheduler, forces_path=args.forces,
                            on_error="raise" if args.strict else "report")
    for problem in run.problems:
        print(f"conflictmap extract: {problem}", file=sys.stderr)
    print(f"extract: {run.articles} articles, {run.events} events, {len(run.problems)} problems -> "
          f"{args.out_dir} ({len(run.parts)} GeoParquet parts)", file=sys.stderr)
    return 1 if run.problems else 0


def run_extract(args: argparse.Namespace) -> int:
    """Extract every input, write the events, report problems one line each; 1 if any input failed."""
    from geo.io import check_format, write_events

    if getattr(args, "out_dir", None):
        return _extract_partitioned(args)
    check_format(args.output, None)  # refuse a bad extension before any work
    events, n_articles, problems = [], 0, 0
    for item in progress(extract_results(args), desc="extract"):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Article):
            n_articles += 1
            events.extend(item[1])
        else:
            problems += 1
            print(f"conflictmap extract: {item}", file=sys.stderr)
    write_events(args.output, events)
    unresolved = sum(1 for e in events if e.status != "resolved")
    print(f"extract: {n_articles} articles, {len(events)} events ({unresolved} unresolved), "
          f"{problems} problems -> {args.output}", file=sys.stderr)
    return 1 if problems else 0


def run_evaluate(args: argparse.Namespace) -> int:
    """Print precision / recall / F1 / date accuracy of an events file against gold claims."""
    from evaluation.scorer import evaluate_files

    result = evaluate_files(args.gold, args.events)
    if args.json:
        print(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=1))
        return 0
    for name in ("predictions", "true_positives", "false_positives", "required", "required_found", "precision",
                 "recall", "f1", "date_accuracy", "median_km"):
        print(f"{name}: {getattr(result, name)}")
    for m in result.missed:
        print("missed:", *m)
    for p in result.false_positive_list:
        print("false positive:", *p)
    return 0
