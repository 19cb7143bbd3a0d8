"""Atomic file output: write to a temporary file beside the target, then rename.

Neither branca nor geopandas does this; an interrupted run or a full disk must
leave the previous output intact, so every writer in the project goes through here.

Two kinds of target are not replaced: ``-`` is standard output, and a target that is
not a regular file (``/dev/null``, a FIFO, ``/dev/stdout`` or a symlink to
``/proc/self/fd/1``) is written through, since renaming over it would replace the
device node or lose the link. A symlink to a regular file keeps its link: the file it
points to is replaced. ``check_outputs`` refuses outputs that would overwrite an input.
"""
from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator

from core.errors import OutputError, UsageError

STDOUT = "-"


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """Does this output name standard output (``-o -``)?"""
    return path is not None and os.fspath(path) == STDOUT


def writes_through(path: str | os.PathLike[str]) -> bool:
    """Is ``path`` standard output or an existing non-regular file (device, FIFO, socket), written in place?"""
    if is_stdout(path):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success it replaces ``path`` atomically.

    On any exception the temporary file is removed and ``path`` is untouched. ``-`` and
    non-regular targets are written through (see the module docstring).
    """
    if writes_through(path):
        with _through(path, mode, encoding) as fh:
            yield fh
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    binary = "b" in mode
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}; check the folder exists and is writable") from err
    try:
        # mkstemp creates 0600; give the output the mode a plain open() would (or the old file's).
        try:
            os.fchmod(fd, target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {path}: {err.strerror or err}; the previous file (if any) is unchanged") from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _through(path: str | os.PathLike[str], mode: str, encoding: str | None) -> Iterator[IO]:
    """Write straight into stdout or a device/FIFO (no temporary file, no rename)."""
    binary = "b" in mode
    try:
        if is_stdout(path):
            stream = sys.stdout.buffer if binary else sys.stdout
            if binary or (encoding or "utf-8").replace("-sig", "") == "utf-8":
                yield stream
            else:
                yield open(stream.fileno(), "w", encoding=encoding, closefd=False, newline="")
            stream.flush()
            return
        with open(path, "wb" if binary else "w", encoding=None if binary else encoding,
                  newline=None if binary else "") as fh:
            yield fh
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_open(path, "w") as fh:
        fh.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def _identity(path: str | os.PathLike[str]) -> tuple | None:
    """What a path finally names: (device, inode) if it exists, else its resolved absolute path."""
    try:
        st = os.stat(path)
        return ("inode", st.st_dev, st.st_ino)
    except (OSError, ValueError):
        return ("path", os.path.realpath(path))


def check_outputs(outputs: dict[str, str | os.PathLike[str] | None],
                  inputs: dict[str, Iterable[str | os.PathLike[str] | None]]) -> None:
    """Refuse (``UsageError``, exit 2) when an output names an input, the store, or another output.

    ``outputs`` maps an option (``-o``) to its path; ``inputs`` an option (``PATH``, ``--db``)
    to its paths. Paths are compared by what they resolve to (symlinks, ``./a`` vs ``a``,
    hard links), so ``-o mine.csv`` never replaces ``mine.csv`` that is being read. Outputs
    that write through (``-``, ``/dev/null``) are never refused.
    """
    given = {opt: p for opt, p in outputs.items() if p is not None and not writes_through(p)}
    sources = [(opt, p) for opt, paths in inputs.items() for p in paths or () if p is not None and not is_stdout(p)]
    seen: dict[tuple, str] = {}
    for opt, path in given.items():
        ident = _identity(path)
        for in_opt, in_path in sources:
            if _identity(in_path) == ident:
                raise UsageError(f"{opt} {os.fspath(path)} is the same file as the input {in_opt} "
                                 f"{os.fspath(in_path)}; writing it would destroy the input: choose another name")
        if ident in seen:
            raise UsageError(f"{opt} and {seen[ident]} both name {os.fspath(path)}; give each output its own file")
        seen[ident] = opt
