#!/usr/bin/env bash
# Start Arkivar: migrate, static files, the task worker and gunicorn, and, on an
# empty database, the demo data beside them: the server answers at once while the
# 20,000 demo cases are registered through the services (several minutes).
# Expects `bash scripts/install.sh` to have run (`make run` does both).
#
# Ctrl-C (or SIGTERM) stops gunicorn, and the trap stops the worker with it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
load_dotenv .env

export UV_FROZEN=1
bind="${ARKIVAR_BIND:-127.0.0.1:8000}"
web_workers="${ARKIVAR_WEB_WORKERS:-2}"

log() { printf '==> %s\n' "$*" >&2; }

log "arkivar migrate"
uv run arkivar migrate --noinput
log "arkivar collectstatic"
uv run arkivar collectstatic --noinput
log "arkivar uttrekk planlegg (nattens kontroll av arkivuttrekkene)"
uv run arkivar uttrekk planlegg

worker_pid=""
web_pid=""
demo_pid=""
stop() {
    trap - EXIT INT TERM
    if [[ -n "$demo_pid" ]] && kill -0 "$demo_pid" 2>/dev/null; then
        log "Stopper demodata-byggingen (pid $demo_pid)"
        kill -TERM "$demo_pid" 2>/dev/null || true
        wait "$demo_pid" 2>/dev/null || true
    fi
    if [[ -n "$web_pid" ]] && kill -0 "$web_pid" 2>/dev/null; then
        kill -TERM "$web_pid" 2>/dev/null || true
        wait "$web_pid" 2>/dev/null || true
    fi
    if [[ -n "$worker_pid" ]] && kill -0 "$worker_pid" 2>/dev/null; then
        log "Stopper oppgavearbeideren (pid $worker_pid)"
        kill -TERM "$worker_pid" 2>/dev/null || true
        wait "$worker_pid" 2>/dev/null || true
    fi
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

log "Starter oppgavearbeideren (arkivar db_worker)"
uv run arkivar db_worker &
worker_pid=$!

log "Arkivar kjører på http://${bind}/  (Ctrl-C stopper)"
# gunicorn runs as a background job that we wait for, so that the traps above
# run as soon as a signal arrives rather than when gunicorn has exited.
uv run gunicorn config.wsgi --pythonpath src -b "$bind" -w "$web_workers" \
    --access-logfile - --graceful-timeout 10 --no-control-socket &
web_pid=$!

log "arkivar demo --hvis-tom (fyller en tom database mens serveren kjører)"
uv run arkivar demo --hvis-tom &
demo_pid=$!

# Stop when either process ends; keep gunicorn's exit status.
set +e
wait -n "$web_pid" "$worker_pid"
status=$?
set -e
if ! kill -0 "$worker_pid" 2>/dev/null; then
    log "Oppgavearbeideren avsluttet (status $status); stopper webserveren."
fi
exit "$status"
