# The two commands: `make site` builds the site into site/; `make test` runs the whole test suite.
# Both set up everything on a fresh machine: the virtual environment with pinned dependencies
# (and, for tests, Debian's chromium and a Java runtime).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements.txt 2>/dev/null | sha256sum | cut -c1-12)

.PHONY: site test serve check generate venv system-deps node-deps clean bench lint

venv: $(STAMP)

$(STAMP): requirements.txt requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

node-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

system-deps:
	./scripts/install-system-deps.sh

# CHECK_FORMAT=github prints problems as GitHub annotations (CI); text for people.
CHECK_FORMAT ?= text

check: venv
	$(PY) -m build_scripts check --format $(CHECK_FORMAT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/yamllint --strict .

generate: venv
	$(PY) -m build_scripts generate

site: venv
	$(PY) -m build_scripts build

# `make serve PORT=8001` for another port. The hook regenerates the pages on every save; while the
# inputs have problems, the browser shows them with their locations instead of the site.
PORT ?= 8000

serve: venv
	@echo "Previewing on http://127.0.0.1:$(PORT)/ (live reload on every save; Ctrl-C stops)"
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --dev-addr 127.0.0.1:$(PORT)

test: venv system-deps node-deps
	$(PY) -m pytest

bench: venv
	$(PY) -m build_scripts bench

clean:
	rm -rf site .site.* content/incidents content/sources content/claimants content/data content/_snippets content/charts
