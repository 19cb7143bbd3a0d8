#!/usr/bin/env bash
# Install everything the tests need (venv, pip packages, Debian's chromium), then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/python -m pytest "$@"
