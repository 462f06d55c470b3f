# CORE Portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help demo demo-debug test test-browser lint browser bench bench-search bench-relevance bench-follow-up bench-hsds bench-matching bench-casework bench-reports bench-load clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

demo: $(VENV)/.runtime ## Install, migrate, load demo content and serve http://127.0.0.1:8000 (SQLite), as residents will see it
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Open http://127.0.0.1:$(PORT)/ — staff sign in at http://127.0.0.1:$(PORT)/admin/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

demo-debug: ## The demo with Django's debug pages, for a developer (DEBUG=true)
	DEBUG=true $(MAKE) demo

browser: node_modules/.installed ## Chromium (Debian's package) and axe-core (npm) for the browser tests
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: $(VENV)/.dev ## ruff, and a check that no model change lacks a migration
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=portal.settings.test

test: $(VENV)/.dev browser lint ## The whole suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	bash .ci/with-elasticsearch.sh $(BIN)/pytest

test-browser: $(VENV)/.dev browser ## Only the tests in Chromium (journeys, accessibility); screenshots in screenshots/
	bash .ci/with-elasticsearch.sh $(BIN)/pytest -m browser

bench: $(VENV)/.dev ## Page load against gunicorn with PostgreSQL and Redis (bench/pages.py)
	bash bench/run.sh bench/pages.py

bench-search: $(VENV)/.dev ## Search backends at 10,000 and 100,000 resources, on SQLite and on PostgreSQL with Redis, also while publishing (bench/search.py)
	bash bench/run-search.sh

bench-relevance: $(VENV)/.dev ## Judged questions and crisis sets on both backends, with PostgreSQL (bench/relevance.py)
	bash bench/run-relevance.sh

bench-follow-up: $(VENV)/.dev ## Follow-up form submissions against gunicorn, PostgreSQL and Redis (bench/follow_up.py)
	bash bench/run.sh bench/follow_up.py

bench-hsds: $(VENV)/.dev ## HSDS import of 10,000 services, export and the API, with PostgreSQL and Redis (bench/hsds.py)
	bash bench/run.sh bench/hsds.py

bench-matching: $(VENV)/.dev ## Repeat-encounter detection on hand-labelled pairs of people: precision, recall, time per call (bench/matching.py)
	$(BIN)/python bench/matching.py

bench-casework: $(VENV)/.dev ## Casework admin pages (lists, timeline, name search, triage) at 50,000 people against gunicorn, PostgreSQL and Redis (bench/casework.py)
	bash bench/run-casework.sh

bench-reports: $(VENV)/.dev ## Monthly activity report, its XLSX/CSV exports and the retention purge over 3 years of casework (60,000 referrals) against gunicorn, PostgreSQL and Redis (bench/reports.py)
	bash bench/run-reports.sh

bench-load: $(VENV)/.dev ## 200 public clients and 2 clinicians for 60 s (search, resource pages, HSDS API, follow-up form, back office) against gunicorn, PostgreSQL, Redis and Elasticsearch: errors, lost submissions, p50/p95/p99 (bench/load.py)
	bash bench/run-load.sh

clean: ## Remove the virtualenv, database and collected static files
	rm -rf $(VENV) db.sqlite3 static
