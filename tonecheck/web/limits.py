"""A request body limit counted while the body streams in, before anything parses it."""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Refusal = Callable[[Scope, int], Response]
"""The 413 answer for a request (its scope) over the upload limit (bytes)."""


class BodyTooLarge(Exception):
    """More bytes arrived than the limit allows."""


class BodyLimit:
    """ASGI middleware: 413 for a request whose Content-Length or received body exceeds
    ``limit`` bytes. The bytes are counted as they arrive, so an over-large upload is
    refused after ``limit`` bytes, not after all of it has been read or spooled."""

    def __init__(
        self, app: ASGIApp, limit: int, refusal: Refusal, paths: dict[str, int] | None = None
    ) -> None:
        """``refusal`` builds the answer (JSON for the API, the page for a form);
        ``paths``: other limits for some paths (the page's download form carries the
        letter base64-encoded, a third larger)."""
        self.app = app
        self.limit = limit
        self.refusal = refusal
        self.paths = paths or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.paths.get(scope.get("path", ""), self.limit)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self.refusal(scope, self.limit)
        response.headers["connection"] = "close"  # the rest of the body is not read
        await response(scope, receive, send)
