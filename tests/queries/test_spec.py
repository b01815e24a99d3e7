"""Header parsing of saved-query files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from queries.spec import QuerySpecError, load_file, parse_query

GOOD = """// name: demo
// title: 示例
// description: A demo; with a semicolon.
// params: who: str = "" (part of a name; empty = all; ..10); n: int = 5 (1..50)
// params: id: str (required; an id; 1..20); ratio: float = 0.5 (0..1); flag: bool = false
// view: graph
MATCH (n:Entity {id: $id}) WHERE $who = '' OR n.name CONTAINS $who
RETURN n LIMIT $n
// engine: neo4j
MATCH (n:Entity {id: $id}) RETURN n LIMIT $n
"""


def test_header_and_params_parse() -> None:
    q = parse_query(GOOD, "demo.cypher")
    assert (q.name, q.title, q.view) == ("demo", "示例", "graph")
    assert q.description == "A demo; with a semicolon."
    by = {p.name: p for p in q.params}
    assert list(by) == ["who", "n", "id", "ratio", "flag"]
    assert by["who"].default == "" and by["who"].max == 10 and by["who"].min is None
    assert by["who"].description == "part of a name; empty = all"
    assert (by["n"].default, by["n"].min, by["n"].max) == (5, 1, 50)
    assert by["id"].required and by["id"].default is None
    assert by["ratio"].type == "float" and by["flag"].default is False


def test_engine_variant_is_separate() -> None:
    q = parse_query(GOOD, "demo.cypher")
    assert "CONTAINS" in q.cypher and "engine" not in q.cypher
    assert q.cypher_for("falkordb") == q.cypher
    assert q.cypher_for("neo4j").startswith("MATCH (n:Entity {id: $id}) RETURN n")


def test_string_default_with_escapes() -> None:
    q = parse_query('// name: s\n// title: t\n// params: x: str = "a \\"b\\" (c); d"\nRETURN $x', "s.cypher")
    assert q.params[0].default == 'a "b" (c); d'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("// title: t\nRETURN 1", "`// name:` is missing"),
        ("// name: Bad_Name\n// title: t\nRETURN 1", "lower-case"),
        ("// name: q\n// title: t\n// params: x: str\nRETURN $x", "needs a default or `(required)`"),
        ("// name: q\n// title: t\n// params: x: int = abc\nRETURN $x", "bad default"),
        ("// name: q\n// title: t\n// params: x: str = unquoted\nRETURN $x", "double quotes"),
        ("// name: q\n// title: t\n// params: x: list = 1\nRETURN $x", "cannot parse parameter"),
        ("// name: q\n// title: t\nRETURN $y", "undeclared parameter(s) ['y']"),
        ("// name: q\n// title: t\nMATCH (n) DETACH DELETE n", "read-only"),
        ("// name: q\n// title: t\nMATCH (n) SET n.x = 1", "read-only"),
        ("// name: q\n// title: t\n// view: chart\nRETURN 1", "view must be graph or table"),
        ("// name: q\n// title: t\n// colour: red\nRETURN 1", "unknown header key"),
        ("// name: q\n// title: t\n", "no Cypher"),
        ("// name: q\n// title: t\n// params: x: int = 1; x: int = 2\nRETURN $x", "declared twice"),
        ("// name: q\n// title: t\n// view: graph\n// draws: a RESPONSIBLE_FOR b\nRETURN 1", "must read"),
        ("// name: q\n// title: t\n// view: graph\n// draws: a -responsible-> b\nRETURN 1", "must read"),
        ("// name: q\n// title: t\n// draws: a -LEADS-> b\nRETURN 1", "for graph views"),
    ],
)
def test_malformed_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(QuerySpecError) as err:
        parse_query(text, "q.cypher")
    assert message in str(err.value)
    assert "q.cypher" in str(err.value)


def test_words_inside_strings_are_not_write_clauses() -> None:
    q = parse_query("// name: q\n// title: t\nMATCH (n) WHERE n.name = 'SET DELETE' RETURN n", "q.cypher")
    assert "SET DELETE" in q.cypher


def test_file_name_must_match_header(tmp_path: Path) -> None:
    path = tmp_path / "other.cypher"
    path.write_text("// name: q\n// title: t\nRETURN 1", encoding="utf-8")
    with pytest.raises(QuerySpecError, match="differs from the file name"):
        load_file(path)


def test_chinese_labels_and_internal_flag() -> None:
    q = parse_query(
        "// name: demo\n// title: 演示\n// description: Demo.\n// description_zh: 演示查询。\n"
        "// labels_zh: city = 城市; limit = 最多条数\n// internal: true\n"
        '// params: city: str = ""; limit: int = 10 (1..100)\nRETURN $city, $limit'
    )
    assert q.description_zh == "演示查询。" and q.internal is True
    assert [(p.name, p.label_zh) for p in q.params] == [("city", "城市"), ("limit", "最多条数")]
    plain = parse_query("// name: plain\n// title: t\n// params: x: int = 1\nRETURN $x")
    assert plain.internal is False and plain.params[0].label_zh == ""


@pytest.mark.parametrize("header, message", [
    ("// labels_zh: nope = 无", "undeclared parameter 'nope'"),
    ("// labels_zh: x", "expected `name = 标签`"),
    ("// internal: yes", "internal must be true or false"),
])
def test_bad_chinese_headers_name_the_problem(header: str, message: str) -> None:
    with pytest.raises(QuerySpecError, match=re.escape(message)):
        parse_query(f"// name: demo\n// title: t\n{header}\n// params: x: int = 1\nRETURN $x")


def test_draws_lines_name_the_columns_of_each_relationship() -> None:
    q = parse_query("// name: q\n// title: t\n// view: graph\n// draws: person -LEADS-> organisation\n"
                    "// draws: organisation -LOCATED_IN-> region\nRETURN 1", "q.cypher")
    assert [(d.source, d.type, d.target) for d in q.draws] == [("person", "LEADS", "organisation"),
                                                               ("organisation", "LOCATED_IN", "region")]
    assert q.draws[0].columns() == ["person", "person_id", "organisation", "organisation_id"]
