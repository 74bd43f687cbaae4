# cp14: the two commands are `make serve` and `make test`.
# Everything they need is installed here: a virtual environment in .venv (from
# PyPI, every file checked against its sha256 in requirements-lock.txt), npm
# packages in node_modules (pinned by package-lock.json, with their integrity
# hashes) and, for browser tests, Debian's chromium.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Every Python package the build and the tests install, with its sha256 (make lock).
LOCK ?= requirements-lock.txt
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Browser tests and the benchmark use this Chromium (Debian's by default).
CP14_CHROMIUM ?= /usr/bin/chromium
export CP14_CHROMIUM
# Which system this is (Debian or Ubuntu decides how `make chromium` gets a browser).
OS_RELEASE ?= /etc/os-release

.PHONY: help setup lock serve site site-zensical test lint pytest compat chromium bench clean

help:
	@echo "make serve   build the site (with the in-browser tool) and serve it at http://127.0.0.1:$(PORT)/cp14/"
	@echo "make test    install what the tests need, then run every test"
	@echo "make bench   measure the tool pages in headless Chromium on three network links"

# The message catalogs, compiled (.po -> .mo) for the CLI and the tests; the wheel's
# build hook (hatch_build.py) does the same for every wheel.
CATALOGS := $(wildcard src/cp14/locale/*/LC_MESSAGES/*.po hooks/locale/*/LC_MESSAGES/*.po)
MO := $(CATALOGS:.po=.mo)

setup: $(VENV)/.stamp node_modules/.stamp $(MO)

$(MO) &: $(CATALOGS) hatch_build.py $(VENV)/.stamp
	$(PY) scripts/catalogs.py compile >/dev/null

$(VENV)/.stamp: pyproject.toml $(LOCK) scripts/find-python scripts/install-locked
	@PYTHON_BIN=$${PYTHON:-$$(scripts/find-python)} || exit 1; \
	  echo "Using $$PYTHON_BIN ($$($$PYTHON_BIN --version))"; \
	  [ -x $(PY) ] || $$PYTHON_BIN -m venv $(VENV)
	scripts/install-locked $(PY) $(LOCK)
	@touch $@

# Regenerate the lock from requirements-dev.txt and pyproject.toml (README, "Changing a
# pinned version"). uv resolves once for every Python >= 3.12 (--universal keeps the
# markers), from wheels only, and records the sha256 of every file of each version.
# Versions already in the lock are kept unless an input asks for another; to move
# every package to its newest release: make lock LOCK_ARGS=--upgrade
lock: setup
	$(VENV)/bin/uv --no-python-downloads pip compile --quiet --universal --python-version 3.12 \
	  --no-build --generate-hashes --extra calendar --custom-compile-command "make lock" \
	  $(LOCK_ARGS) requirements-dev.txt pyproject.toml -o $(LOCK)

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# On Debian, installs Debian's chromium when CP14_CHROMIUM is missing. On Ubuntu, apt's
# chromium only installs the Chromium snap, which does not run in a container, so it
# stops and says what to do instead (README, "Ubuntu").
chromium:
	@if [ -x "$(CP14_CHROMIUM)" ]; then echo "chromium: $$($(CP14_CHROMIUM) --version 2>/dev/null)"; \
	elif grep -qs '^ID=ubuntu$$' $(OS_RELEASE); then \
	  echo "No Chromium at $(CP14_CHROMIUM). On Ubuntu, apt's chromium package only installs the Chromium snap, which does not run in a container." >&2; \
	  echo "Set CP14_CHROMIUM to a Chromium or Chrome that is a real program, for example: make test CP14_CHROMIUM=/usr/bin/google-chrome-stable (see README, Ubuntu)." >&2; \
	  exit 1; \
	else $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null && /usr/bin/chromium --version; fi

# The Spanish site (mkdocs.es.yml, into site/es/) is a second build into the first
# one's folder: English first (it empties site/), then Spanish, at SITE_URL + es/.
# Each build's step (hooks/finish.py) finishes what it wrote, as part of the whole site.
SITE_URL_ES := $(if $(SITE_URL),$(patsubst %/,%,$(SITE_URL))/es/)
site: setup
	$(PY) -m mkdocs build --strict
	$(if $(SITE_URL_ES),SITE_URL_ES=$(SITE_URL_ES)) $(PY) -m mkdocs build --strict -f mkdocs.es.yml

# The same site built by Zensical (Material's successor), which runs no MkDocs hooks,
# then finished by the site's own step (hooks/finish.py), which MkDocs runs as a hook.
site-zensical: setup
	$(PY) -m zensical build --clean
	$(if $(SITE_URL_ES),SITE_URL_ES=$(SITE_URL_ES)) $(PY) -m zensical build --clean -f mkdocs.es.yml
	$(PY) hooks/finish.py site

serve: site
	$(PY) scripts/serve.py --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check src tests scripts hooks bench hatch_build.py
	$(VENV)/bin/ruff format --check src tests scripts hooks bench hatch_build.py

pytest: setup chromium site
	$(PY) -m pytest

# The core's tests again on every other Python >= 3.12 found (the browser runs 3.14 via
# Pyodide in tests/pyodide), so a version-specific break shows up here.
compat: setup
	@main=$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	for py in $$(scripts/find-python --all); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  [ "$$v" = "$$main" ] && continue; \
	  env=.venv-compat/$$v; echo "== core tests on Python $$v"; \
	  [ -x $$env/bin/python ] || $$py -m venv $$env || exit 1; \
	  if [ ! $$env/.stamp -nt $(LOCK) ] || [ ! $$env/.stamp -nt pyproject.toml ]; then \
	    scripts/install-locked $$env/bin/python $(LOCK) && touch $$env/.stamp || exit 1; fi; \
	  $$env/bin/python -m pytest -q -p no:cacheprovider tests/test_*.py || exit 1; \
	done

test: lint pytest compat

bench: setup chromium site
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site build dist .pytest_cache .ruff_cache
