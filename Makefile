# One entry point for people and CI. `make run` sets up and serves the demo; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
VENDOR := pcn/static/vendor

.PHONY: run setup install assets demo test test-fast check fix benchmark fuzz-figures clean

# The server and one task worker (rota solves run in the worker); Ctrl-C stops both.
run: setup demo
	bash -c 'trap "kill 0" EXIT; $(PY) manage.py db_worker --interval 0.5 & $(PY) manage.py runserver 127.0.0.1:8000'


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
assets: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/nhsuk $(VENDOR)/htmx $(VENDOR)/axe
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js $(VENDOR)/nhsuk/
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

benchmark: setup
	$(PY) manage.py benchmark_load
	$(PY) manage.py benchmark_pages
	$(PY) manage.py benchmark_workforce
	$(PY) manage.py benchmark_allocation
	$(PY) manage.py benchmark_rota
	$(PY) manage.py benchmark_money

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles data/*.sqlite3*
