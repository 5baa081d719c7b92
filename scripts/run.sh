#!/usr/bin/env bash
# Install everything, prepare the database (migrations + demo company on first start) and
# run Tréso on http://localhost:3000. DATABASE_URL overrides the default SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

install_venv ""
treso db upgrade
treso demo --if-empty
PORT="${PORT:-3000}"
exec reflex run --env prod --single-port --frontend-port "$PORT" --backend-port "$PORT"
