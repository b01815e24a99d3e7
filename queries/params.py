"""Validate and coerce the values a caller gives a saved query's parameters.

Values may arrive typed (Python callers, JSON) or as strings (URL query
strings); either way the result is exactly the declared types, with defaults
filled in, or a `ParameterError` naming the parameter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from queries.spec import ParamSpec, SavedQuery

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


class ParameterError(ValueError):
    def __init__(self, query: str, param: str, message: str) -> None:
        self.query = query
        self.param = param
        self.message = message
        super().__init__(f"query {query!r}, parameter {param!r}: {message}")


def _coerce(spec: ParamSpec, value: Any) -> str | int | float | bool:
    if spec.type == "str":
        if isinstance(value, bool | int | float) or not isinstance(value, str):
            raise ValueError(f"expected text, got {type(value).__name__}")
        return value
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValueError(f"expected true or false, got {value!r}")
    if isinstance(value, bool):
        raise ValueError(f"expected {'an integer' if spec.type == 'int' else 'a number'}, got {value!r}")
    if spec.type == "int":
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise ValueError(f"expected an integer, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    else:
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def _check_bounds(spec: ParamSpec, value: str | int | float | bool) -> None:
    if isinstance(value, bool):
        return
    measure = len(value) if isinstance(value, str) else value
    what = "length" if isinstance(value, str) else "value"
    lo = f"{spec.min:g}" if spec.min is not None else "-inf"
    hi = f"{spec.max:g}" if spec.max is not None else "inf"
    if (spec.min is not None and measure < spec.min) or (spec.max is not None and measure > spec.max):
        raise ValueError(f"{what} {measure:g} is outside {lo}..{hi}")


def validate_params(query: SavedQuery, given: Mapping[str, Any]) -> dict[str, Any]:
    """Declared types, defaults filled in; unknown or missing parameters are errors."""
    declared = {p.name for p in query.params}
    unknown = sorted(set(given) - declared)
    if unknown:
        allowed = ", ".join(sorted(declared)) or "none"
        raise ParameterError(query.name, unknown[0], f"unknown parameter (this query takes: {allowed})")
    out: dict[str, Any] = {}
    for spec in query.params:
        if spec.name not in given or given[spec.name] is None:
            if spec.required:
                raise ParameterError(query.name, spec.name, "is required")
            out[spec.name] = spec.default
            continue
        try:
            value = _coerce(spec, given[spec.name])
            _check_bounds(spec, value)
        except ValueError as exc:
            raise ParameterError(query.name, spec.name, str(exc)) from None
        out[spec.name] = value
    return out


def parse_assignments(items: list[str]) -> dict[str, str]:
    """`key=value` words of the command line → the same string values a URL query string gives the API."""
    out: dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"expected key=value, got {item!r}")
        out[key.strip()] = value
    return out
