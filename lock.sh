#!/usr/bin/env bash
# Refresh requirements.txt, the locked install setup.sh uses: every package (the browser
# libraries' xstatic packages too) at one version, with the hashes of its published files,
# resolved from pyproject.toml for Python 3.11 on Linux. Run after changing a dependency in
# pyproject.toml, then run ./setup.sh and the suite; commit both files together.
# pip-tools runs from a throwaway virtual environment: it is not one of the atlas's dependencies.
#
#   ./lock.sh            keep every pin that still satisfies pyproject.toml
#   ./lock.sh --upgrade  take the newest versions pyproject.toml allows
set -euo pipefail
cd "$(dirname "$0")"
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
"${PYTHON:-python3}" -m venv "$tools"
"$tools/bin/python" -m pip install --quiet --disable-pip-version-check "pip-tools>=7.4,<8"
"$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --extra test --strip-extras \
  --no-emit-index-url --no-emit-find-links --output-file requirements.txt "$@" pyproject.toml
