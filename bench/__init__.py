"""Arkivar performance measurements: `make bench` (= `uv run python -m bench`).

What is measured: the rate (registrations/second) and p50/p95 latency of one full registration
through the services: a journalpost (type U) with two korrespondanseparter and one small
document (dokumentbeskrivelse + dokumentobjekt with ~2 KB of PDF-like bytes, stored durably and
hashed with SHA-256 by the real document store), in an existing saksmappe, one registration per
`logget_transaksjon()` as a UI request would make it (with the user's access profile computed
once per registration, as once per request), including its hash-chained change-log rows.

Why ratios: these machines have 2 shared cores and absolute times drift 10–15 % between runs
(docs/performance.md). Every result is therefore printed next to a *plain baseline measured in
the same run, on the same connection and durability settings*: the same rows inserted with
DB-API `INSERT` statements (registrering, 2 korrespondansepart, dokumentbeskrivelse,
dokumenttilknytning, dokumentobjekt, and as many endringslogg rows as the services wrote), plus
the same bytes written, fsynced and hashed, one registration per commit. Service and plain runs
alternate in blocks (ABBA) so that drift hits both. The claim is the ratio services/plain
(goal ≥ 1/3), never an absolute time, and never a timed test. The ratio still moves with the
load other processes put on the machine (the plain path waits on fsync, the services mostly on
the CPU), so compare runs made under similar load; `python -m bench` prints the load average.

Layout: each database engine runs in its own process (`python -m bench.koer --motor
sqlite|postgresql`) with a fresh database (a temporary folder for SQLite, the database
`arkivar_bench` on 127.0.0.1 for PostgreSQL), because Django settings are process-wide;
`python -m bench` runs both and prints the table. `python -m bench --profil 300` instead shows
where a registration through the services spends its time (bench/profil.py).
"""
