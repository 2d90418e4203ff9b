#!/bin/sh
# Install what the app needs (Debian/Ubuntu) and start it on a fresh demo county.
# Usage: sh scripts/start.sh [--db PATH | --demo | --demo-writable]   (default: --demo, read-only)
set -eu
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  # shellcheck disable=SC2046  # one package name per word
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv \
    $(sed 's/#.*//' scripts/debian-packages.txt) >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements.txt
# the `ykt` command and `python -m ykt_desktop` from any folder (editable: resources/ stay here)
.venv/bin/python -m pip install -q --no-deps -e .
if [ "$#" -eq 0 ]; then set -- --demo; fi
exec .venv/bin/python main.py "$@"
