#!/bin/sh
# Install the dev requirements (Debian/Ubuntu) and run the whole test suite, offscreen.
set -eu
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  # poppler-utils: pdftoppm for the PDF tests; binutils (objdump) and libpython3.11 (the shared
  # Python library): PyInstaller needs both (tests/test_build.py); libreoffice-calc-nogui:
  # soffice renders exported xlsx to PDF as an officer's LibreOffice would (test_xlsx_print.py)
  # shellcheck disable=SC2046  # one package name per word
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv poppler-utils binutils \
    libpython3.11 libreoffice-calc-nogui \
    $(sed 's/#.*//' scripts/debian-packages.txt) >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements-dev.txt
# the `ykt` command and `python -m ykt_desktop` from any folder (editable: resources/ stay here)
.venv/bin/python -m pip install -q --no-deps -e .
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -n 2 "$@"
