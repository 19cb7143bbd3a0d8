"""Optional online fallback: off by default, answers cached on disk; only ever talks to a fake
Nominatim the test starts on 127.0.0.1."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from core.errors import GazetteerError, UsageError
from gazetteer.sources.online import OnlineFallback

ANSWERS = {
    "قرية الاختبار": [{"place_id": 1, "osm_type": "node", "osm_id": 4242, "lat": "35.25", "lon": "37.75",
                        "class": "place", "type": "village", "name": "قرية الاختبار",
                        "display_name": "قرية الاختبار، ناحية ما، سوريا",
                        "address": {"country_code": "sy", "state": "محافظة حماة"}}],
}


class FakeNominatim:
    def __init__(self) -> None:
        self.queries: list[dict[str, list[str]]] = []
        self.fail = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                url = urlparse(self.path)
                params = parse_qs(url.query)
                outer.queries.append(params)
                if outer.fail:
                    self.send_error(500)
                    return
                body = json.dumps(ANSWERS.get(params.get("q", [""])[0], [])).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture()
def nominatim() -> Iterator[FakeNominatim]:
    fake = FakeNominatim()
    threading.Thread(target=fake.httpd.serve_forever, daemon=True).start()
    yield fake
    fake.httpd.shutdown()
    fake.httpd.server_close()


def make(fake: FakeNominatim, cache: Path) -> OnlineFallback:
    return OnlineFallback("nominatim", domain=fake.domain, scheme="http", min_delay_seconds=0.0, cache_path=cache)


def test_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFLICTMAP_ONLINE", raising=False)
    assert OnlineFallback.from_env() is None
    monkeypatch.setenv("CONFLICTMAP_ONLINE", "off")
    assert OnlineFallback.from_env() is None
    monkeypatch.setenv("CONFLICTMAP_ONLINE", "geonames")
    monkeypatch.delenv("CONFLICTMAP_GEONAMES_USER", raising=False)
    with pytest.raises(UsageError, match="username"):
        OnlineFallback.from_env()
    with pytest.raises(UsageError, match="unknown online service"):
        OnlineFallback("google")


def test_answer_becomes_low_score_candidate(nominatim: FakeNominatim, tmp_path: Path) -> None:
    (cand,) = make(nominatim, tmp_path / "n.json").lookup("قرية الاختبار")
    p = cand.place
    assert (p.id, p.name_ar, p.lat, p.lon, p.kind, p.country) == ("osm:node/4242", "قرية الاختبار", 35.25, 37.75, "village", "SY")
    assert cand.score < 0.5 and "online:nominatim" in cand.why
    (params,) = nominatim.queries
    assert params["q"] == ["قرية الاختبار"] and params["countrycodes"] == ["sy,iq"]


def test_answers_are_cached_on_disk_including_empty_ones(nominatim: FakeNominatim, tmp_path: Path) -> None:
    cache = tmp_path / "n.json"
    fb = make(nominatim, cache)
    assert fb.lookup("مكان لا يعرفه أحد") == []
    fb.lookup("قرية الاختبار")
    fb.lookup("قرية الاختبار")
    assert len(nominatim.queries) == 2 and cache.exists()
    again = make(nominatim, cache)  # a new process reads the same disk cache
    assert again.lookup("قرية الاختبار")[0].place.lat == 35.25
    assert again.lookup("مكان لا يعرفه أحد") == []
    assert len(nominatim.queries) == 2


def test_service_error_is_typed(nominatim: FakeNominatim, tmp_path: Path) -> None:
    nominatim.fail = True
    with pytest.raises(GazetteerError, match="retry later or run offline"):
        make(nominatim, tmp_path / "n.json").lookup("قرية الاختبار")


def test_cli_lookup_online_asks_only_for_unknown_names(nominatim: FakeNominatim, tmp_path: Path) -> None:
    from tests.conftest import run_cli

    env = {"CONFLICTMAP_CACHE": str(tmp_path / "cache")}
    r = run_cli("gazetteer", "lookup", "قرية الاختبار", "الرقة", "--json", "--online",
                "--online-url", f"http://{nominatim.domain}", env=env)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    online, offline = rows[0]["candidates"][0], rows[1]["candidates"][0]
    assert online["id"] == "osm:node/4242" and online["score"] < 0.5 and "online:nominatim" in online["why"]
    assert offline["id"] == "gn:172955"
    assert [q["q"] for q in nominatim.queries] == [["قرية الاختبار"]]  # the known name never left the machine


def test_cli_lookup_is_offline_by_default(nominatim: FakeNominatim, tmp_path: Path) -> None:
    from tests.conftest import run_cli

    r = run_cli("gazetteer", "lookup", "قرية الاختبار", "--json", env={"CONFLICTMAP_CACHE": str(tmp_path / "c"),
                                                                     "CONFLICTMAP_ONLINE": ""})
    assert r.returncode == 1 and json.loads(r.stdout)["candidates"] == []
    assert nominatim.queries == []


def test_cli_lookup_bad_online_url_is_a_usage_error(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    r = run_cli("gazetteer", "lookup", "حلب", "--online", "--online-url", "127.0.0.1:9",
                env={"CONFLICTMAP_CACHE": str(tmp_path / "c")})
    assert r.returncode == 2 and "--online-url" in r.stderr
