# detente — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
SHARED ?= ../shared
SEED   := $(SHARED)/seed/000_b7a73789b7137861.txt
SAMPLE := tests/fixtures/sample_article.txt
PYTEST_ARGS ?=

.PHONY: setup setup-ray demo test test-ray test-slow test-all lint eval bench train clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,accurate]'
	touch $@

setup-ray: $(VENV)/.installed-ray

$(VENV)/.installed-ray: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev,accurate,distributed]'
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

# The distributed path on a real local Ray cluster (installs ray[data]).
test-ray: setup-ray
	$(BIN)/pytest -q -m ray $(PYTEST_ARGS)

# Only the slow suites (real gold-set runs, kill -9 ingest, Ray); CI runs them after `make test`.
test-slow: setup-ray
	$(BIN)/pytest -q -m slow $(PYTEST_ARGS)

test-all: setup-ray
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

eval: setup
	$(BIN)/detente eval all

bench: setup
	$(PY) bench/throughput.py
	$(PY) bench/store_bench.py
	$(PY) bench/accurate.py
	$(PY) bench/profile_stages.py

# Retrain the statement tagger from ../shared/gold/polnear/train (weights ship in the package).
train: setup
	$(PY) train/polnear_tagger.py --shared $(SHARED)
	$(PY) train/polnear_transformer.py --shared $(SHARED)  # --all: fit every article (see README)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
