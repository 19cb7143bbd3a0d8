"""Optional online fallback for names the offline gazetteer does not know, through geopy.

Off by default: the tool must work offline and must not send article text anywhere unasked.
It is turned on explicitly (``OnlineFallback(...)`` or ``$CONFLICTMAP_ONLINE=nominatim|geonames``).
Calls go through geopy's ``RateLimiter`` (Nominatim's policy is one request per second), and every
answer, empty ones included, is cached on disk so a name is asked at most once. Answers come back
as low-score candidates with the service named in ``why``: a geocoder's guess is weaker evidence
than a gazetteer match.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Sequence

from arabic.normalize import normalize
from core.errors import GazetteerError, UsageError
from core.fsio import atomic_write_text
from core.paths import cache_dir
from gazetteer.model import Candidate, Place
from gazetteer.sources.geonames_dump import kind_for

log = logging.getLogger(__name__)

SERVICES = ("nominatim", "geonames")
SCORE = 0.35  # below any confident offline match
USER_AGENT = "conflictmap-gazetteer/1"
_OSM_KINDS = {
    "city": "city", "town": "town", "village": "village", "hamlet": "village", "suburb": "neighbourhood",
    "neighbourhood": "neighbourhood", "quarter": "neighbourhood", "aerodrome": "airport", "military": "base",
    "dam": "dam", "weir": "dam", "industrial": "industrial", "border_control": "crossing", "refugee_site": "camp",
    "state": "governorate", "county": "district", "region": "region",
}


def kind_from_osm(raw: dict) -> str:
    return _OSM_KINDS.get(raw.get("type", ""), _OSM_KINDS.get(raw.get("addresstype", ""), "site"))


class OnlineFallback:
    """A rate-limited, disk-cached geocoder returning ``Candidate`` lists."""

    def __init__(self, service: str = "nominatim", *, domain: str | None = None, scheme: str = "https",
                 username: str | None = None, min_delay_seconds: float = 1.0,
                 country_codes: Sequence[str] = ("sy", "iq"), cache_path: Path | None = None,
                 geocode: Callable[..., Any] | None = None) -> None:
        if service not in SERVICES:
            raise UsageError(f"unknown online service {service!r}; use one of {', '.join(SERVICES)}")
        self.service = service
        self.country_codes = tuple(c.lower() for c in country_codes)
        self.cache_path = cache_path or cache_dir() / "online" / f"{service}.json"
        self._cache: dict[str, list[dict]] | None = None
        self._geocode = geocode or self._make_geocoder(domain, scheme, username, min_delay_seconds)

    def _make_geocoder(self, domain: str | None, scheme: str, username: str | None, delay: float):
        from geopy.extra.rate_limiter import RateLimiter  # lazy: heavy third-party import, kept off start-up

        if self.service == "nominatim":
            from geopy.geocoders import Nominatim  # lazy: heavy third-party import, kept off start-up

            kwargs = {"domain": domain} if domain else {}
            geocoder = Nominatim(user_agent=USER_AGENT, scheme=scheme, timeout=10, **kwargs)
        else:
            from geopy.geocoders import GeoNames  # lazy: heavy third-party import, kept off start-up

            if not username:
                raise UsageError("the GeoNames web service needs a username: set $CONFLICTMAP_GEONAMES_USER")
            geocoder = GeoNames(username=username, scheme=scheme, timeout=10, **({"domain": domain} if domain else {}))
        return RateLimiter(geocoder.geocode, min_delay_seconds=delay, max_retries=1,
                           error_wait_seconds=5 * delay, swallow_exceptions=False)

    @classmethod
    def from_env(cls) -> "OnlineFallback | None":
        """The fallback configured by ``$CONFLICTMAP_ONLINE``, or None (the default: offline only)."""
        service = os.environ.get("CONFLICTMAP_ONLINE", "").strip().lower()
        if not service or service in ("0", "off", "no", "false"):
            return None
        return cls(service, username=os.environ.get("CONFLICTMAP_GEONAMES_USER"))

    def _load(self) -> dict[str, list[dict]]:
        if self._cache is None:
            try:
                self._cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                self._cache = {}
            except (OSError, ValueError) as err:
                log.warning("ignoring unreadable online cache %s (%s)", self.cache_path, err)
                self._cache = {}
        return self._cache

    def lookup(self, name: str, *, limit: int = 5) -> list[Candidate]:
        """Candidates for ``name`` from the cache, else from the service (then cached)."""
        key = f"{','.join(self.country_codes)}|{normalize(name)}"
        cache = self._load()
        if key not in cache:
            cache[key] = [asdict(p) for p in self._ask(name, limit)]
            atomic_write_text(self.cache_path, json.dumps(cache, ensure_ascii=False))
        places = [Place(**{**d, "alt_names": tuple(d.get("alt_names") or ())}) for d in cache[key]]
        why = (f"online:{self.service}", "not in the offline gazetteer")
        return [Candidate(p, SCORE, why) for p in places[:limit]]

    def _ask(self, name: str, limit: int) -> list[Place]:
        from geopy.exc import GeopyError  # lazy: heavy third-party import, kept off start-up

        try:
            if self.service == "nominatim":
                found = self._geocode(name, exactly_one=False, limit=limit, language="ar", addressdetails=True,
                                      country_codes=list(self.country_codes))
            else:
                found = self._geocode(name, exactly_one=False, country=[c.upper() for c in self.country_codes])
        except GeopyError as err:
            raise GazetteerError(f"online lookup of {name!r} via {self.service} failed ({err}); "
                                 "retry later or run offline (unset CONFLICTMAP_ONLINE)") from err
        return [self._place(loc.raw, loc.latitude, loc.longitude) for loc in (found or [])]

    def _place(self, raw: dict, lat: float, lon: float) -> Place:
        if self.service == "nominatim":
            address = raw.get("address") or {}
            name = raw.get("name") or raw.get("display_name", "").split(",")[0]
            return Place(id=f"osm:{raw.get('osm_type', 'x')}/{raw.get('osm_id', raw.get('place_id', ''))}",
                         name_ar=name, name_en=raw.get("display_name", name), lat=lat, lon=lon, kind=kind_from_osm(raw),
                         country=(address.get("country_code") or "").upper(), admin1=address.get("state", ""),
                         source=f"online:{self.service}")

        pop = int(raw.get("population") or 0)
        return Place(id=f"gn:{raw.get('geonameId')}", name_ar=raw.get("name", ""), name_en=raw.get("toponymName", ""),
                     lat=lat, lon=lon, kind=kind_for(raw.get("fcl", ""), raw.get("fcode", ""), pop) or "site",
                     country=raw.get("countryCode", ""), admin1=raw.get("adminName1", ""), population=pop,
                     source=f"online:{self.service}")
