"""``gazetteer fetch geonames``: download from a local server, resume after a cut, cache, import.

The server is ``http.server`` on 127.0.0.1 started by the test; it serves a zip written here
and can cut the first response short to exercise the HTTP Range resume.
"""
from __future__ import annotations

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from core.errors import GazetteerError, UsageError
from gazetteer.fetch import download, fetch_geonames
from gazetteer.sources.imported import list_imported
from tests.conftest import run_cli
from tests.gazetteer.test_sources_geonames import LINES, dump_line

# Records without an Arabic name (skipped on import) to make the zip big enough to cut in the middle.
PADDING = [dump_line(9200000 + i, f"Latin Hamlet {i}", f"Hamlet {i}", 35.0, 37.0, "P", "PPL") for i in range(300)]


def make_zip(lines: list[str], member: str = "SY.txt") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # stored: big enough to cut in the middle
        zf.writestr(member, "".join(lines + PADDING))
        zf.writestr("readme.txt", "test dump written by the test suite")
    return buf.getvalue()


class DumpServer:
    """Serves ``files`` by name; ``cut_next`` truncates the next full response after that many bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.cut_next: int | None = None
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                rng = self.headers.get("Range")
                server.requests.append((name, rng))
                data = server.files.get(name)
                if data is None:
                    self.send_error(404)
                    return
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.end_headers()
                    return
                body = data[start:]
                self.send_response(206 if rng else 200)
                if rng:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.cut_next is not None:
                    body, server.cut_next = body[: server.cut_next], None
                    self.wfile.write(body)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/export/dump/"

    def __enter__(self) -> "DumpServer":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[DumpServer]:
    with DumpServer() as s:
        s.files["SY.zip"] = make_zip(LINES)
        s.files["IQ.zip"] = make_zip(LINES[-1:], "IQ.txt")
        yield s


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFLICTMAP_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CONFLICTMAP_CACHE", str(tmp_path / "cache"))
    return tmp_path


def test_resume_after_truncated_download(server: DumpServer, tmp_path: Path) -> None:
    data = server.files["SY.zip"]
    dest = tmp_path / "SY.zip"
    server.cut_next = len(data) // 3
    with pytest.raises(GazetteerError, match="run the same command again"):
        download(server.url + "SY.zip", dest)
    part = tmp_path / "SY.zip.part"
    assert part.stat().st_size == len(data) // 3 and not dest.exists()
    download(server.url + "SY.zip", dest)
    assert dest.read_bytes() == data and not part.exists()
    assert server.requests == [("SY.zip", None), ("SY.zip", f"bytes={len(data) // 3}-")]


def test_cached_file_is_not_downloaded_again(server: DumpServer, tmp_path: Path) -> None:
    dest = tmp_path / "SY.zip"
    download(server.url + "SY.zip", dest)
    download(server.url + "SY.zip", dest)
    assert len(server.requests) == 1
    download(server.url + "SY.zip", dest, force=True)
    assert len(server.requests) == 2


def test_complete_part_file_is_finished_by_416(server: DumpServer, tmp_path: Path) -> None:
    (tmp_path / "SY.zip.part").write_bytes(server.files["SY.zip"])
    download(server.url + "SY.zip", tmp_path / "SY.zip")
    assert (tmp_path / "SY.zip").read_bytes() == server.files["SY.zip"]


def test_fetch_imports_each_country(server: DumpServer, home: Path) -> None:
    results = fetch_geonames(["sy", "IQ"], url=server.url)
    assert [(m.name, m.rows, m.countries) for m, _ in results] == [("geonames-sy", 5, ("SY",)), ("geonames-iq", 1, ("IQ",))]
    assert [s.name for s in list_imported()] == ["geonames-iq", "geonames-sy"]
    assert (home / "cache" / "downloads" / "SY.zip").exists()


def test_errors(server: DumpServer, home: Path) -> None:
    with pytest.raises(GazetteerError, match="HTTP 404.*country code"):
        fetch_geonames(["TR"], url=server.url)
    with pytest.raises(UsageError, match="two letters"):
        fetch_geonames(["SYR"], url=server.url)
    server.files["LB.zip"] = b"this is not a zip file"
    with pytest.raises(GazetteerError, match="not a valid zip"):
        fetch_geonames(["LB"], url=server.url)
    assert not (home / "cache" / "downloads" / "LB.zip").exists()  # a bad download is not cached
    with pytest.raises(GazetteerError, match="cannot reach"):
        fetch_geonames(["SY"], url="http://127.0.0.1:9/")


def test_cli_fetch_with_resume(server: DumpServer, tmp_path: Path) -> None:
    env = {"CONFLICTMAP_DATA": str(tmp_path / "data"), "CONFLICTMAP_CACHE": str(tmp_path / "cache"),
           "CONFLICTMAP_GEONAMES_URL": server.url}
    server.cut_next = 1000
    r = run_cli("gazetteer", "fetch", "geonames", "SY", env=env)
    assert r.returncode == 1 and "run the same command again to resume" in r.stderr
    r = run_cli("gazetteer", "fetch", "geonames", "SY", env=env)
    assert r.returncode == 0, r.stderr
    assert "imported geonames-sy: 5 places" in r.stdout
    assert server.requests[-1] == ("SY.zip", "bytes=1000-")
    r = run_cli("gazetteer", "fetch", "--help")
    assert "conflictmap gazetteer fetch geonames SY IQ" in r.stdout
