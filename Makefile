# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test bench fit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/readouts demo

test: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/msrp.py --split val
	$(BIN)/python benchmarks/speed.py

fit: install
	$(BIN)/python scripts/fit_lexical.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache readouts-demo.html
