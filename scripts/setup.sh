#!/usr/bin/env bash
# Create .venv and install the project. `setup.sh dev` adds test tools and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  if ! "$py" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "setup: installing python3-venv (Debian)" >&2
    apt_install python3-venv || { echo "setup: run 'apt-get install python3-venv' as root, then retry" >&2; exit 1; }
    "$py" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$mode" = dev ]; then
  .venv/bin/python -m pip install -q -r requirements-dev.txt -e .
  if [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing chromium (Debian) for the browser tests" >&2
    apt_install chromium || echo "setup: could not install chromium; browser tests will be skipped (they fail under CI=true)" >&2
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
