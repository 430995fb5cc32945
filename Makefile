# Arkivar: the two set-up commands are `make run` and `make test` (see README.md).
# Every target first runs scripts/install.sh, which installs what is missing
# (uv, Debian packages) and syncs .venv from uv.lock.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# uv: use the lock file as it is, and never download a Python build.
export UV_FROZEN := 1
export UV_PYTHON_DOWNLOADS ?= never

PG_URL ?= postgres://postgres@127.0.0.1:5432/arkivar
PYTEST_WORKERS ?= 2
export PYTEST_WORKERS
# Only the folders that exist (tests/ and bench/ may not yet).
LINT_PATHS := $(wildcard src tests bench)

.PHONY: help install run dev test test-pg lint types django-check migrations-check check bench screenshots

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

install: ## Install uv, Debian packages and the Python environment (uv sync --frozen)
	@bash scripts/install.sh

run: install ## Migrate, demo data, static files; worker + gunicorn on http://127.0.0.1:8000/
	@bash scripts/run.sh

dev: install ## Django's runserver with ARKIVAR_DEBUG=1 on http://127.0.0.1:8000/
	@source scripts/env.sh && load_dotenv .env && \
	export ARKIVAR_DEBUG=1 && \
	uv run arkivar migrate --noinput && \
	uv run arkivar demo --hvis-tom && \
	uv run arkivar runserver 127.0.0.1:8000

test: install ## The whole test suite on SQLite (pytest -n 2)
	@bash scripts/test.sh $(PYTEST_ARGS)

test-pg: install ## The whole test suite on PostgreSQL (127.0.0.1:5432)
	@bash scripts/start-postgres.sh
	@ARKIVAR_DATABASE_URL='$(PG_URL)' bash scripts/test.sh $(PYTEST_ARGS)

lint: install ## ruff check + ruff format --check
	uv run ruff check $(LINT_PATHS)
	uv run ruff format --check $(LINT_PATHS)

types: install ## mypy src
	uv run mypy src

django-check: install
	uv run arkivar check

migrations-check: install
	uv run arkivar makemigrations --check --dry-run

check: ## lint + types + arkivar check + makemigrations --check + test
	$(MAKE) lint
	$(MAKE) types
	$(MAKE) django-check
	$(MAKE) migrations-check
	$(MAKE) test

bench: install ## Performance measurements (python -m bench, bench.sok, bench.inntak, bench.api, bench.sider, bench.uttrekk)
	uv run python -m bench
	uv run python -m bench.sok
	uv run python -m bench.inntak
	uv run python -m bench.api
	uv run python -m bench.sider
	uv run python -m bench.sider --motor postgresql
	uv run python -m bench.uttrekk

screenshots: install ## PNGs of the main pages in docs/screenshots/ (seeded demo, headless chromium)
	@bash scripts/skjermbilder.sh
