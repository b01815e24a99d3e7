"""The one error type of the loaders: a file that cannot become an Extraction."""

from __future__ import annotations


class ExtractionError(Exception):
    """The message says why, in words a user can act on.

    The message does not repeat the file name (the CLI prefixes it); `path` carries it for callers that want it.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path
