# cp14: the two commands are `make serve` and `make test`.
# Everything they need is installed here: a virtual environment in .venv (from
# PyPI, pinned), npm packages in node_modules (pinned by package-lock.json) and,
# for browser tests, Debian's chromium.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Browser tests and the benchmark use this Chromium (Debian's by default).
CP14_CHROMIUM ?= /usr/bin/chromium
export CP14_CHROMIUM

.PHONY: help setup serve site test lint pytest compat chromium bench clean

help:
	@echo "make serve   build the site (with the in-browser tool) and serve it at http://127.0.0.1:$(PORT)/cp14/"
	@echo "make test    install what the tests need, then run every test"
	@echo "make bench   measure the tool pages in headless Chromium on three network links"

setup: $(VENV)/.stamp node_modules/.stamp

$(VENV)/.stamp: pyproject.toml requirements-dev.txt constraints.txt scripts/find-python
	@PYTHON_BIN=$${PYTHON:-$$(scripts/find-python)} || exit 1; \
	  echo "Using $$PYTHON_BIN ($$($$PYTHON_BIN --version))"; \
	  [ -x $(PY) ] || $$PYTHON_BIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -r requirements-dev.txt -e .
	@touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

chromium:
	@if [ -x "$(CP14_CHROMIUM)" ]; then echo "chromium: $$($(CP14_CHROMIUM) --version 2>/dev/null)"; \
	else $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null && /usr/bin/chromium --version; fi

site: setup
	$(PY) -m mkdocs build --strict

serve: site
	$(PY) scripts/serve.py --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check src tests scripts hooks bench
	$(VENV)/bin/ruff format --check src tests scripts hooks bench

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
	  $$env/bin/python -m pip install --quiet -c constraints.txt -e '.[calendar]' $$(grep -E '^(pytest|hypothesis)==' requirements-dev.txt) || exit 1; \
	  $$env/bin/python -m pytest -q -p no:cacheprovider tests/test_*.py || exit 1; \
	done

test: lint pytest compat

bench: setup chromium site
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site build dist .pytest_cache .ruff_cache
