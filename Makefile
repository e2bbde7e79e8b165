# detente — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
SHARED ?= ../shared
SEED   := $(SHARED)/seed/000_b7a73789b7137861.txt
SAMPLE := tests/fixtures/sample_article.txt
PYTEST_ARGS ?=

.PHONY: setup demo test test-all lint eval bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Analyse the seed article (or our own sample when ../shared is absent).
demo: setup
	@if [ -f $(SEED) ]; then \
	  $(BIN)/detente analyze $(SEED) --published 2024-11-20; \
	else \
	  echo "($(SEED) not found: analysing our bundled sample)"; \
	  $(BIN)/detente analyze $(SAMPLE) --published 2024-11-20; \
	fi

# The test suite CI runs (README's test command). Slow suites: make test-all.
test: setup
	$(BIN)/pytest -q -m "not slow" $(PYTEST_ARGS)

test-all: setup
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

eval: setup
	$(BIN)/detente eval all

bench: setup
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
