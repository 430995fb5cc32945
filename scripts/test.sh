#!/usr/bin/env bash
# Run the whole test suite with pytest (settings: config.settings_test, see
# pyproject.toml). Extra arguments go to pytest:  bash scripts/test.sh -k numbering
# PYTEST_WORKERS sets the number of xdist workers (default 2; 0 = no xdist).
# Exits non-zero on any failure, and also when pytest collected no tests (exit 5).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_FROZEN=1

workers="${PYTEST_WORKERS:-2}"
args=()
if [[ "$workers" != "0" ]]; then
    args+=(-n "$workers")
fi

if [[ -n "${ARKIVAR_DATABASE_URL:-}" ]]; then
    printf '==> pytest mot %s\n' "${ARKIVAR_DATABASE_URL%%://*}://…" >&2
else
    printf '==> pytest mot SQLite\n' >&2
fi

set +e
uv run pytest "${args[@]}" "$@"
status=$?
set -e

if ((status == 5)); then
    printf '==> FEIL: pytest fant ingen tester å kjøre (exit 5).\n' >&2
fi
exit "$status"
