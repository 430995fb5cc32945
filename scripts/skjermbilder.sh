#!/usr/bin/env bash
# `make screenshots`: a throwaway SQLite database with a small, seeded demo (the same data every
# time), the production server on a free local port, and PNGs of the main pages written to
# docs/screenshots/ by demo.skjermbilder. Expects scripts/install.sh to have run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_FROZEN=1

data=$(mktemp -d)
port=$(uv run python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ARKIVAR_DATA_DIR="$data" ARKIVAR_DATABASE_URL="" ARKIVAR_DEBUG=0
export ARKIVAR_ALLOWED_HOSTS="127.0.0.1"
server_pid=""
stop() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$data"
}
trap stop EXIT

uv run arkivar migrate --noinput >/dev/null
uv run arkivar collectstatic --noinput >/dev/null
uv run arkivar demo --saker 300 >/dev/null
uv run arkivar uttrekk kontroller >/dev/null
uv run gunicorn config.wsgi --pythonpath src -b "127.0.0.1:$port" -w 2 --log-level warning &
server_pid=$!
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/logg-inn/" && break
    sleep 0.5
done
uv run python -m demo.skjermbilder --url "http://127.0.0.1:$port" --ut docs/screenshots
