#!/usr/bin/env bash
# Install everything (dev extras, Debian's Chromium when missing), then lint and run the whole
# test suite: domain, migrations, services, and the real app in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

install_venv "[dev]"
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi

ruff format --check .
ruff check .
status=0
python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest n'a exécuté aucun test : c'est un échec." >&2
  exit 1
fi
exit "$status"
