"""bench/instructions.py: the instruction count's child program runs, and a machine without valgrind is told so."""
from __future__ import annotations

import subprocess
import sys

from bench import instructions


def test_the_counted_child_program_extracts_the_articles_it_names():
    code = instructions._CHILD.format(root=str(instructions._ROOT), n=3, timed=True) + "\nprint(len(articles))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "53"  # the warm-up's 50 and the 3 counted


def test_without_valgrind_nothing_is_counted_and_the_reader_is_told(monkeypatch, capsys):
    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    assert instructions.main(["--articles", "5"]) == 0
    assert "valgrind is not installed" in capsys.readouterr().out
