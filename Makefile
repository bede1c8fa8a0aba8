# Two commands: `make demo` runs the main job on the bundled data (into out/, replacing its own earlier output),
# `make test` runs ruff and pytest.
# `make smoke` builds the wheel, installs it into a fresh environment and runs the command outside the checkout.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test smoke bench lint install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	$(BIN)/coalitionlab demo --out $(OUT) --force
	@echo "The command is $(BIN)/coalitionlab (or run 'source $(BIN)/activate' first, then 'coalitionlab --help')."

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

smoke:
	PYTHON=$(PYTHON) scripts/wheel_smoke.sh $(SMOKE_ARGS)

# every benchmarks/bench_*.py (or BENCH="models panels"), then a summary: exit 0 when every script ran to its end
# (missed targets are listed), 1 when one did not finish
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run_all.py $(BENCH)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
