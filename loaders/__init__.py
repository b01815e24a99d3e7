"""Documents → facts. `extract_file` is the one entry point the rest of aikg uses."""

from loaders.errors import ExtractionError
from loaders.pipeline import SUPPORTED_SUFFIXES, collect_documents, extract_file

__all__ = ["SUPPORTED_SUFFIXES", "ExtractionError", "collect_documents", "extract_file"]
