"""Size limits of the read stage, from the environment: AIKG_MAX_BYTES (file) and AIKG_MAX_CHARS (decoded text)."""

from __future__ import annotations

import os

from loaders.errors import ExtractionError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_CHARS = 3_000_000


def _env_limit(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        limit = int(value)
    except ValueError as exc:
        raise ExtractionError(f"{name}={value!r} is not a whole number of bytes/characters") from exc
    if limit <= 0:
        raise ExtractionError(f"{name} must be positive, got {limit}")
    return limit


def max_bytes() -> int:
    return _env_limit("AIKG_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_chars() -> int:
    return _env_limit("AIKG_MAX_CHARS", DEFAULT_MAX_CHARS)


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
