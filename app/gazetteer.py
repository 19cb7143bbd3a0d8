"""CLI commands owned by the gazetteer: gazetteer lookup (here) and import|fetch|sources|remove (app/gazetteer_manage.py)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Iterable

from app import gazetteer_manage as manage
from app.common import add_command
from core.errors import UsageError
from gazetteer.model import Candidate, Place

# The handlers below import the packages they run inside themselves: cli.py builds every command's parser at
# start-up and `--help` must stay fast, so this module imports at its top only what the parsers need.


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "gazetteer", help="look up Arabic place names; import or list gazetteer sources",
                    example="conflictmap gazetteer lookup الرقة التنف", formatter=formatter)
    gsub = p.add_subparsers(dest="gazetteer_command", metavar="SUBCOMMAND", required=True)
    register_lookup(gsub, formatter)
    manage.register(gsub, formatter)  # import, fetch, sources, remove


def register_lookup(gsub: argparse._SubParsersAction, formatter: type) -> None:
    q = add_command(gsub, "lookup", help="ranked candidates for place names (exit 1 if a name has none)",
                    example="conflictmap gazetteer lookup الرقة\n  conflictmap gazetteer lookup المنصورة --context \"قرب الطبقة في ريف الرقة\"\n  printf 'الرقة\\nالتنف\\n' | conflictmap gazetteer lookup - --json",
                    formatter=formatter, func=lookup_command)
    q.add_argument("names", nargs="+", metavar="NAME", help="Arabic place names; '-' reads one name per line from stdin")
    q.add_argument("--json", action="store_true",
                   help="one JSON object per query per line, with status resolved | ambiguous | unresolved")
    q.add_argument("--context", default="", metavar="TEXT",
                   help="a sentence around the names: its places (and region phrases such as ريف حلب الشمالي) "
                        "decide among namesakes; the answer without it is shown for comparison")
    q.add_argument("--limit", type=int, default=5, help="candidates per name")
    q.add_argument("--countries", default=None,
                   help="comma-separated ISO codes to load (default SY,IQ,TR,LB,JO)")
    q.add_argument("--online", nargs="?", const="nominatim", default=None, metavar="SERVICE",
                   help="ask an online geocoder (nominatim | geonames) for names the offline gazetteer lacks; "
                        "off by default, rate-limited, answers cached on disk")
    q.add_argument("--online-url", default=None, metavar="URL",
                   help="base URL of the online service (default: its public server), e.g. http://127.0.0.1:8080")


def _queries(names: list[str]) -> Iterable[str]:
    for name in names:
        if name == "-":
            yield from (line.strip() for line in sys.stdin if line.strip())
        else:
            yield name


def candidate_json(c: Candidate) -> dict:
    p = c.place
    return {"id": p.id, "pcode": p.pcode, "name_ar": p.name_ar, "name_en": p.name_en, "lat": p.lat, "lon": p.lon,
            "kind": p.kind, **p.admin_chain(), "country": p.country, "score": c.score, "why": list(c.why)}


def _chain_text(p: Place) -> str:
    """"حلب › منبج › أبو قلقل (SY02 › SY0205 › SY020501)", Arabic names from the admin table."""
    from gazetteer.admin import arabic_name

    codes = [c for c in (p.admin1_code, p.admin2_code, p.admin3_code) if c]
    if not codes:
        return p.admin1 or "-"
    names = " › ".join(arabic_name(c) or c for c in codes)
    return f"{names} ({' › '.join(codes)})"


def _text(query: str, status: str, cands: list[Candidate]) -> str:
    if not cands:
        return f"{query}: no place found (unresolved)"
    lines = [f"{query}: {status}"]
    for i, c in enumerate(cands, 1):
        p = c.place
        pcode = f" P-code {p.pcode}" if p.pcode else ""
        lines.append(f"  {i}. {p.name_ar} ({p.name_en}) [{p.id}]{pcode} {p.kind}, {p.country}"
                     f"  {p.lat:.4f},{p.lon:.4f}  score {c.score:.2f}\n"
                     f"     admin: {_chain_text(p)}\n     why: {'; '.join(c.why)}")
    return "\n".join(lines)


def _answer(gaz, online, query: str, args: argparse.Namespace, context: tuple) -> dict:
    """One query: status and candidates, with the context (if any) and without it for comparison."""
    from gazetteer.resolve import decide

    status, cands = gaz.resolve(query, context=context, limit=args.limit)
    if not cands and online is not None:  # only names the offline gazetteer cannot place leave the machine
        cands = online.lookup(query, limit=args.limit)
        status = decide(cands)
    out = {"query": query, "status": status, "candidates": cands}
    if args.context:
        bare = gaz.lookup(query, limit=args.limit)
        out["without_context"] = (decide(bare), bare)
    return out


def _online(args: argparse.Namespace):
    """The online fallback asked for with --online (or $CONFLICTMAP_ONLINE), else None."""
    import os
    from urllib.parse import urlparse

    from gazetteer.sources.online import OnlineFallback

    if args.online is None:
        return OnlineFallback.from_env() if not args.online_url else None
    domain, scheme = None, "https"
    if args.online_url:
        url = urlparse(args.online_url)
        if url.scheme not in ("http", "https") or not url.netloc:
            raise UsageError(f"--online-url needs a URL like https://nominatim.example.org, not {args.online_url!r}")
        domain, scheme = url.netloc + url.path.rstrip("/"), url.scheme
    return OnlineFallback(args.online.lower(), domain=domain, scheme=scheme,
                          username=os.environ.get("CONFLICTMAP_GEONAMES_USER"))


def lookup_command(args: argparse.Namespace) -> int:
    from gazetteer import load_gazetteer

    if args.limit < 1:
        raise UsageError("--limit must be at least 1, e.g. --limit 5")
    countries = [c.strip().upper() for c in args.countries.split(",") if c.strip()] if args.countries else None
    gaz = load_gazetteer(countries)
    online = _online(args)
    context = gaz.context_places(args.context) if args.context else ()
    if args.context and not args.json:
        print("context places: " + ("، ".join(f"{p.name_ar} [{p.id}]" for p in context) or "none found"))
    missing = 0
    for query in _queries(args.names):
        a = _answer(gaz, online, query, args, context)
        missing += not a["candidates"]
        if args.json:
            record = {"query": query, "status": a["status"], "candidates": [candidate_json(c) for c in a["candidates"]]}
            if args.context:
                status, bare = a["without_context"]
                record["context_places"] = [p.id for p in context]
                record["without_context"] = {"status": status, "best": bare[0].place.id if bare else None}
            print(json.dumps(record, ensure_ascii=False))
            continue
        print(_text(query, a["status"], a["candidates"]))
        if args.context:
            status, bare = a["without_context"]
            best = f"{bare[0].place.name_ar} [{bare[0].place.id}] score {bare[0].score:.2f}" if bare else "nothing"
            print(f"  without the context: {status}, best {best}")
    return 1 if missing else 0
