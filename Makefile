# Maple Street Mart CRM Academy - the commands a newcomer needs.
#   make book   set everything up and build the HTML site into _build/html (cached, fast)
#   make test   set everything up and run every test (unit, notebooks, strict build from
#               scratch into _build/strict, browser tests on that fresh build)
#   make dist   one release archive (site, printables, checksums) in _build/dist
#   make serve  serve the built site on http://localhost:8000
#   make lab    start JupyterLab with the project's environment

SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
# uv from PATH if present; otherwise the set-up installs it with pip and runs it as a module.
UV ?= $(or $(shell command -v uv 2>/dev/null),python3 -m uv)
RUN := $(UV) run --locked
export PYTHONHASHSEED := 0
# make test builds from scratch here, so a warning fails locally exactly as in CI, whatever
# 'make book' built before (Sphinx only re-reads changed pages, and so only re-warns on them).
STRICT_OUT := _build/strict
STRICT_HTML := $(STRICT_OUT)/_build/html

.PHONY: help setup system-deps book book-strict serve lab test unit nbval site-test site-test-strict playbook-pdf dist lint bench data notebooks clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

setup: .venv/.synced node_modules/.package-lock.json system-deps  ## create the environment (uv + uv.lock, npm ci) and install system packages

.venv/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --locked
	@touch $@

# axe-core for the browser tests' accessibility checks (test-only; nothing ships in the site).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else echo "setup: npm is missing, so axe-core is not installed; the site builds without it, the browser tests need it (Debian: apt-get install npm)." >&2; fi

system-deps:  ## Debian packages: Chromium (browser tests, PDFs) and CJK fonts (figures)
	@bash scripts/system-deps.sh

book: setup  ## build the HTML site into _build/html
	$(RUN) jupyter-book build . --builder html
	@echo "Open _build/html/index.html in a browser, or run 'make serve'."

book-strict: setup  ## build from scratch into _build/strict, warnings as errors (what CI checks)
	@# The notebook cache (_build/.jupyter_cache) is keyed on each page's code, not on the data
	@# or the package it calls: reusing it would hide a page that a new data set breaks. So the
	@# strict build starts without it (the next 'make book' refills it).
	rm -rf $(STRICT_OUT) _build/.jupyter_cache
	$(RUN) jupyter-book build . --path-output $(STRICT_OUT) --builder html -W -n --keep-going

serve:  ## serve the built site on localhost
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving on http://localhost:$(PORT) (Ctrl-C to stop)"
	cd _build/html && python3 -m http.server $(PORT) --bind 127.0.0.1

# The course's JupyterLab settings: a page (.md) opens as a notebook with a double-click.
lab: export JUPYTERLAB_SETTINGS_DIR = $(CURDIR)/.jupyter/lab/user-settings
lab: export JUPYTERLAB_WORKSPACES_DIR = $(CURDIR)/.jupyter/lab/workspaces
lab: setup  ## start JupyterLab with the project's environment (pages open as notebooks)
	$(RUN) jupyter lab

unit: setup  ## unit tests only
	$(RUN) pytest -m "not site" --ignore=exercises

lint: setup  ## ruff lint and format check; actionlint on the GitHub workflows
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	@if [ -x .venv/bin/actionlint ]; then $(RUN) actionlint && echo "actionlint: workflows OK"; \
	else echo "actionlint: no wheel for this platform (CI on Linux x86_64 checks the workflows)"; fi

nbval: setup  ## validate exercise notebooks against their stored outputs
	$(RUN) pytest --nbval exercises --nbval-sanitize-with tests/nbval_sanitize.cfg

site-test: setup  ## browser tests against _build/html (the site 'make book' built)
	$(RUN) pytest -m site tests/site

site-test-strict: setup  ## browser tests against the strict build in _build/strict
	STORECRM_SITE_DIR=$(STRICT_HTML) $(RUN) pytest -m site tests/site

test: setup lint  ## run every test: unit, notebooks (nbval), strict book build, browser
	$(RUN) pytest -m "not site"
	$(MAKE) --no-print-directory nbval
	$(MAKE) --no-print-directory book-strict
	$(MAKE) --no-print-directory site-test-strict

playbook-pdf: book  ## print the Playbook job aids into _build/playbook.pdf (one A4 page each)
	$(RUN) storecrm playbook pdf --site _build/html --out _build/playbook.pdf

dist: playbook-pdf  ## one release archive: site + Playbook PDF + quiz handouts + checksums
	$(RUN) storecrm dist --site _build/html --playbook _build/playbook.pdf --out _build/dist

bench: setup  ## print performance figures
	$(RUN) python benchmarks/run_all.py

data: setup  ## regenerate the committed data set bit-for-bit (seed 2026)
	$(RUN) storecrm data generate --size small --seed 2026 --out datasets/maple_street_mart --force

notebooks: setup  ## after changing the package or data: rebuild learner copies, re-run exercises
	$(RUN) storecrm exercises build
	$(RUN) storecrm exercises execute

clean:  ## remove the build output (keeps the environment)
	rm -rf _build
