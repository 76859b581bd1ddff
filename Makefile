# Two set-up commands matter: `make serve` and `make test`. Each creates .venv and installs the pinned
# dependencies itself when requirements change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material prints an end-of-life banner on every build; the project already plans for it (README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-fast golden docs lint schema bench audit clean lock browser basemap fmt new-event new-site new-source

CHROMIUM := /usr/bin/chromium
# Root installs directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The core installs as the package `timeline` (src/timeline), editable, so `timeline` is a command and
# every tool imports it with no import path set by hand. setuptools comes pinned from requirements-dev.txt.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $(STAMP)

# Pagefind, the search indexer every build runs, comes from npm (pinned in tools/pagefind/package-lock.json):
# its 1.6 release, which bundles result fragments into shared files, is not on PyPI.
PAGEFIND := tools/pagefind/node_modules/pagefind/package.json
$(PAGEFIND): tools/pagefind/package-lock.json
	npm ci --prefix tools/pagefind --no-audit --no-fund --loglevel=error
	touch $(PAGEFIND)

serve: $(STAMP) $(PAGEFIND) check
	$(BIN)/mkdocs serve

build: $(STAMP) $(PAGEFIND) check
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/timeline check data

# Lay out the data files one way (key order, quoting, indentation), keeping comments; CI runs fmt --check.
fmt: $(STAMP)
	$(BIN)/timeline fmt data

# Start a new data file: asks for what it needs, then writes a valid file to edit.
new-event: $(STAMP)
	$(BIN)/timeline new event
new-site: $(STAMP)
	$(BIN)/timeline new site
new-source: $(STAMP)
	$(BIN)/timeline new source

schema: $(STAMP)
	$(BIN)/timeline schema schema

# CONTRIBUTING.md's field reference, generated from the JSON Schemas (make test fails when it is stale).
docs: $(STAMP)
	$(BIN)/timeline fields CONTRIBUTING.md

# ruff; import-linter (the layers import one way, and the core never imports an engine); mypy --strict over
# the package (settings in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check src hooks tests tools
	$(BIN)/ruff format --check src hooks tests tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# Every layer (tests/unit, tests/e2e, tests/browser) on two workers, after the linters and the data checks; a
# module's tests stay on one worker, so that its costly fixtures (built sites) are built once.
test: $(STAMP) $(PAGEFIND) browser lint check
	$(BIN)/timeline schema schema --check
	$(BIN)/timeline fields CONTRIBUTING.md --check
	$(BIN)/timeline fmt --check data
	TIMELINE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -n 2 --dist loadscope

# The unit layer only: in-process, no subprocess, no browser; seconds, for the edit-test loop.
test-fast: $(STAMP) $(PAGEFIND)
	$(BIN)/python -m pytest -m unit -n 2 tests/unit

# Rewrite tests/golden/ from tests/data/minimal after an intended change to the output; review the diff.
golden: $(STAMP) $(PAGEFIND)
	cd tests && ../$(BIN)/python -m helpers.golden

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here), and run
# axe-core, pinned in tests/browser-tools/package-lock.json, inside the pages; the Nu Html Checker, pinned there
# too, runs on Debian's Java.
AXE := tests/browser-tools/node_modules/axe-core/axe.min.js
browser: $(AXE)
	@test -x $(CHROMIUM) -a -d /usr/share/fonts/truetype/liberation -a -x /usr/bin/java || $(SUDO) sh -c 'export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q chromium fonts-dejavu-core fonts-liberation default-jre-headless || \
		{ apt-get update -q && apt-get install -y -q chromium fonts-dejavu-core fonts-liberation default-jre-headless; }'

$(AXE): tests/browser-tools/package-lock.json
	npm ci --prefix tests/browser-tools --no-audit --no-fund --loglevel=error
	touch $(AXE)

bench: $(STAMP) $(PAGEFIND)
	$(BIN)/python tools/bench all --check-sizes 1000 10000 --site-sizes 1000 10000 --preview-size 1000 --steps-size 10000 --host-sizes 1000 10000 50000 --json bench-results.json

# Lighthouse (pinned in tools/audit) on each kind of page, built from data/ and from 1,000 generated events, served
# with gzip: prints the four scores per page and fails below the targets (tools/audit/audit.py says which).
LIGHTHOUSE := tools/audit/node_modules/.bin/lighthouse
$(LIGHTHOUSE): tools/audit/package-lock.json
	npm ci --prefix tools/audit --no-audit --no-fund --loglevel=error
	touch $(LIGHTHOUSE)

audit: $(STAMP) $(PAGEFIND) browser $(LIGHTHOUSE)
	$(BIN)/python tools/audit/audit.py

# Rebuild the committed basemap of the locator maps from Natural Earth, pinned in tools/basemap (its README).
basemap: $(STAMP)
	npm ci --prefix tools/basemap --no-audit --no-fund --loglevel=error
	$(BIN)/python tools/basemap/make_basemap.py

# Re-pin requirements*.txt with hashes from requirements*.in (pip-tools in a throwaway venv, kept out of $(VENV)).
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	$(VENV)-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file=requirements.txt requirements.in
	$(VENV)-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file=requirements-dev.txt requirements.in requirements-dev.in
	rm -rf $(VENV)-lock

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis
