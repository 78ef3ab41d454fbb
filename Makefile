# Quick Insights: every task sets up what it needs first, so each is one command on a
# fresh machine. `make serve` and `make test` are the two the README promises.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# We pin mkdocs<2 on purpose; the upstream banner about MkDocs 2 is noise here.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test test-all test-pythons lint format system-deps clean bench lighthouse

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
## The HTML check runs the W3C Nu checker (Java, vnu.jar from npm: package.json), and
## benchmarks/lighthouse.py runs Lighthouse (npm, Node 20).
system-deps: node_modules/.installed
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests (apt-get)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Java for the HTML check (apt-get)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }

# The npm tools of the tests and benchmarks, exactly as package-lock.json has them.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm for the HTML check (apt-get)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## The guard rails: lint and format (ruff), types (mypy), the layers of the package
## (import-linter, contracts in pyproject.toml) and the workflows (zizmor, offline).
lint: setup
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/zizmor --offline --quiet .github/workflows plugins/quickinsights/cli/sitetemplate/github/workflows

## Apply ruff's fixes and formatting.
format: setup
	$(BIN)/ruff check --fix plugins tests benchmarks
	$(BIN)/ruff format plugins tests benchmarks

## Run the guard rails and the whole test suite.
test: setup system-deps lint
	$(BIN)/python -m pytest

# The Pythons the project supports (README); pyenv's, or python3.X on the PATH.
PYTHONS := 3.10 3.11 3.12 3.13

## The whole suite on every supported Python, from the wheel in a fresh venv (as a site
## owner installs it), and once more with every dependency at its lowest allowed version.
test-pythons: system-deps
	@set -e; for v in $(PYTHONS); do \
	  py=$$(ls -d $(HOME)/.pyenv/versions/$$v.*/bin/python 2>/dev/null | head -1); \
	  [ -n "$$py" ] || py=$$(command -v python$$v || true); \
	  [ -n "$$py" ] || { echo "Python $$v is not installed: the project supports it, so its tests must run"; exit 1; }; \
	  .ci/test-python "$$py"; \
	  [ "$$v" != 3.10 ] || .ci/test-python "$$py" --lowest; \
	done

## What CI runs: `make test`, then every supported Python and the lowest dependencies.
test-all: test test-pythons

## Benchmark 200 and 1,000 insights per language against a bare MkDocs site; writes
## benchmarks/results/ and the table in docs/performance.md (about ten minutes).
## Pagefind (the baseline of the search figures) comes with the `bench` extra.
bench: setup system-deps
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py --sizes 200 1000

## Lighthouse's four scores for every page type, phone and desktop (docs/performance.md).
lighthouse: setup system-deps
	$(BIN)/python benchmarks/lighthouse.py --screenshot docs/img/overview-phone-after.png

clean:
	rm -rf site .cache $(VENV) node_modules
