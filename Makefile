# Digitaliseringsportalen: `make run` and `make test` each set up everything they need on their own.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SYSTEM_PACKAGES := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core xmlsec1

.PHONY: help install system-deps run test test-fast bench lint check-deploy backup restore clean

help:
	@echo "make run    installer, migrer, indlæs Norddjurs-demoen og start på http://$(HOST):$(PORT)"
	@echo "make test   hele testsuiten"
	@echo "make bench  benchmarktabel (servertid og antal forespørgsler)"
	@echo "make lint   ruff and lint-imports"
	@echo "make backup sikkerhedskopi af databasen og de genererede filer til var/backups/"
	@echo "make restore BACKUP=<mappe>  gendan en sikkerhedskopi (erstatter alle nuværende data)"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Chromium (browser tests), poppler (pdftotext) and Pango (WeasyPrint) come from Debian. Installed when
# missing and we may; otherwise the tests that need them say so and skip (never under CI=true).
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installerer systempakker:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Mangler systempakker:$$missing (installér dem med apt-get; de tests, der kræver dem, springes over)"; fi; \
	fi

run: install system-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Digitaliseringsportalen kører på http://$(HOST):$(PORT)/ - log ind som f.eks. projektleder / demo"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install system-deps
	$(VENV)/bin/pytest

bench: install
	$(PY) -m tests.perf.bench
	$(PY) -m tests.perf.load

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check-deploy: install
	PORTAL_ENVIRONMENT=production DEBUG=0 ALLOWED_HOSTS=portal.example.dk \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DATABASE_URL=postgres://portal@127.0.0.1:5432/portal \
	$(PY) manage.py check --deploy --fail-level WARNING

backup: install
	$(PY) manage.py backup

# Without BACKUP the command itself refuses, in Danish and with a non-zero exit.
restore: install
	$(PY) manage.py restore $(if $(BACKUP),"$(BACKUP)")

clean:
	rm -rf $(VENV) node_modules staticfiles var/bench
