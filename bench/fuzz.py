"""Longer fuzz runs of the text pipeline: the property tests of tests/test_properties.py and
tests/test_fuzz_pipeline.py, with as many hypothesis examples as asked.

    python -m bench.fuzz --examples 5000            # every property, 5000 examples each
    python -m bench.fuzz --examples 20000 --only extract-any --seed 7

Prints, per property, how many examples ran, how long it took and the first failure (hypothesis's
shrunk falsifying example) if any; exits 1 when a property failed. Asserts no times.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st


def properties() -> dict[str, tuple[dict, object]]:
    """name → (strategies by argument, check(resources, **drawn)); the same checks the test suite runs."""
    from testing import fuzz as fz
    from testing import properties as tp

    return {
        "normalize": ({"text": st.one_of(tp.any_text, tp.arabic_text)}, lambda res, text: tp.check_normalize(text)),
        "scan-offsets": ({"text": st.one_of(tp.any_text, tp.arabic_text)},
                         lambda res, text: tp.check_scan(text, res[0])),
        "extract-news": ({"text": tp.arabic_text, "published": tp.published_dates},
                         lambda res, text, published: tp.check_pipeline(text, published, *res)),
        "extract-any": ({"text": tp.any_text, "published": tp.published_dates},
                        lambda res, text, published: tp.check_pipeline(text, published, *res)),
        "invisible-in-names": ({"claim": fz.claims(), "published": fz.known_dates, "data": st.data()},
                               lambda res, claim, published, data: fz.check_noise_changes_nothing(
                                   claim[0], fz.add_noise(claim[0], claim[1], data.draw), published, *res)),
        "odd-spacing": ({"claim": fz.claims(), "published": fz.known_dates, "data": st.data()},
                        lambda res, claim, published, data: fz.check_noise_changes_nothing(
                            claim[0], fz.respace(claim[0], data.draw), published, *res)),
        "containers": ({"text": st.one_of(tp.arabic_text, fz.claims().map(lambda c: c[0])),
                        "container": st.sampled_from(["txt", "jsonl", "csv", "html"]),
                        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"])},
                       lambda res, text, container, encoding: _through_file(fz, text, container, encoding, res)),
    }


def _through_file(fz, text: str, container: str, encoding: str, resources) -> None:
    ext, data = fz.wrap(text, container, encoding)
    fz.check_file_through_pipeline(data, ext, *resources)


def run_property(name: str, strategies: dict, check, resources, examples: int, seed_value: int | None) -> dict:
    """Run one property for ``examples`` examples; the result says how many ran and the failure, if any."""
    calls = [0]

    def body(**drawn) -> None:
        calls[0] += 1
        check(resources, **drawn)

    test = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                    suppress_health_check=list(HealthCheck))(given(**strategies)(body))
    if seed_value is not None:
        test = seed(seed_value)(test)
    started = time.perf_counter()
    failure = None
    try:
        test()
    except Exception as err:  # a property failed: report it and go on with the others
        failure = "".join(traceback.format_exception_only(type(err), err)).strip()  # with hypothesis's notes
    return {"property": name, "examples": calls[0], "seconds": time.perf_counter() - started, "failure": failure}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=1000, help="hypothesis examples per property")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this property (repeatable)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed, to repeat a run")
    args = parser.parse_args(argv)

    from extract.forces import load_lexicon
    from gazetteer import load_gazetteer

    props = properties()
    unknown = set(args.only or ()) - set(props)
    if unknown:
        parser.error(f"unknown property {sorted(unknown)}; choose from {', '.join(props)}")
    started = time.perf_counter()
    resources = (load_gazetteer(), load_lexicon())
    print(f"resources loaded in {time.perf_counter() - started:.1f}s; {args.examples} examples per property")
    print(f"{'property':<20} {'examples':>9} {'seconds':>8} {'per s':>7}  result")
    failures = 0
    total = 0
    for name, (strategies, check) in props.items():
        if args.only and name not in args.only:
            continue
        r = run_property(name, strategies, check, resources, args.examples, args.seed)
        total += r["examples"]
        rate = r["examples"] / r["seconds"] if r["seconds"] else 0.0
        print(f"{name:<20} {r['examples']:>9} {r['seconds']:>8.1f} {rate:>7.0f}  {'FAILED' if r['failure'] else 'ok'}",
              flush=True)
        if r["failure"]:
            failures += 1
            print("    " + r["failure"].replace("\n", "\n    "))
    print(f"total: {total} examples, {failures} failing properties, {time.perf_counter() - started:.0f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
