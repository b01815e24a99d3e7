"""The one error type of the loaders: a file that cannot become an Extraction."""


class ExtractionError(Exception):
    """The message says why, in words a user can act on."""
