# The two commands: `make site` builds the site into site/; `make test` runs the whole test suite.
# Both set up everything on a fresh machine: the virtual environment with pinned dependencies
# (and, for tests, Debian's chromium and a Java runtime).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements.txt 2>/dev/null | sha256sum | cut -c1-12)

.PHONY: site test serve check generate venv system-deps node-deps clean bench bench-pages lint lock audit

venv: $(STAMP)

# Installs only what requirements.lock names, each file checked against its sha256 (--require-hashes)
# and only as a built wheel (--only-binary: no package's build script runs here); pip refuses any
# file, version or dependency the lock does not list. The exceptions, SOURCE_ONLY, are published
# only as source archives: sgmllib3k (needed by feedparser, the tests' Atom parser), libhxl and its
# python-io-wrapper (the tests' HXL reader). Each is pure Python with a plain setup script, and its
# archive is hash-checked like every other file.
SOURCE_ONLY := sgmllib3k,libhxl,python-io-wrapper
$(STAMP): requirements.txt requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all: \
		--no-binary $(SOURCE_ONLY) -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

# Re-resolves requirements.lock from requirements.txt after you edit it: every version already locked
# stays unless requirements.txt asks for another, and every file of every version gets its sha256.
# Move one dependency that is not in requirements.txt with LOCK_ARGS="--upgrade-package NAME".
# --python-version 3.11.7: uv reads a bare 3.11 as 3.11.0, below pymdown-extensions' floor (3.11.5).
LOCK_ARGS ?=
lock: venv
	$(VENV)/bin/uv pip compile --quiet --python-version 3.11.7 --generate-hashes $(LOCK_ARGS) --output-file requirements.lock requirements.txt

# Known vulnerabilities in every locked package (needs the network: PyPI's advisory data). Not part of
# `make test`; CI runs it daily and on pull requests that change dependencies (.github/workflows/audit.yml).
# --strict: a package it could not look up fails the audit instead of being skipped quietly.
# Advisories accepted after review go below, one `--ignore-vuln ID` a line, each with a comment: the
# package, why the advisory does not apply to this project, and when to look again. None today.
# For example: AUDIT_IGNORES += --ignore-vuln GHSA-xxxx-xxxx-xxxx  # pkg: why it cannot reach us; review by 2027-01
AUDIT_IGNORES :=
audit: venv
	$(VENV)/bin/pip-audit --requirement requirements.lock --require-hashes --disable-pip --strict --progress-spinner off $(AUDIT_IGNORES)

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

# Lighthouse's mobile profile on each page type (Lighthouse from package.json, Debian's chromium)
bench-pages: venv system-deps node-deps
	$(PY) -m build_scripts bench pages

clean:
	rm -rf site .site.* content/incidents content/sources content/claimants content/data content/_snippets content/charts content/feed.xml content/feed.json
