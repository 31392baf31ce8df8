"""Bearer tokens for the API, CSRF protection for the page's forms, security headers.

Each page carries its own form token: the time it was made and a random part, signed
with the service's secret (HMAC-SHA256). A form post is taken when its token is this
service's, is at most :data:`FORM_MAX_AGE` old, and the browser says the post comes from
this site (``Sec-Fetch-Site: same-origin``, or else an ``Origin`` equal to this server;
tools that send neither are no browser a forged page could use). The token depends on
no cookie, so a second tab never spoils the first, and it needs no state on the server,
so it works with any number of worker processes that share the secret.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import secrets
import time

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonecheck.web.errors import api_error, sentence

CSRF_FIELD = "csrf_token"
FORM_MAX_AGE = 12 * 3600  # seconds: a page opened in the morning works all day


class FormCheck(enum.Enum):
    """What :func:`check_form` found."""

    OK = "ok"
    EXPIRED = "expired"  # this service's token, older than FORM_MAX_AGE
    INVALID = "invalid"  # missing, forged, or signed before a restart with a new secret
    FOREIGN = "foreign"  # posted from another site


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


def form_token(secret: bytes) -> str:
    """A new signed form token for a page: ``issued.random.signature``."""
    payload = f"{int(time.time())}.{secrets.token_urlsafe(12)}"
    return f"{payload}.{_signature(secret, payload)}"


def check_form(request: Request, submitted: str | None, secret: bytes) -> FormCheck:
    """Whether a form post may be taken (see the module's docstring)."""
    if not _from_this_site(request):
        return FormCheck.FOREIGN
    return check_signed(submitted, secret)


def check_signed(submitted: str | None, secret: bytes) -> FormCheck:
    """Whether ``submitted`` is a token :func:`form_token` made with ``secret`` at most
    :data:`FORM_MAX_AGE` ago."""
    payload, _, signature = (submitted or "").rpartition(".")
    issued = payload.partition(".")[0]
    if not issued.isdigit() or not hmac.compare_digest(
        signature.encode(), _signature(secret, payload).encode()
    ):
        return FormCheck.INVALID
    if time.time() - int(issued) > FORM_MAX_AGE:
        return FormCheck.EXPIRED
    return FormCheck.OK


def _signature(secret: bytes, payload: str) -> str:
    digest = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _from_this_site(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:  # sent by every current browser
        return site == "same-origin"
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


CORS_REFUSALS = {
    "origin": "pagina's van {origin} mogen deze API niet aanroepen",
    "method": "de methode {method} is niet toegestaan",
    "headers": "een van de headers {headers} is niet toegestaan",
    "private-network": "toegang vanuit een openbaar netwerk is niet toegestaan",
}


class DutchCORS(CORSMiddleware):
    """Starlette's CORS middleware, refusing a preflight in the API's error shape, in
    Dutch (Starlette answers "Disallowed CORS origin" in plain text)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        failures = bytes(response.body).decode().removeprefix("Disallowed CORS ").split(", ")
        values = {
            "origin": request_headers.get("origin", ""),
            "method": request_headers.get("access-control-request-method", ""),
            "headers": request_headers.get("access-control-request-headers", ""),
        }
        message = "; ".join(CORS_REFUSALS.get(f, f).format(**values) for f in failures)
        kept = {k: v for k, v in response.headers.items() if k.startswith("access-control-")}
        return api_error(400, sentence(message), kept)


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
