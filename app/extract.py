"""CLI commands owned by the extraction package: extract, evaluate; and the input options ingest shares."""
from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import sys
from datetime import date
from typing import Iterator

from app.common import add_command
from core.errors import UsageError
from core.fsio import check_outputs
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
    p.add_argument("--by-class", action="store_true",
                   help="also print the errors by class (force-name places, regions as cities, the other side "
                        "given the claim, lists, negation …) and the share right at each confidence")


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The input options shared by ``extract`` and ``ingest``."""
    g = parser.add_argument_group("input")
    g.add_argument("--meta", metavar="FILE", help="JSONL sidecar with id, published, url, outlet per article")
    g.add_argument("--published", metavar="YYYY-MM-DD", type=_iso_date,
                   help="publication date for articles that carry none")
    g.add_argument("--strict", action="store_true", help="stop at the first input that cannot be read")
    g.add_argument("--forces", metavar="FILE",
                   help="extra forces and aliases, JSON shaped like records/data/forces.json")
    g.add_argument("--grammar", metavar="FILE",
                   help="extra claim grammar (verb families, word lists, rules), JSON shaped like "
                        "extract/data/grammar.json")
    g.add_argument("--ranker", action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS,
                   help="drop the events the learnt ranker (extract/data/ranker.json) finds unlikely; by default it "
                        "is on only if its model file says it beat the rules on held-out articles")
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
                        forces_path=args.forces, extract_fn=extractor(args),
                        on_error="raise" if args.strict else "report")


def extractor(args: argparse.Namespace):
    """The extract function the options ask for: the pipeline with ``--grammar`` added (checked here, once, so a
    bad file is one clear line before any work) and ``--ranker``/``--no-ranker``, or None for the default."""
    path, ranker = getattr(args, "grammar", None), getattr(args, "ranker", None)
    if not path and ranker is None:
        return None
    from extract.grammar import load_grammar  # lazy: start-up time (compiling the grammar and the pipeline)
    from extract.pipeline import extract_article

    if path:
        load_grammar(path)  # raises InputError naming the file
    return functools.partial(extract_article, grammar=str(path) if path else None, ranker=ranker)


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
                            scheduler=args.scheduler, forces_path=args.forces, extract_fn=extractor(args),
                            on_error="raise" if args.strict else "report")
    for problem in run.problems:
        print(f"conflictmap extract: {problem}", file=sys.stderr)
    print(f"extract: {run.articles} articles, {run.events} events, {len(run.problems)} problems -> "
          f"{args.out_dir} ({len(run.parts)} GeoParquet parts)", file=sys.stderr)
    return 1 if run.problems else 0


def run_extract(args: argparse.Namespace) -> int:
    """Extract every input, write the events, report problems one line each; 1 if any input failed."""
    from geo.io import check_format, write_events

    check_outputs({"-o": args.output, "--out-dir": args.out_dir},
                  {"PATH": args.paths, "--meta": [args.meta], "--forces": [args.forces]})
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
    extra = _by_class(args) if args.by_class else None
    if args.json:
        print(json.dumps(dataclasses.asdict(result) | (extra or {}), ensure_ascii=False, indent=1))
        return 0
    for name in ("predictions", "true_positives", "false_positives", "required", "required_found", "precision",
                 "recall", "f1", "date_accuracy", "median_km"):
        print(f"{name}: {getattr(result, name)}")
    for m in result.missed:
        print("missed:", *m)
    for p in result.false_positive_list:
        print("false positive:", *p)
    if extra:
        print("confidence ≥ c: events, share right")
        for c, n, share in extra["calibration"]:
            print(f"  {c:.1f}: {n:5d} {share:.3f}")
        for side in ("false positives", "missed"):
            print(f"{side} by class:")
            for name, n in sorted(extra[side].items(), key=lambda kv: -kv[1]):
                print(f"  {n:4d}  {name}")
    return 0


def error_cues():
    """The Arabic the error classes read, from the shared word lists (evaluation/ sits below arabic/)."""
    from arabic.lexicon import alternation, words
    from arabic.normalize import normalize
    from evaluation.error_classes import Cues

    blockers = words("negators") + words("modality") + words("denial_verbs") + words("denial_phrases")
    return Cues(normalize, normalize(alternation(words("group_name_heads"))), normalize(alternation(words("region_cues"))),
                frozenset(normalize(w) for w in words("generic_place_nouns") + words("object_cues")),
                re.compile(normalize(r"(?<![\w])[وف]?(?:" + alternation(blockers) + r")(?![\w])")))


def _by_class(args: argparse.Namespace) -> dict:
    """The error classes and the confidence table of ``evaluate --by-class``."""
    from arabic.normalize import normalize
    from evaluation.error_classes import by_class, calibration, load_unlocated
    from evaluation.scorer import load_gold, load_predictions

    gold, preds = load_gold(args.gold), load_predictions(args.events)
    classes = by_class(gold, preds, load_unlocated(args.events, normalize), error_cues())
    return {"calibration": calibration(gold, preds), **{k: dict(v) for k, v in classes.items()}}
