"""Shared fixtures.

``shared`` is the read-only evaluation folder (``$CONFLICTMAP_SHARED``, default ``../shared``).
Tests that need it skip on a user's machine without it, but under ``CI=true`` its absence
is a failure: CI must never go green by skipping.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from core.paths import ROOT, shared_dir

# Property tests check behaviour, never speed: no per-example deadline and no "too slow" health check, which
# would turn a loaded CI machine into failures (tests set their own example counts).
settings.register_profile("conflictmap", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("conflictmap")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, why: str) -> None:
    """Skip when ``condition`` is false, except under CI where it fails the test."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{why} (CI=true: a missing prerequisite is a failure, not a skip)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    require((path / "seeds").is_dir(), f"shared data not found at {path}; set CONFLICTMAP_SHARED")
    return path


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep caches and imported sources of the test run out of the user's home."""
    base = tmp_path_factory.mktemp("conflictmap-home")
    os.environ.setdefault("CONFLICTMAP_CACHE", str(base / "cache"))
    os.environ.setdefault("CONFLICTMAP_DATA", str(base / "data"))


def run_cli(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real entry point (``python cli.py``) in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    text = not isinstance(input, bytes)
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], input=input, capture_output=True,
                          text=text, env=full_env, timeout=timeout, cwd=str(ROOT))


@pytest.fixture(scope="module")
def seeds(shared: Path) -> list:
    """The seed articles with their publication dates, as the readers give them."""
    from records.article import Article
    from readers.articles import iter_articles

    meta = shared / "gold" / "seeds_metadata.jsonl"
    articles = [a for a in iter_articles([shared / "seeds"], meta_path=meta) if isinstance(a, Article)]
    assert len(articles) >= 5
    return articles


@pytest.fixture(scope="module")
def corpus(shared: Path) -> list:
    """300 articles recombined from seed sentences (bench/corpus.py), generated at run time."""
    from bench.corpus import generate_corpus

    return generate_corpus(300)
