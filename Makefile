# LearnConnect Coach — the two commands a new user types, plus the developer ones.
#   make run    install what the coach needs into .venv (first time only) and start it
#   make test   install what the tests need and run lint + the whole suite
# The virtual environment lives in .venv inside the repository; it is created on first use,
# reused afterwards and reinstalled only when pyproject.toml changes.

VENV        := .venv
BIN         := $(VENV)/bin
PY          := $(BIN)/python
RUN_STAMP   := $(VENV)/.stamp-run
DEV_STAMP   := $(VENV)/.stamp-dev
BENCH_STAMP := $(VENV)/.stamp-bench
# The first interpreter on PATH that is Python 3.11 or newer.
PYTHON ?= $(shell for p in python3 python3.11 python3.12 python3.13; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	  && echo $$p && break; done)
PIP_FLAGS ?= --disable-pip-version-check --quiet
PYTEST_ARGS ?=

.PHONY: run test lint bench chat clean help browser-deps

help:
	@echo "make run    start the coach on http://127.0.0.1:$${LEARNCONNECT_WEB_PORT:-8000}"
	@echo "make test   lint and run the whole test suite"
	@echo "make lint   ruff + mypy + import-linter"
	@echo "make bench  run every benchmark (prints JSON)"
	@echo "make chat   talk to the coach in this terminal"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3 --version)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) --upgrade pip setuptools wheel

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install $(PIP_FLAGS) -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dev]'
	@touch $@ $(RUN_STAMP)

$(BENCH_STAMP): pyproject.toml $(DEV_STAMP)
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dev,bench]'
	@touch $@

run: $(RUN_STAMP)
	$(BIN)/learnconnect serve

chat: $(RUN_STAMP)
	$(BIN)/learnconnect chat

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The browser tests drive Debian's chromium; installed here when missing (quiet, idempotent).
browser-deps:
	@sh .ci/ensure-chromium

test: lint browser-deps
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(BENCH_STAMP)
	@for b in $$(ls bench/*.py | xargs -n1 basename | sed 's/\.py$$//' | grep -v '^_'); do \
	  echo "== bench.$$b"; $(PY) -m bench.$$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
