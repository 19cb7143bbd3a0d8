#!/usr/bin/env bash
# Install, then run the main job on examples/: an event store, a GeoJSON file and an offline HTML map in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
rm -f out/examples.gpkg
.venv/bin/conflictmap ingest examples/articles --meta examples/meta.jsonl --db out/examples.gpkg
.venv/bin/conflictmap export --db out/examples.gpkg --what events --format geojson -o out/events.geojson
.venv/bin/conflictmap map --db out/examples.gpkg --offline -o out/map.html --geojson out/map-data.geojson
echo "events GeoJSON: $(pwd)/out/events.geojson"
echo "map:            $(pwd)/out/map.html"
