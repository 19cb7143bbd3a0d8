"""The CLI frame, run through the real entry point in a subprocess."""
from __future__ import annotations

import pytest

from tests.conftest import run_cli

COMMANDS = ["extract", "evaluate", "ingest", "snapshot", "compare", "export", "map", "gazetteer"]


def test_top_level_help_lists_every_command():
    r = run_cli("--help")
    assert r.returncode == 0
    for name in COMMANDS:
        assert name in r.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_help_has_an_example(name):
    r = run_cli(name, "--help")
    assert r.returncode == 0, r.stderr
    assert "example:" in r.stdout and f"conflictmap {name}" in r.stdout


def test_no_command_is_a_usage_error():
    r = run_cli()
    assert r.returncode == 2
    assert "usage" in r.stderr.lower()


def test_unknown_option_is_a_usage_error():
    r = run_cli("extract", "--no-such-option")
    assert r.returncode == 2
