#!/usr/bin/env python3
"""Build the embedded Syrian community and admin tables from the upstream reference files.

    python scripts/build_gazetteer.py [--src DIR] [--out gazetteer/data]

``DIR`` (default ``$CONFLICTMAP_SHARED/data/syria``, else ``../shared/data/syria``) holds the OCHA
communities (via the Syrian Archive) and the OpenSyria governorates/districts/subdistricts; see
gazetteer/data/README.md for what is written and the attribution. The output is deterministic
(sorted rows, gzip without a timestamp), so rerunning on the same input changes nothing in git.
The installed tool reads only the written tables; it never needs the upstream files.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arabic.normalize import normalize  # noqa: E402  (the project's own fold, so keys agree)

ID_TAIL = re.compile(r"\s*-*\s*\(\(\(\d+\)\)\)\s*$")
SEAT_PREFIX = re.compile(r"^(مركز|منطقة|ناحية|مدينة)\s+")
# Directions of the countryside of a governorate ("ريف حلب الشمالي"): suffix → bearing in degrees.
DIRECTIONS = {"الشمالي": 0, "الشمالي الشرقي": 45, "الشرقي": 90, "الجنوبي الشرقي": 135, "الجنوبي": 180,
              "الجنوبي الغربي": 225, "الغربي": 270, "الشمالي الغربي": 315}
DIR_CODE = {0: "n", 45: "ne", 90: "e", 135: "se", 180: "s", 225: "sw", 270: "w", 315: "nw"}
COMMUNITY_COLUMNS = ("pcode", "name_ar", "alt_names_ar", "name_en", "lat", "lon", "kind", "admin3_code")
ADMIN_COLUMNS = ("level", "code", "parent_code", "name_ar", "name_en", "alt_names_ar", "lat", "lon", "seat")


@dataclass
class Unit:
    """An admin unit as the tables write it (level 1 governorate, 2 district, 3 subdistrict, 9 region)."""

    level: int
    code: str
    parent: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    alts: list[str] = field(default_factory=list)
    seat: str = ""


def key(name: str) -> str:
    """Comparison key for admin names: normalised, without a seat prefix and without the article."""
    n = normalize(SEAT_PREFIX.sub("", name.strip()))
    return n[2:] if n.startswith("ال") and len(n) > 4 else n


def read_units(src: Path) -> tuple[dict[str, Unit], dict[str, str]]:
    """OpenSyria governorates, districts and subdistricts by OCHA P-code, plus OpenSyria id → P-code."""
    units: dict[str, Unit] = {}
    by_id: dict[str, str] = {}
    for level, fname in ((1, "governorates"), (2, "districts"), (3, "subdistricts")):
        for rec in json.loads((src / f"open-syria_{fname}.json").read_text(encoding="utf-8")):
            code = rec["externalIds"]["ochaPcode"]
            parent = by_id.get(rec.get("districtId") or rec.get("governorateId") or "", "")
            alts = sorted({a["value"] for a in rec.get("aliases", ()) if a.get("language") == "ar"})
            units[code] = Unit(level, code, parent, rec["name"]["ar"], rec["name"]["en"],
                               round(rec["centroid"]["latitude"], 5), round(rec["centroid"]["longitude"], 5), alts)
            by_id[rec["id"]] = code
    return units, by_id


def split_names(short: str, qualifiers: set[str]) -> list[str]:
    """'حملك-حميلك' / 'علي الأطرش_عليكار' / 'طنجرة (المنارة)' / 'جفر منصور منبج' → the names news writes.

    Parts equal to the subdistrict or district are dropped, and so is a trailing district name
    glued to the name (the disambiguator OCHA adds to homonyms)."""
    short = ID_TAIL.sub("", short).strip()
    extra = re.findall(r"\(([^)]*)\)", short)
    short = re.sub(r"\([^)]*\)", " ", short)
    parts = [p for p in re.split(r"\s*[-_/]\s*", short) + extra]
    out: list[str] = []
    for p in parts:
        p = " ".join(p.split())
        if not p or key(p) in qualifiers:
            continue
        words = p.split(" ")
        if len(words) > 1 and key(words[-1]) in qualifiers:
            bare = " ".join(words[:-1])
            out.extend([bare, p] if len(normalize(bare)) >= 3 else [p])
        else:
            out.append(p)
    return list(dict.fromkeys(out)) or [" ".join(short.split())]


def article_variants(name: str) -> list[str]:
    """Without the article: news often writes مسلمية for OCHA's المسلمية. Never the reverse: a name
    indexed with the article is not read after a clitic (news writes بالرقة, never برقة, so وكفريا
    would be lost if الكفريا were indexed), and short bare forms are everyday words (حاضر، راعي)."""
    if " " in name or not name.startswith("ال") or len(normalize(name)) < 7:
        return []
    return [name[2:]]


def nearest(units: list[Unit], lat: float, lon: float) -> Unit:
    return min(units, key=lambda u: (u.lat - lat) ** 2 + ((u.lon - lon) * math.cos(math.radians(lat))) ** 2)


def match_admin(units: dict[str, Unit], dist_ar: str, sub_ar: str, lat: float, lon: float,
                stats: dict[str, int]) -> Unit:
    """The subdistrict of a community: by name inside its district, else the nearest centroid."""
    districts = [u for u in units.values() if u.level == 2]
    named = [u for u in districts if key(dist_ar) in {key(u.name_ar), *map(key, u.alts)}]
    district = named[0] if len(named) == 1 else nearest(named or districts, lat, lon)
    subs = [u for u in units.values() if u.level == 3 and u.parent == district.code]
    hit = [u for u in subs if key(sub_ar) in {key(u.name_ar), *map(key, u.alts)}]
    stats["district by name" if len(named) == 1 else "district by distance"] += 1
    stats["subdistrict by name" if len(hit) == 1 else "subdistrict by distance"] += 1
    return hit[0] if len(hit) == 1 else nearest(subs or [u for u in units.values() if u.level == 3], lat, lon)


def communities(src: Path, units: dict[str, Unit], stats: dict[str, int]) -> list[dict]:
    """One row per OCHA community, with the names news writes and its subdistrict code."""
    rows = []
    for rec in json.loads((src / "ocha_communities_via_syrianarchive.json").read_text(encoding="utf-8")):
        if rec.get("sa_loc_only") != "FALSE" or not isinstance(rec.get("lat"), (int, float)):
            continue
        parts = [" ".join(p.split()) for p in ID_TAIL.sub("", rec["search_name_ar"]).split(" - ")]
        sub_ar, dist_ar = parts[-2], parts[-1]
        quals = {key(sub_ar), key(dist_ar)}
        names = split_names(rec["search_name_ar_short"], quals)
        en = [p.strip() for p in ID_TAIL.sub("", rec["search_name_en"]).strip(" -").split(" - ")]
        sub = match_admin(units, dist_ar, sub_ar, rec["lat"], rec["lon"], stats)
        district, gov = units[sub.parent], units[units[sub.parent].parent]
        alts = names[1:] + [v for n in names for v in article_variants(n)]
        kind = seat_kind(names[0], sub, district, gov)
        rows.append({"pcode": rec["closest_geonames_post_code"], "name_ar": names[0],
                     "alt_names_ar": "|".join(dict.fromkeys(a for a in alts if a != names[0])),
                     "name_en": " - ".join(en[:-2]) if len(en) > 2 else en[0], "lat": f"{rec['lat']:.5f}",
                     "lon": f"{rec['lon']:.5f}", "kind": kind, "admin3_code": sub.code})
    return sorted(rows, key=lambda r: (r["admin3_code"], r["pcode"]))


def seat_kind(name: str, sub: Unit, district: Unit, gov: Unit) -> str:
    """city: seat of a governorate or district; town: seat of a subdistrict; else village."""
    k = key(name)
    if k in (key(district.name_ar), key(gov.name_ar)) and gov.code != "SY03":
        return "city"
    return "town" if k == key(sub.name_ar) else "village"


def seats(rows: list[dict], units: dict[str, Unit]) -> None:
    """Each district's and subdistrict's seat: its city/town community of the same name."""
    for r in rows:
        sub = units[r["admin3_code"]]
        if r["kind"] in ("city", "town") and not sub.seat:
            sub.seat = r["pcode"]
        if r["kind"] == "city" and not units[sub.parent].seat:
            units[sub.parent].seat = r["pcode"]


def regions(rows: list[dict], units: dict[str, Unit]) -> list[Unit]:
    """"ريف X" and its eight directions per governorate: centred on the communities lying that way
    from the governorate's capital (ريف دمشق is a governorate, so its directions only)."""
    out = []
    by_code = {r["pcode"]: r for r in rows}
    for gov in (u for u in units.values() if u.level == 1):
        capital = next((by_code[u.seat] for u in units.values() if u.level == 2 and u.parent == gov.code
                        and u.seat and by_code[u.seat]["kind"] == "city"
                        and key(by_code[u.seat]["name_ar"]) == key(gov.name_ar)), None)
        centre_ar = "دمشق" if gov.code == "SY03" else gov.name_ar
        if capital is None and gov.code == "SY03":
            capital = next(r for r in rows if key(r["name_ar"]) == key("دمشق") and r["kind"] == "city")
        if capital is None:
            continue
        clat, clon = float(capital["lat"]), float(capital["lon"])
        mine = [r for r in rows if units[units[r["admin3_code"]].parent].parent == gov.code and r is not capital]
        if gov.code not in ("SY03", "SY01"):
            out.append(Unit(9, f"{gov.code}-rif", gov.code, f"ريف {centre_ar}", f"{gov.name_en} countryside",
                            *centroid(mine, gov), seat=capital["pcode"]))
        for suffix, bearing in DIRECTIONS.items():
            way = [r for r in mine if _angle(bearing, _bearing(clat, clon, float(r["lat"]), float(r["lon"])))
                   <= (60 if bearing % 90 == 0 else 35)]
            if len(way) >= 3:
                out.append(Unit(9, f"{gov.code}-rif-{DIR_CODE[bearing]}", gov.code, f"ريف {centre_ar} {suffix}",
                                f"{gov.name_en} countryside ({DIR_CODE[bearing].upper()})", *centroid(way, gov),
                                seat=capital["pcode"]))
    return out


