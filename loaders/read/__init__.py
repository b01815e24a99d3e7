"""Read (stage 1): a file on disk → its decoded main text and what the file declares about itself.

`document` dispatches on the format; `text` decodes plain text, `html` takes a page's article body, `office`
reads DOCX and PDF, `boilerplate` drops web-page furniture, `limits` holds the size limits.
"""

from loaders.read.boilerplate import strip_boilerplate
from loaders.read.document import READ_SUFFIXES, RawDocument, read_document, skipped_in_folder
from loaders.read.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, max_bytes, max_chars
from loaders.read.text import decode_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "READ_SUFFIXES",
    "RawDocument",
    "decode_text",
    "max_bytes",
    "max_chars",
    "read_document",
    "skipped_in_folder",
    "strip_boilerplate",
]
