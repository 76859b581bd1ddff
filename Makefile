# Two set-up commands matter: `make serve` and `make test`. Each creates .venv and installs the pinned
# dependencies itself when requirements change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/hooks
# Material prints an end-of-life banner on every build; the project already plans for it (README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test lint schema bench clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

serve: $(STAMP) check
	$(BIN)/mkdocs serve

build: $(STAMP) check
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/python -m timeline check data

schema: $(STAMP)
	$(BIN)/python -m timeline schema schema

lint: $(STAMP)
	$(BIN)/ruff check hooks tests
	$(BIN)/ruff format --check hooks tests

test: $(STAMP) lint check
	$(BIN)/python -m timeline schema schema --check
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m timeline.bench check --json bench-results.json

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis
