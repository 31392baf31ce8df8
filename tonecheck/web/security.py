"""Bearer tokens for the API, CSRF protection for the page's forms, security headers.

CSRF uses a double-submit cookie: the page sets a random token in a SameSite=Strict,
HttpOnly cookie and in each form; a form post is taken only when both are present and
equal, and its Origin (when the browser sends one) is this server. That needs no state
on the server, so it works with any number of worker processes. It is a dozen lines,
written here rather than taken from one of the small CSRF packages for Starlette.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "tonecheck_csrf"
CSRF_FIELD = "csrf_token"

# everything the page uses comes from this server; inline scripts and styles are not
# allowed; the stylesheets' icons are data: URLs
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # with no-referrer, forms send Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),  # pages and answers hold letters: never cached
]


def bearer_ok(request: Request, token: str | None) -> bool:
    """No token configured, or the request carries it as ``Authorization: Bearer …``."""
    if token is None:
        return True
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(given.strip(), token)


def csrf_token(request: Request) -> str:
    """The browser's CSRF token, or a new one (set it with :func:`set_csrf_cookie`)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def set_csrf_cookie(response, request: Request, token: str) -> None:
    response.set_cookie(
        CSRF_COOKIE, token, httponly=True, samesite="strict",
        secure=request.url.scheme == "https", path="/",
    )  # fmt: skip


def csrf_ok(request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not secrets.compare_digest(cookie, submitted):
        return False
    origin = request.headers.get("origin")
    return origin is None or origin == _own_origin(request)


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
