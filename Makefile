# One entry point for people and CI. `make run` sets up and serves the demo; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
VENDOR := pcn/static/vendor

.PHONY: run serve setup install assets demo test test-fast check fix benchmark fuzz-figures clean

# The server and one task worker (rota solves run in the worker); Ctrl-C stops both.
run: setup demo
	bash -c 'trap "kill 0" EXIT; $(PY) manage.py db_worker --interval 0.5 & $(PY) manage.py runserver 127.0.0.1:8000'

# Production (README § Run it in production): gunicorn and one task worker with production
# settings, behind a proxy that ends TLS. SECRET_KEY and ALLOWED_HOSTS are required; set
# DATABASE_URL for PostgreSQL. Each start migrates, loads any new NHS files and collects the
# static files (hashed names); Ctrl-C stops both processes.
BIND ?= 127.0.0.1:8000
PRODUCTION := DJANGO_SETTINGS_MODULE=pcn.config.settings.production
serve: install assets
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY to a long random secret (see the README's configuration section)." >&2; exit 2; }
	@test -n "$$ALLOWED_HOSTS" || { echo "make serve: set ALLOWED_HOSTS to the host names people use, comma-separated (see the README)." >&2; exit 2; }
	$(PRODUCTION) $(PY) manage.py migrate --no-input
	$(PRODUCTION) $(PY) manage.py load_reference
	$(PRODUCTION) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(PRODUCTION) $(PY) manage.py check --deploy --fail-level WARNING
	$(PRODUCTION) bash -c 'trap "kill 0" EXIT; $(PY) manage.py db_worker & $(BIN)/gunicorn pcn.config.wsgi --bind $(BIND) --access-logfile -'

setup: install assets
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_reference

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Front-end files come from npm (versions pinned by package-lock.json) into static/vendor.
# The NHS stylesheet is built from the package's Sass without its web fonts, which live on an
# NHS host (pcn/styles/nhsuk.scss says why); the script keeps its source map beside it, which
# the hashed static files follow.
assets: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/nhsuk $(VENDOR)/htmx $(VENDOR)/axe
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules pcn/styles/nhsuk.scss $(VENDOR)/nhsuk/nhsuk-frontend.min.css
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js.map $(VENDOR)/nhsuk/
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets $(VENDOR)/nhsuk/assets
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/

demo:
	$(PY) manage.py demo

# Tests run on every core (at most four workers, each building the shared test world once);
# the browser journeys run together on one worker, beside the rest.
PYTEST_PARALLEL := -n auto --maxprocesses 4 --dist loadgroup

# Every test: unit, integration and browser, on SQLite, or on PostgreSQL when DATABASE_URL is
# set (CI runs both).
test: install assets
	$(BIN)/pytest $(PYTEST_PARALLEL)

# Everything but the browser journeys: the development loop.
test-fast: install assets
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser"

# The fuzz suite (tests/fuzz, part of `make test`) once more, its figures into docs/benchmarks.md.
fuzz-figures: install assets
	mkdir -p test-results && rm -f test-results/fuzz.jsonl
	-PCN_FUZZ_FIGURES=test-results/fuzz.jsonl $(BIN)/pytest $(PYTEST_PARALLEL) tests/fuzz
	$(PY) -m tests.fuzz.figures test-results/fuzz.jsonl

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint pcn --lint
	$(PY) manage.py makemigrations --check --dry-run

fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The production setup under load (the last) runs on PostgreSQL, on a database of its own.
benchmark: setup
	$(PY) manage.py benchmark_load
	$(PY) manage.py benchmark_pages
	$(PY) manage.py benchmark_workforce
	$(PY) manage.py benchmark_allocation
	$(PY) manage.py benchmark_rota
	$(PY) manage.py benchmark_money
	$(PY) manage.py benchmark_england
	$(PY) manage.py benchmark_icb
	$(PY) manage.py benchmark_planner
	DATABASE_URL=$${PCN_LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pcn_load} $(PY) manage.py benchmark_production_load

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles data/*.sqlite3*
