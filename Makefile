# The two commands of the README:
#   make demo   — set up, start the embedded store, ingest examples/, serve on http://127.0.0.1:8000
#   make test   — set up (incl. the Cypher linter and headless Chromium) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export AIKG_DATA ?= $(CURDIR)/data

PLAIN  ?= $(CURDIR)/build/plain-venv

.PHONY: demo test setup setup-test system-deps lint bench clean check-install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

tests/cypher_lint/node_modules/.package-lock.json: tests/cypher_lint/package-lock.json
	npm ci --prefix tests/cypher_lint --no-audit --no-fund --loglevel=error

# Headless Chromium and a CJK font for the browser tests and PNG/SVG export (Debian packages).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
		else \
			echo "aikg: install chromium and fonts-wqy-microhei (sudo apt-get install chromium fonts-wqy-microhei)"; \
		fi; \
	fi

setup-test: setup system-deps tests/cypher_lint/node_modules/.package-lock.json

demo: setup
	$(BIN)/aikg ingest examples/
	$(BIN)/aikg serve --host $(HOST) --port $(PORT)

test: setup-test check-install
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# What a user gets from a plain `pip install .` (no dev extras): a fresh venv (pip's cache keeps it quick)
# that must ingest every file of examples/ and load the saved queries, run from outside the source tree.
check-install:
	rm -rf $(PLAIN) && $(PYTHON) -m venv $(PLAIN)
	$(PLAIN)/bin/pip install --quiet --disable-pip-version-check .
	rm -rf build/lib build/bdist* aikg.egg-info
	cd / && data=$$(mktemp -d) && trap 'rm -rf "$$data"' EXIT && \
		AIKG_DATA="$$data" $(PLAIN)/bin/aikg ingest -q $(CURDIR)/examples/ && \
		$(PLAIN)/bin/python -c "from queries import Registry; assert Registry.load().names()"

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/write.py
	$(BIN)/python bench/extract.py
	$(BIN)/python -m bench.queries_api

clean:
	-$(BIN)/aikg db stop
	rm -rf $(VENV) data tests/cypher_lint/node_modules build
