"""``gazetteer fetch geonames SY IQ``: download GeoNames country dumps, then import them.

Downloads go to ``cache_dir()/downloads/``: a finished file is reused (cached), an interrupted
one stays as ``<file>.part`` and the next run asks only for the missing bytes (HTTP Range), so a
dropped connection on a slow link does not start over. The ``.part`` file is appended to by
design; the finished file appears only through an atomic rename, so a half download is never
mistaken for a dump. The base URL is configurable (``$CONFLICTMAP_GEONAMES_URL``) for mirrors
and for tests.
"""
from __future__ import annotations

import http.client
import logging
import os
import re
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Sequence

from core import progress
from core.errors import GazetteerError, UsageError
from core.paths import cache_dir
from gazetteer.sources.imported import import_file

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
CHUNK = 64 * 1024
TIMEOUT = 60
USER_AGENT = "conflictmap-gazetteer-fetch/1 (+https://github.com/)"


def base_url() -> str:
    return os.environ.get("CONFLICTMAP_GEONAMES_URL") or DEFAULT_BASE_URL


def downloads_dir() -> Path:
    return cache_dir() / "downloads"


def _bar(total: int | None, initial: int, desc: str):
    """A tqdm byte bar on an interactive stderr, else None (pipes and CI logs stay clean)."""
    if progress.QUIET or not sys.stderr.isatty():
        return None
    from tqdm import tqdm  # lazy: heavy third-party import, kept off start-up

    return tqdm(total=total, initial=initial, desc=desc, unit="B", unit_scale=True, file=sys.stderr, leave=False)


def download(url: str, dest: Path, *, force: bool = False) -> Path:
    """Fetch ``url`` to ``dest``, resuming ``dest.part`` if present; returns ``dest``.

    Reuses an existing ``dest`` unless ``force``. Raises GazetteerError with the URL and what to do.
    """
    if dest.exists() and not force:
        log.info("using cached %s", dest)
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT)
    except urllib.error.HTTPError as err:
        if err.code == 416 and have:  # nothing left to send: the part file is already whole
            os.replace(part, dest)
            return dest
        if err.code == 404:
            raise GazetteerError(f"{url} not found (HTTP 404); check the country code (ISO 3166 alpha-2, e.g. SY)") from err
        raise GazetteerError(f"download of {url} failed: HTTP {err.code}; try again later") from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise GazetteerError(f"cannot reach {url} ({reason}); check your connection, the partial download "
                             "is kept and will resume") from err
    with response:
        resumed = have and response.status == 206
        if have and not resumed:
            log.info("server ignored the range request; restarting %s", dest.name)
            have = 0
        length = response.headers.get("Content-Length")
        total = have + int(length) if length and length.isdigit() else None
        bar = _bar(total, have, dest.name)
        try:
            with open(part, "ab" if resumed else "wb") as fh:
                while chunk := response.read(CHUNK):
                    fh.write(chunk)
                    if bar is not None:
                        bar.update(len(chunk))
        except (OSError, http.client.HTTPException) as err:
            raise GazetteerError(f"download of {url} was interrupted ({err}); run the same command again "
                                 "to resume") from err
        finally:
            if bar is not None:
                bar.close()
    got = part.stat().st_size
    if total is not None and got < total:
        raise GazetteerError(f"download of {url} stopped at {got} of {total} bytes; run the same command again to resume")
    os.replace(part, dest)
    return dest


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
    except zipfile.BadZipFile as err:
        path.unlink(missing_ok=True)
        raise GazetteerError(f"{path} is not a valid zip ({err}); it was deleted, run the command again") from err
    if bad:
        path.unlink(missing_ok=True)
        raise GazetteerError(f"{path} is damaged ({bad}); it was deleted, run the command again")


def fetch_geonames(countries: Sequence[str], *, url: str | None = None, force: bool = False) -> list:
    """Download and import ``<CC>.zip`` for each country; returns the import manifests."""
    codes = [c.strip().upper() for c in countries if c.strip()]
    bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
    if not codes or bad:
        raise UsageError(f"country codes must be two letters (ISO 3166), e.g. SY IQ; got {' '.join(bad) or 'none'}")
    root = (url or base_url()).rstrip("/") + "/"
    results = []
    for cc in codes:
        path = download(f"{root}{cc}.zip", downloads_dir() / f"{cc}.zip", force=force)
        _check_zip(path)
        results.append(import_file(path, "geonames", name=f"geonames-{cc.lower()}", countries=[cc]))
    return results
