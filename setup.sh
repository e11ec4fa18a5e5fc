#!/usr/bin/env bash
# Chiiki Atlas setup: installs everything on a fresh Debian (bookworm) + Python 3.11
# machine and builds the site into site/. Safe to run again.
#
#   Debian packages: chromium + chromium-driver (browser tests, no browser download),
#                    fonts-noto-cjk (Japanese on screen), fonts-morisawa-bizud-gothic (Japanese in
#                    PDFs: BIZ UDPGothic, TrueType with a real bold, embedded as real fonts),
#                    poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm)
#   Python packages: exactly the versions and files of requirements.txt (the lock made from
#                    pyproject.toml by ./lock.sh; pip checks every file's hash), into .venv/
#   npm packages:    exactly package-lock.json (`npm ci` checks every package's hash), into
#                    node_modules/: the browser scripts' linter and bundler (esbuild: npm run
#                    bundle; the bundles are committed, so the build needs no node). Debian's nodejs and npm are
#                    installed only when there is no npm (Node.js 18 or later is enough).
set -euo pipefail
cd "$(dirname "$0")"

apt_packages=(chromium chromium-driver fonts-noto-cjk fonts-morisawa-bizud-gothic poppler-utils)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v npm >/dev/null || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python_bin="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
# npm ci empties node_modules/ and installs the lock again: only when the lock is newer than
# what is installed (so that a second run needs no registry)
if [ ! node_modules/.package-lock.json -nt package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

.venv/bin/python -m generator build
