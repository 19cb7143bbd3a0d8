"""Where the tool keeps its caches and where the shared evaluation data lives."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    """The per-user cache folder (``$CONFLICTMAP_CACHE`` or ``$XDG_CACHE_HOME/conflictmap``)."""
    env = os.environ.get("CONFLICTMAP_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "conflictmap"


def data_dir() -> Path:
    """The per-user data folder for imported gazetteer sources (``$CONFLICTMAP_DATA``)."""
    env = os.environ.get("CONFLICTMAP_DATA")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "conflictmap"


def shared_dir() -> Path:
    """The shared evaluation folder (``$CONFLICTMAP_SHARED``, default ``../shared`` beside the repo)."""
    return Path(os.environ.get("CONFLICTMAP_SHARED") or (ROOT.parent / "shared")).resolve()
