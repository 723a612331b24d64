# Smart Region CMS. `make run` sets everything up and serves the site; `make test` is the quick
# check; `make test-all` runs the whole suite on SQLite and PostgreSQL and in a real browser.

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
UV := $(VENV)/bin/uv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PRODUCTION_PORT ?= 8001

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: help install run run-elasticsearch run-production serve demo test lint check pytest test-all messages \
	format clean bench-badges bench-pages bench-search

help:
	@echo "make run       install, migrate, load the demo content and serve http://$(HOST):$(PORT)"
	@echo "make run-elasticsearch  the same, searching with a local Elasticsearch node"
	@echo "make run-production  the production profile: gunicorn, worker, PostgreSQL, Redis, Elasticsearch"
	@echo "make test      quick check on SQLite: ruff, manage.py check, migrations, pytest"
	@echo "make test-all  everything: SQLite and PostgreSQL suites and the browser tests"
	@echo "make bench-badges  the badge address under load, beside a bare Django view"
	@echo "make bench-pages   every page type under load, drawn and kept, beside a bare Django view"
	@echo "make bench-search  search latency and rebuild time over 10,000 posts, both engines"
	@echo "make messages  extract translatable strings into the German .po file"
	@echo "make format    format the code with ruff"

$(UV):
	scripts/bootstrap-python $(PYTHON) $(VENV) $(UV_VERSION)

# Where PYTHONDONTWRITEBYTECODE is set, Python keeps none of the bytecode it compiles, and
# compiles the 7000 modules of .venv again in every process: some three seconds each time
# manage.py or a pytest worker starts. Compiled once here, they are read instead.
install: $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	scripts/compile-messages

demo: install
	$(MANAGE) migrate --no-input
	$(MANAGE) seal_keys create --if-missing
	$(MANAGE) load_demo_content --base-url http://$(HOST):$(PORT)
	$(MANAGE) ensure_admin --url http://$(HOST):$(PORT)/admin/

run: demo serve

# The site as `make run` serves it, its search on Elasticsearch: a single node on loopback from
# scripts/elasticsearch (a JDK 17 and Maven needed; the first start fetches the server), its
# index rebuilt from the database, stopped with the server.
run-elasticsearch: demo
	node=$$(mktemp -d) && chmod 755 $$node && \
	trap 'scripts/elasticsearch stop '$$node/es'; rm -rf '$$node EXIT INT TERM && \
	url=$$(scripts/elasticsearch start $$node/es) && \
	ELASTICSEARCH_URL=$$url $(MANAGE) search_index rebuild && \
	ELASTICSEARCH_URL=$$url $(MAKE) --no-print-directory serve

# The production profile with every service it uses, on http://localhost:$(PRODUCTION_PORT),
# all of it throwaway (scripts/run-production).
run-production: install
	scripts/run-production $(PRODUCTION_PORT)

# Beside the server, the scheduler publishes pages whose time has come, as the admin promises.
serve:
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run

# The quick suite never needs a server: SQLite only, no browser. Three processes on two cores,
# as scripts/test-all explains.
pytest: install
	env -u DATABASE_URL $(VENV)/bin/pytest -n 3 --dist loadfile -m "not browser" $(PYTEST_ARGS)

test: lint check pytest

test-all: install
	scripts/test-all

# The budgets of the design are checked by benchmarks, not by timed tests (docs/performance.md).
bench-badges: install
	bench/badges $(BENCH_ARGS)

bench-pages: install
	bench/pages $(BENCH_ARGS)

# Elasticsearch from scripts/elasticsearch, or the node at ELASTICSEARCH_URL when that is set.
bench-search: install
	bench/search $(BENCH_ARGS)

# All strings go into one German catalogue, cms/locale (LOCALE_PATHS).
messages: install
	mkdir -p cms/locale
	$(MANAGE) makemessages --locale de --add-location file --no-obsolete \
		--ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "*/migrations/*"

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var
