# Testigo — build, test and demo tasks. Every target installs what it needs and is safe to re-run.
#   make venv | locale | demo | lint | test | bench | clean
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
# One shell per recipe, so recipes can be written as plain scripts.
.ONESHELL:
.DEFAULT_GOAL := help

VENV     := .venv
PY       := $(CURDIR)/$(VENV)/bin/python
STAMP    := $(VENV)/.installed-stamp
# -P: keep the working directory off sys.path (src/testigo/statistics would shadow the stdlib's).
DJANGO   := DJANGO_SETTINGS_MODULE=testigo.settings $(PY) -P -m django
# Extra arguments: make demo DEMO_ARGS='…', make test PYTEST_ARGS='-k foo', make bench BENCH_ARGS='…'
DEMO_ARGS   ?=
PYTEST_ARGS ?=
BENCH_ARGS  ?=
PYTEST   := $(VENV)/bin/pytest -p xdist -n 2 -q $(PYTEST_ARGS)
LINT_DIRS = $(wildcard src tests bench)
# apt-get as root, or through sudo otherwise.
APT      := $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: help venv locale demo lint test bench bench-imports bench-statistics bench-linkage clean

# help: list the targets.
help:
	@echo "make venv    create .venv (Python >= 3.12) and install testigo[test] in editable mode"
	echo "make locale  compile the translations (src/testigo/locale)"
	echo "make demo    build the demo database and serve it on http://127.0.0.1:8000 (DEMO_ARGS=…)"
	echo "make lint    ruff check"
	echo "make test    lint, migrations check, tests on SQLite, then on a throwaway PostgreSQL"
	echo "make bench   run bench/run.py (BENCH_ARGS=…)"
	echo "make clean   remove .venv, data/ and caches"

# venv: (re)create .venv if missing or broken; reinstall when pyproject.toml changed.
venv:
	@if ! "$(PY)" -c 'import sys, pip; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then
	  python="$$(bash scripts/find-python)"
	  echo "== creating $(VENV) with $$python"
	  rm -rf $(VENV)
	  "$$python" -m venv $(VENV)
	fi
	if [ ! -f $(STAMP) ] || [ pyproject.toml -nt $(STAMP) ]; then
	  echo "== installing testigo[test] into $(VENV)"
	  "$(PY)" -m pip install --quiet --upgrade pip
	  "$(PY)" -m pip install -e '.[test]'
	  touch $(STAMP)
	else
	  echo "== $(VENV) is up to date"
	fi

# locale: compile our .po catalogues to .mo (installs GNU gettext if msgfmt is missing).
locale: venv
	@if ! compgen -G 'src/testigo/locale/*/LC_MESSAGES/*.po' >/dev/null; then
	  echo "== no translation catalogues yet; nothing to compile"
	  exit 0
	fi
	if ! command -v msgfmt >/dev/null; then
	  echo "== installing gettext (msgfmt)"
	  $(APT) update
	  $(APT) install -y gettext
	fi
	echo "== compiling translations"
	cd src/testigo && $(DJANGO) compilemessages

# demo: build the demo database and serve it on 127.0.0.1:8000.
demo: venv locale
	$(VENV)/bin/testigo demo $(DEMO_ARGS)

# lint: static checks (ruff format --check to be added once the code settles).
lint: venv
	@echo "== ruff check"
	$(VENV)/bin/ruff check $(LINT_DIRS)

# test: lint, migrations up to date, then the test suite on SQLite and on PostgreSQL.
test: venv locale lint
	@echo "== migrations check"
	# A pure code check: an in-memory database, so it needs no data/ folder nor a server.
	DATABASE_URL=sqlite://:memory: $(DJANGO) makemigrations --check --dry-run
	# Browser tests (tests/browser) drive Debian's Chromium: Playwright cannot download its own.
	# The PDF report test turns pages into images with pdftoppm (poppler-utils);
	# WeasyPrint needs Pango (present on Debian images) and is faster with HarfBuzz's subsetter.
	missing=""
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
	ldconfig -p | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"
	if [ -n "$$missing" ]; then
	  echo "== installing$$missing (browser and PDF tests)"
	  $(APT) update -qq
	  $(APT) install -y -qq $$missing >/dev/null
	fi
	echo "== tests on SQLite"
	env -u DATABASE_URL $(PYTEST)
	echo "== tests on PostgreSQL"
	bash scripts/with-postgres $(PYTEST)

# bench: run the benchmarks.
bench: venv
	$(PY) bench/run.py $(BENCH_ARGS)

# bench-imports: a 1,000,000-row intake spreadsheet into SQLite and PostgreSQL, beside a bare
# executemany (BENCH_ARGS='--rows 100000' for a quicker run).
bench-imports: venv
	$(PY) bench/imports.py $(BENCH_ARGS)
	scripts/with-postgres $(PY) bench/imports.py $(BENCH_ARGS)

# bench-statistics: the dashboard's queries over 1,000,000 acts and 200,000 intakes, beside DuckDB.
bench-statistics: venv
	$(PY) bench/dashboard_queries.py $(BENCH_ARGS)

# bench-linkage: link 1,000,000 synthetic person records (BENCH_ARGS='--records 100000').
bench-linkage: venv
	$(PY) bench/linkage.py $(BENCH_ARGS)

# clean: remove the virtualenv, generated data and caches.
clean:
	rm -rf $(VENV) data/ build/ dist/ .pytest_cache/ .ruff_cache/
	find src tests bench -depth \( -name __pycache__ -o -name '*.egg-info' \) \
	  -exec rm -rf {} + 2>/dev/null || true
