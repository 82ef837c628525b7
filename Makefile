# Педсеть. `make run` — the site with demo data; `make test` — the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# -n: two workers for two cores; browser tests and the PostgreSQL checks run in them too.
PYTEST_ARGS ?= -n 2

.PHONY: run test setup lint format messages clean demo

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	@# (the filter hides pip's notes about local mirror folders this machine's pip.conf names)
	set -o pipefail; $(PY) -m pip install -q --disable-pip-version-check --require-hashes \
		-r requirements.lock 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
	@touch $@

pedset/locale/ru/LC_MESSAGES/django.mo: $(VENV)/.installed $(shell find pedset -name django.po)
	$(PY) manage.py compilemessages --ignore=.venv -v0
	@touch $@

setup: $(VENV)/.installed pedset/locale/ru/LC_MESSAGES/django.mo
	@mkdir -p var
	@scripts/ensure-pdf-libs

demo: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  Педсеть: http://$(HOST):$(PORT)/   (Ctrl+C — остановить)"
	@echo ""
	$(VENV)/bin/uvicorn pedset.asgi:application --host $(HOST) --port $(PORT) --no-access-log --lifespan off

test: setup
	@scripts/ensure-chromium
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
		$(PY) -m pytest $(PYTEST_ARGS) $(ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v0

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Extracts the strings of every app into its own locale/ru (one catalogue per app).
messages: setup
	cd pedset && ../$(PY) ../manage.py makemessages -l ru --no-location --ignore=*/tests/* -v0
	@for app in pedset/*/; do if [ -d $$app/locale ]; then (cd $$app && ../../$(PY) ../../manage.py makemessages -l ru --no-location -v0); fi; done

clean:
	rm -rf $(VENV) var
