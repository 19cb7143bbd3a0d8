"""CLI: ``gazetteer import|fetch|sources|remove`` — growing and inspecting the gazetteer's sources.

Registered by ``app/gazetteer.py``. The commands only parse arguments and print; the work
is in ``gazetteer/sources/imported.py`` and ``gazetteer/fetch.py``.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter

from app.common import add_command

# The handlers below import the packages they run inside themselves: cli.py builds every command's parser at
# start-up and `--help` must stay fast, so this module imports at its top only what the parsers need.


def register(gsub: argparse._SubParsersAction, formatter: type) -> None:
    q = add_command(gsub, "import", help="add a GeoNames country dump or a place CSV as a gazetteer source",
                    example="conflictmap gazetteer import SY.txt --format geonames\n"
                            "  conflictmap gazetteer import ocha_places.csv --format csv --name ocha",
                    formatter=formatter, func=import_command)
    q.add_argument("file", help="GeoNames dump (SY.txt or SY.zip) or CSV with name_ar,lat,lon[,name_en,kind,…]")
    q.add_argument("--format", required=True, choices=("geonames", "csv"), help="file format")
    q.add_argument("--name", help="source name (default: from the file name, e.g. geonames-sy)")
    q.add_argument("--countries", help="keep only places in these comma-separated ISO codes, e.g. SY,IQ")

    q = add_command(gsub, "fetch", help="download GeoNames country dumps (resumable, cached) and import them",
                    example="conflictmap gazetteer fetch geonames SY IQ", formatter=formatter, func=fetch_command)
    q.add_argument("provider", choices=("geonames",), help="where to download from")
    q.add_argument("countries", nargs="+", metavar="CC", help="ISO 3166 two-letter country codes")
    q.add_argument("--url", help="base URL of the dump folder (default $CONFLICTMAP_GEONAMES_URL or GeoNames)")
    q.add_argument("--force", action="store_true", help="download again even if a finished file is cached")

    q = add_command(gsub, "sources", help="list the gazetteer's sources: name, kind, rows, fingerprint, path",
                    example="conflictmap gazetteer sources --json", formatter=formatter, func=sources_command)
    q.add_argument("--json", action="store_true", help="one JSON object per source per line")

    q = add_command(gsub, "remove", help="remove an imported source",
                    example="conflictmap gazetteer remove geonames-sy", formatter=formatter, func=remove_command)
    q.add_argument("name", help="source name as shown by 'gazetteer sources'")


def _report(manifest, replaced: bool) -> None:
    verb = "replaced" if replaced else "imported"
    print(f"{verb} {manifest.name}: {manifest.rows} places ({manifest.format}) from {manifest.origin}")


def import_command(args: argparse.Namespace) -> int:
    from gazetteer.sources.imported import import_file

    countries = [c.strip().upper() for c in args.countries.split(",") if c.strip()] if args.countries else None
    _report(*import_file(args.file, args.format, name=args.name, countries=countries))
    return 0


def fetch_command(args: argparse.Namespace) -> int:
    from gazetteer.fetch import fetch_geonames

    for manifest, replaced in fetch_geonames(args.countries, url=args.url, force=args.force):
        _report(manifest, replaced)
    return 0


def describe_sources() -> list[dict]:
    """Name, kind, rows in the index, fingerprint and path of every source in the default stack."""
    from gazetteer import load_gazetteer
    from gazetteer.sources.registry import default_sources
    from gazetteer.sources.imported import ImportedSource

    rows = Counter(p.source for p in load_gazetteer().index.places)
    out = []
    for src in default_sources():
        if isinstance(src, ImportedSource):
            kind, path = f"imported {src.manifest.format}", src.folder
        else:
            kind = "embedded" if src.name == "embedded" else "curated"
            path = getattr(src, "path", None)
            if path is None and src.name == "embedded":
                from gazetteer.sources.embedded import _cities_path

                path = _cities_path()
        out.append({"name": src.name, "kind": kind, "rows": rows.get(src.name, 0), "fingerprint": src.fingerprint(),
                    "path": str(path or "")})
    return out


def sources_command(args: argparse.Namespace) -> int:
    infos = describe_sources()
    if args.json:
        for info in infos:
            print(json.dumps(info, ensure_ascii=False))
        return 0
    width = max(len(i["name"]) for i in infos)
    for i in infos:
        print(f"{i['name']:<{width}}  {i['kind']:<18} {i['rows']:>7} rows  {i['fingerprint'][:24]:<24}  {i['path']}")
    return 0


def remove_command(args: argparse.Namespace) -> int:
    from gazetteer.sources.imported import remove_imported

    folder = remove_imported(args.name)
    print(f"removed {args.name} ({folder})")
    return 0
