# `make help` lists the targets. Every target sets up the virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2025
PREVIOUS := $(shell echo $$(($(YEAR) - 1)))

.DEFAULT_GOAL := help

$(BIN)/intl-report: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

.PHONY: help setup report test lint sample bench clean-processed catalogues

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: $(BIN)/intl-report ## create .venv and install the project with its test tools

report: setup ## set up, then produce the $(YEAR) report from the bundled data (prints the PDF path)
	@# The previous year first, when its workbooks are there: the report compares the two years.
	@if [ -d data/raw/$(PREVIOUS) ]; then $(BIN)/intl-report run --year $(PREVIOUS) > /dev/null; fi
	$(BIN)/intl-report run --year $(YEAR)

test: setup ## set up, then run the whole test suite
	$(BIN)/pytest

lint: setup ## ruff on the package and tests
	$(BIN)/ruff check src tests bench tools

sample: setup ## regenerate the bundled sample workbooks (data/raw/2024 and 2025, and the 2026 round half-way)
	@# The generator is a repository tool in tools/sampledata, not part of the installed package.
	PYTHONPATH=tools $(BIN)/python -m sampledata --year 2024
	PYTHONPATH=tools $(BIN)/python -m sampledata --year 2025
	rm -rf data/raw/2026 && PYTHONPATH=tools $(BIN)/python -m sampledata --year 2026 --round

bench: setup ## measure the yearly run (prints figures; see README)
	$(BIN)/python bench/benchmark.py

clean-processed: ## delete derived data (data/processed and report/output): they are rebuilt by `make report`
	rm -rf data/processed/[0-9]* report/output

LOCALE := src/intl_report/locale
catalogues: setup ## extract the readers' and referents' messages and update every language's catalogue (Babel)
	$(BIN)/pybabel extract -F babel.cfg -k pgettext:1c,2 -k npgettext:1c,2,3 -k say:1c,2 -k say_plural:1c,2,3 -k N_:1c,2 -k NP_:1c,2,3 --no-location --sort-output \
	  --project intl-report --copyright-holder "Città di Torino" -o $(LOCALE)/intl_report.pot .
	$(BIN)/pybabel update -D intl_report -i $(LOCALE)/intl_report.pot -d $(LOCALE) --no-wrap --ignore-obsolete --no-fuzzy-matching
