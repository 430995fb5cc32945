#!/usr/bin/env bash
# Make sure the local PostgreSQL answers on 127.0.0.1:5432 and that the database
# named in $1 (default: arkivar) exists. Used by `make test-pg` and .ci/run.
# Assumes Debian's packaging (pg_ctlcluster) and trust auth for postgres@127.0.0.1,
# as on the project's machines. PGPORT (default 5432) and PG_CLUSTER (default main)
# choose another cluster.
set -euo pipefail

db_name="${1:-arkivar}"
host=127.0.0.1
cluster="${PG_CLUSTER:-main}"
export PGPORT="${PGPORT:-5432}"

log() { printf '==> %s\n' "$*" >&2; }

if ! command -v pg_ctlcluster >/dev/null || [[ ! -d /etc/postgresql ]]; then
    log "PostgreSQL er ikke installert; installerer Debian-pakken postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends postgresql
fi

if ! pg_isready -q -h "$host"; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "Starter PostgreSQL $version (cluster $cluster)"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
    for _ in $(seq 1 30); do
        pg_isready -q -h "$host" && break
        sleep 1
    done
    if ! pg_isready -h "$host"; then
        log "PostgreSQL svarer ikke på $host:$PGPORT etter 30 s."
        exit 1
    fi
fi

exists="$(psql -h "$host" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$db_name'")"
if [[ "$exists" != "1" ]]; then
    log "Oppretter databasen $db_name"
    createdb -h "$host" -U postgres "$db_name"
fi
