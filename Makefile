# Guildhall: `make run` to start the dashboard, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test check test-fast migrate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --config-settings editable_mode=compat -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet --config-settings editable_mode=compat -e '.[test]'
	touch $@

# `make run` is development mode, asked for by name: the emulator plays Discord and GitHub, on this machine only.
run: export GUILDHALL_ENV := development
run: $(STAMP)  ## install, migrate, start the dashboard and the emulator on 127.0.0.1
	$(BIN)/guildhall migrate
	$(BIN)/guildhall serve

migrate: $(STAMP)
	$(BIN)/guildhall migrate

check: $(TEST_STAMP)  ## lint and type-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: check  ## every test: unit, web (SQLite, and PostgreSQL when reachable), browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(TEST_STAMP)  ## unit and web tests only, no browser
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
