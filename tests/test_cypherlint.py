"""The Cypher linter (tests/cypherlint.py) catches real errors and accepts Neo4j 5 syntax."""

from __future__ import annotations

import pytest

from tests.cypherlint import LinterUnavailable, lint_cypher


@pytest.fixture(scope="module")
def lint():
    try:
        lint_cypher(["RETURN 1"])
    except LinterUnavailable as exc:
        pytest.skip(str(exc))
    return lint_cypher


def test_valid_neo4j5_statements_pass(lint) -> None:
    statements = [
        "MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task) WHERE $agency = '' OR a.name CONTAINS $agency\n"
        "RETURN a, r, t LIMIT $limit",
        "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n += row.props",
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.alias_text]",
        "MATCH (n:Entity) WHERE EXISTS { (n)-[:MENTIONS]-() } RETURN count(n) AS c",
        "MATCH (n) RETURN n.name AS `名称` // 注释",
    ]
    assert lint(statements) == [[] for _ in statements]


def test_syntax_errors_are_reported_per_statement(lint) -> None:
    errors = lint(["RETURN 1", "RETRN 123", "MATCH (n WHERE n.x = 1 RETURN n", "MATCH (n) RETURN m"])
    assert errors[0] == []
    assert errors[1] and "RETRN" in errors[1][0] and errors[1][0].startswith("1:1:")
    assert errors[2], "unbalanced parenthesis must be reported"
    assert any("`m`" in e for e in errors[3]), "undefined variable must be reported"


def test_empty_input_and_type_checks() -> None:
    assert lint_cypher([]) == []
    with pytest.raises(TypeError):
        lint_cypher("RETURN 1")  # type: ignore[arg-type]


def test_missing_node_modules_raises_clear_error(monkeypatch, tmp_path) -> None:
    import tests.cypherlint as cl

    monkeypatch.setattr(cl, "PACKAGE", tmp_path / "absent")
    with pytest.raises(LinterUnavailable, match="npm ci --prefix"):
        cl.lint_cypher(["RETURN 1"])
