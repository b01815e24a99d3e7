# The two commands of the README:
#   make demo   — set up, start the embedded store, ingest examples/, serve on http://127.0.0.1:8000
#   make test   — set up (incl. the Cypher linter and headless Chromium) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export AIKG_DATA ?= $(CURDIR)/data

.PHONY: demo test setup setup-test system-deps lint bench clean

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

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/write.py
	$(BIN)/python bench/extract.py
	$(BIN)/python -m bench.queries_api

clean:
	-$(BIN)/aikg db stop
	rm -rf $(VENV) data tests/cypher_lint/node_modules
