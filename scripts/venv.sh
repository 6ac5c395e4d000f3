#!/usr/bin/env bash
# venv.sh — creates the repo's Python venv and installs the test requirements from PyPI.
set -euo pipefail
venv=$1; req=$2
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
