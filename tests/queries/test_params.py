"""Parameter validation: types, defaults, bounds, unknown and missing parameters."""

from __future__ import annotations

import pytest

from queries import ParameterError
from queries.params import validate_params
from queries.spec import parse_query

QUERY = parse_query(
    "// name: p\n// title: t\n"
    '// params: q: str (required; 1..5); n: int = 10 (1..100); x: float = 0.5 (0..1); b: bool = false; s: str = ""\n'
    "RETURN $q, $n, $x, $b, $s",
    "p.cypher",
)


def test_defaults_fill_in_and_strings_coerce() -> None:
    assert validate_params(QUERY, {"q": "abc"}) == {"q": "abc", "n": 10, "x": 0.5, "b": False, "s": ""}
    out = validate_params(QUERY, {"q": "a", "n": "42", "x": "0.25", "b": "true"})
    assert out == {"q": "a", "n": 42, "x": 0.25, "b": True, "s": ""}
    assert validate_params(QUERY, {"q": "a", "n": 7.0, "b": "0"})["n"] == 7


@pytest.mark.parametrize(
    ("given", "param", "message"),
    [
        ({}, "q", "is required"),
        ({"q": "a", "n": "ten"}, "n", "expected an integer"),
        ({"q": "a", "n": 3.5}, "n", "expected an integer"),
        ({"q": "a", "n": True}, "n", "expected an integer"),
        ({"q": "a", "x": "nan"}, "x", "finite"),
        ({"q": "a", "b": "maybe"}, "b", "true or false"),
        ({"q": 5}, "q", "expected text"),
        ({"q": "a", "n": 0}, "n", "outside 1..100"),
        ({"q": "a", "n": "101"}, "n", "outside 1..100"),
        ({"q": "a", "x": 1.5}, "x", "outside 0..1"),
        ({"q": ""}, "q", "length 0 is outside 1..5"),
        ({"q": "abcdef"}, "q", "length 6"),
        ({"q": "a", "limit": 5}, "limit", "unknown parameter"),
    ],
)
def test_bad_values_name_the_parameter(given: dict[str, object], param: str, message: str) -> None:
    with pytest.raises(ParameterError) as err:
        validate_params(QUERY, given)
    assert err.value.param == param
    assert message in str(err.value)
    assert f"parameter {param!r}" in str(err.value)
