"""Checks on write requests made before their body is read (issue 12, item 8).

FastAPI reads (and spools to disk) a multipart body before it runs a route's dependencies, so a token
check in a dependency comes too late: an anonymous client could fill the temp directory. This ASGI
middleware refuses a write to /documents without the right token before reading a byte, refuses a
declared Content-Length over the limit, and counts the bytes of a chunked body as they arrive.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from typing import Any

# Multipart framing (boundaries, part headers) on top of the file bytes.
FRAMING_ALLOWANCE = 64 * 1024

Scope = dict[str, Any]
Message = dict[str, Any]


def token_problem(authorization: str | None) -> str | None:
    """Why this Authorization header may not write, or None when it may."""
    expected = os.environ.get("AIKG_API_TOKEN", "")
    if not expected:
        return "write endpoints are disabled: set AIKG_API_TOKEN on the server to enable them"
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return "missing token: send `Authorization: Bearer <AIKG_API_TOKEN>`"
    if not secrets.compare_digest(given.strip().encode(), expected.encode()):
        return "wrong token"
    return None


class _TooLarge(Exception):
    pass


class WriteGuard:
    """Token and size checks for writes under `prefix`, before the application sees the body."""

    def __init__(self, app: Any, prefix: str, max_bytes: Callable[[], int]) -> None:
        self.app = app
        self.prefix = prefix
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS") or not (
                path == self.prefix or path.startswith(self.prefix + "/")):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = token_problem(headers.get("authorization"))
        if problem:
            await _json(send, 401, problem)
            return
        limit = self.max_bytes()
        allowed = limit + FRAMING_ALLOWANCE
        too_large = f"upload is over the limit of {limit} bytes (AIKG_MAX_UPLOAD_BYTES)"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > allowed:
            await _json(send, 413, f"upload of {length} bytes is over the limit of {limit} bytes "
                                   "(AIKG_MAX_UPLOAD_BYTES)")
            return
        seen = 0
        over = False

        async def counting_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > allowed:
                    over = True
                    raise _TooLarge  # the body parser stops here; the reply is replaced below
            return message

        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over:  # whatever the application answers after the cut, the client gets a 413
                if not started:
                    started = True
                    await _json(send, 413, too_large)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not started:
                await _json(send, 413, too_large)


async def _json(send: Callable[..., Any], status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
