"""Saved queries: `cypher/*.cypher` files, their parameters, and running them read-only."""

from queries.params import ParameterError
from queries.registry import QueryOutput, Registry, UnknownQuery
from queries.spec import ParamSpec, QuerySpecError, SavedQuery

__all__ = ["ParamSpec", "ParameterError", "QueryOutput", "QuerySpecError", "Registry", "SavedQuery", "UnknownQuery"]
