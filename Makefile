# The two commands of the README:
#   make demo   — set up, start the embedded store, ingest examples/, serve on http://127.0.0.1:8000
#   make test   — set up (incl. the Cypher linter, headless Chromium and a local Neo4j) and run the whole
#                 test suite, with a throw-away Neo4j 5.26 (tools/neo4j-local) running for its duration
#   make neo4j / make neo4j-stop — a local Neo4j without Docker on 127.0.0.1:$(NEO4J_PORT), data in $(AIKG_DATA)/neo4j
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export AIKG_DATA ?= $(CURDIR)/data

PLAIN  ?= $(CURDIR)/build/plain-venv
NEO4J_PORT ?= 7687
NEO4J_JAR  := tools/neo4j-local/target/neo4j-local.jar

.PHONY: demo test setup setup-test system-deps java-deps neo4j-jar neo4j neo4j-stop lint bench clean check-install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

tests/cypher_lint/node_modules/.package-lock.json: tests/cypher_lint/package-lock.json
	npm ci --prefix tests/cypher_lint --no-audit --no-fund --loglevel=error

# Headless Chromium and a CJK font for the browser tests and PNG/SVG export, wrk for bench/api_load.py
# (Debian packages).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v wrk >/dev/null 2>&1 || \
			! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei wrk >/dev/null; \
		else \
			echo "aikg: install chromium, fonts-wqy-microhei and wrk (sudo apt-get install chromium fonts-wqy-microhei wrk)"; \
		fi; \
	fi

# Java 17 and Maven build and run the local Neo4j (Debian packages).
java-deps:
	@missing=""; command -v java >/dev/null 2>&1 || missing="$$missing java"; \
	command -v mvn >/dev/null 2>&1 || missing="$$missing maven"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "aikg: missing$$missing; installing openjdk-17-jdk-headless and maven (Debian packages)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; \
		else \
			echo "aikg: missing$$missing, needed for the local Neo4j: sudo apt-get install openjdk-17-jdk-headless maven"; \
			exit 1; \
		fi; \
	fi

# Built once, then reused until its sources change (Maven artifacts are cached in ~/.m2).
$(NEO4J_JAR): tools/neo4j-local/pom.xml tools/neo4j-local/src/main/java/aikg/Neo4jLocal.java
	$(MAKE) --no-print-directory java-deps
	mvn -q -B -f tools/neo4j-local/pom.xml package
	touch $@

neo4j-jar: $(NEO4J_JAR)

neo4j: setup $(NEO4J_JAR)
	@test -n "$$NEO4J_PASSWORD" || { echo "aikg: set NEO4J_PASSWORD (8+ characters) for the neo4j user"; exit 1; }
	$(BIN)/python tools/neo4j_local.py start --port $(NEO4J_PORT) --data $(AIKG_DATA)/neo4j --pid $(AIKG_DATA)/neo4j.pid

neo4j-stop: setup
	$(BIN)/python tools/neo4j_local.py stop --pid $(AIKG_DATA)/neo4j.pid

setup-test: setup system-deps tests/cypher_lint/node_modules/.package-lock.json $(NEO4J_JAR)

demo: setup
	$(BIN)/aikg ingest examples/
	$(BIN)/aikg serve --host $(HOST) --port $(PORT)

test: setup-test check-install
	$(BIN)/ruff check .
	$(BIN)/python tools/neo4j_local.py with-server -- $(BIN)/pytest -q

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
	$(BIN)/python -m bench.api_load

clean:
	-$(BIN)/aikg db stop
	-$(MAKE) --no-print-directory neo4j-stop
	rm -rf $(VENV) data tests/cypher_lint/node_modules build tools/neo4j-local/target
