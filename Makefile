# Two commands: `make demo` runs the main job on the bundled data, `make test` runs ruff and pytest.
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
	$(BIN)/coalitionlab demo --out $(OUT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

smoke:
	PYTHON=$(PYTHON) scripts/wheel_smoke.sh $(SMOKE_ARGS)

bench: $(VENV)/.installed-dev
	@status=0; for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || status=1; done; exit $$status

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
