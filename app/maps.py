"""CLI commands owned by maps/: map."""
from __future__ import annotations

import argparse
import logging

from app.common import add_command
from app.geo import add_source_options, load, parse_day

# The handlers below import the packages they run inside themselves: cli.py builds every command's parser at
# start-up and `--help` must stay fast, so this module imports at its top only what the parsers need.

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction, formatter: type) -> None:
    p = add_command(sub, "map", help="draw a layered control map (HTML): one layer per force, timeline, evidence popups",
                    example="conflictmap map --db events.gpkg --offline -o map.html --geojson drawn.geojson",
                    formatter=formatter, func=run_map)
    add_source_options(p)
    p.add_argument("--date", help="draw the fixed snapshot on this date (YYYY-MM-DD) instead of a timeline")
    p.add_argument("--offline", action="store_true",
                   help="one self-contained HTML file: Leaflet inlined, no tiles, country outlines as background")
    p.add_argument("--areas", action="store_true", help="add approximate control areas (a layer, off by default)")
    p.add_argument("--no-timeline", dest="timeline", action="store_false",
                   help="only the latest snapshot, no date slider")
    p.add_argument("-o", "--output", required=True, metavar="HTML", help="the map file to write")
    p.add_argument("--geojson", metavar="FILE", help="also write the snapshot the map opens on (GeoJSON)")


def run_map(args: argparse.Namespace) -> int:
    from maps.build import draw, save_map

    on = parse_day(args.date, "--date")
    events = load(args)
    m, shown = draw(events, on=on, offline=args.offline, areas=args.areas, timeline=args.timeline)
    save_map(m, args.output)
    print(f"wrote {args.output} ({len(shown.places)} places on {shown.date.isoformat()}"
          f"{', offline' if args.offline else ''})")
    if args.geojson:
        from geo.io import write_snapshot

        write_snapshot(args.geojson, shown, "geojson")
        print(f"wrote {args.geojson}")
    return 0
