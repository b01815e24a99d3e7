"""Lint Cypher statements with Neo4j's own parser (npm `@neo4j-cypher/language-support`, run under Node).

Usage in a test::

    from tests.cypherlint import LinterUnavailable, lint_cypher

    try:
        errors = lint_cypher(statements)
    except LinterUnavailable as exc:
        pytest.skip(str(exc))
    assert errors == [[] for _ in statements]

Install the linter once with `npm ci --prefix tests/cypher_lint`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"
SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
# Parsing is fast (~2 s start-up for Node + the grammar); the limit only guards against a hung process.
TIMEOUT_S = 120.0


class LinterUnavailable(RuntimeError):
    """Node or the npm package is missing; tests should skip with this message."""


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise LinterUnavailable("Cypher linter needs Node.js (>= 20) on PATH; install node to lint Cypher")
    if not PACKAGE.is_dir():
        raise LinterUnavailable(
            f"Cypher linter not installed ({PACKAGE} missing); run `npm ci --prefix {LINT_DIR}`"
        )
    return node


def lint_cypher(statements: list[str]) -> list[list[str]]:
    """Return, for each statement, its syntax/semantic errors as "line:col: message" (empty list = valid).

    Undefined `$parameters` are not errors (statements are linted without values); warnings such as
    deprecations are not reported. One Node process per call, so pass all statements at once.
    """
    if not isinstance(statements, list) or not all(isinstance(s, str) for s in statements):
        raise TypeError("lint_cypher expects a list of str")
    if not statements:
        return []
    node = _node()
    proc = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(statements).encode("utf-8"),
        capture_output=True,
        cwd=LINT_DIR,
        timeout=TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"Cypher linter ({SCRIPT}) failed with exit code {proc.returncode}: {stderr}")
    result = json.loads(proc.stdout.decode("utf-8"))
    if not isinstance(result, list) or len(result) != len(statements):
        raise RuntimeError(f"Cypher linter returned {len(result)} results for {len(statements)} statements")
    return [[str(msg) for msg in errors] for errors in result]
