"""Instructions per article of ``extract_article``, counted by valgrind: a speed figure that does not drift.

Why: on a shared or virtual machine the same run varies by ±5% in time from one minute to the next, so a
change that saves 1% cannot be told from noise by timing it. Valgrind's callgrind counts the instructions
the process executes, which repeats to about 0.01% (garbage collection moves a few tens of thousands). The
count is taken twice, with and without the timed loop, and the difference divided by the articles: the
set-up (imports, gazetteer load, warm-up) cancels out. Use it to accept or reject a change, then time it
with ``python -m bench.run --only extract``. Needs ``valgrind`` on the PATH; takes about 90 s for 300 articles.

    python -m bench.instructions [--articles 300]

The gazetteer index is cached on disk by a key that covers its code: run once after changing gazetteer/
(the first count then includes building the index), and take the second.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_CHILD = """
import sys
sys.path.insert(0, {root!r})
from bench.corpus import generate_corpus
from extract.forces import load_lexicon
from extract.pipeline import extract_article
from gazetteer import load_gazetteer
gazetteer, forces = load_gazetteer(), load_lexicon()
articles = generate_corpus({n} + 50, seed=11)
for a in articles[:50]:
    extract_article(a, gazetteer=gazetteer, forces=forces)
if {timed}:
    for a in articles[50:]:
        extract_article(a, gazetteer=gazetteer, forces=forces)
"""


def count(n: int, timed: bool) -> int:
    """Instructions the child executes: set-up and warm-up, plus the ``n`` articles when ``timed``."""
    code = _CHILD.format(root=str(_ROOT), n=n, timed=timed)
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # one hash seed: set and dict orders repeat
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
                          capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"bench.instructions: valgrind failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="articles in the counted loop (default 300)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("bench.instructions: valgrind is not installed (apt-get install valgrind); nothing counted")
        return 0
    n = max(1, args.articles)
    per_article = (count(n, True) - count(n, False)) / n
    print(f"extract_article: {per_article:,.0f} instructions per article ({n} bench articles, PYTHONHASHSEED=0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