def centroid(rows: list[dict], gov: Unit) -> tuple[float, float]:
    if not rows:
        return gov.lat, gov.lon
    return (round(sum(float(r["lat"]) for r in rows) / len(rows), 4),
            round(sum(float(r["lon"]) for r in rows) / len(rows), 4))


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return math.degrees(math.atan2((lon2 - lon1) * math.cos(math.radians(lat1)), lat2 - lat1)) % 360


def _angle(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def write_tables(out: Path, rows: list[dict], units: dict[str, Unit], extra: list[Unit]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, COMMUNITY_COLUMNS, delimiter="\t", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with open(out / "communities.tsv.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                                       filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    with open(out / "admin.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(ADMIN_COLUMNS)
        for u in sorted(units.values(), key=lambda u: (u.level, u.code)) + extra:
            w.writerow([u.level, u.code, u.parent, u.name_ar, u.name_en, "|".join(u.alts), u.lat, u.lon, u.seat])


def main(argv: list[str] | None = None) -> int:
    shared = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=shared / "data" / "syria", help="folder of the upstream files")
    ap.add_argument("--out", type=Path, default=ROOT / "gazetteer" / "data", help="where the tables go")
    args = ap.parse_args(argv)
    if not (args.src / "ocha_communities_via_syrianarchive.json").is_file():
        print(f"build_gazetteer: {args.src} does not hold ocha_communities_via_syrianarchive.json; "
              f"pass --src", file=sys.stderr)
        return 2
    units, _ = read_units(args.src)
    stats: dict[str, int] = {k: 0 for k in ("district by name", "district by distance", "subdistrict by name",
                                              "subdistrict by distance")}
    rows = communities(args.src, units, stats)
    seats(rows, units)
    extra = regions(rows, units)
    write_tables(args.out, rows, units, extra)
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("city", "town", "village")}
    print(f"{len(rows)} communities {kinds}, {len(units)} admin units, {len(extra)} regions; {stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
