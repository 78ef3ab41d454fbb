# Quick Insights: every task sets up what it needs first, so each is one command on a
# fresh machine. `make serve` and `make test` are the two the README promises.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# We pin mkdocs<2 on purpose; the upstream banner about MkDocs 2 is noise here.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test system-deps clean bench

setup: $(VENV)/.installed

# Reinstall when the dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## Preview the site with the sample content on http://127.0.0.1:8000 (drafts shown).
serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## Build the site for hosting into site/.
build: setup
	$(BIN)/mkdocs build --strict

## Validate all insights, as the pull-request check does.
check: setup
	$(BIN)/insights check

## Browser tests drive Debian's Chromium: Playwright cannot download its own browser here.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests (apt-get)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

## Run the whole test suite.
test: setup system-deps
	$(BIN)/python -m pytest

## Benchmark 200 and 1,000 insights per language against a bare MkDocs site; writes
## benchmarks/results/ and the table in docs/performance.md (about ten minutes).
## Pagefind (the baseline of the search figures) comes with the `bench` extra.
bench: setup system-deps
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py --sizes 200 1000

clean:
	rm -rf site .cache $(VENV)
