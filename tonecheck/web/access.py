"""Who may use the page: everyone (the default), whoever knows the API token, or requests
that carry the header of the intranet's sign-on proxy (``--page-access``).

With ``token`` a browser signs in once with a form: the answer sets an HttpOnly cookie,
signed with a key derived from the token, that lasts until the browser closes and at
most :data:`~tonecheck.web.security.FORM_MAX_AGE`. A new token signs everyone out. Tools
may send the token as ``Authorization: Bearer`` instead, as for the API.

With ``header`` tonecheck trusts the proxy: the header must be set (not empty) by it,
and the proxy must remove it from what browsers send. Only the proxy should reach
tonecheck's port.
"""

from __future__ import annotations

import hashlib
import hmac

from starlette.requests import Request
from starlette.responses import Response

from tonecheck.web.security import FormCheck, bearer_ok, check_signed, form_token
from tonecheck.web.settings import PageAccess, WebSettings

COOKIE = "tonecheck_toegang"


class PageRefused(Exception):
    """The request may not use the page (see :func:`page_allowed`)."""


def page_allowed(request: Request) -> bool:
    """Whether the request may use the page under the service's ``page_access``."""
    settings: WebSettings = request.app.state.settings
    if settings.page_access is PageAccess.HEADER:
        assert settings.page_header is not None, "checked by WebSettings"
        return bool(request.headers.get(settings.page_header, "").strip())
    if settings.page_access is PageAccess.TOKEN:
        return signed_in(request) or bearer_ok(request, settings.token)
    return True


def signed_in(request: Request) -> bool:
    """Whether the request carries a valid sign-in cookie (page access ``token``)."""
    settings: WebSettings = request.app.state.settings
    if settings.page_access is not PageAccess.TOKEN or settings.token is None:
        return False
    value = request.cookies.get(COOKIE)
    return value is not None and check_signed(value, _key(settings.token)) is FormCheck.OK


async def require_page_access(request: Request) -> None:
    """A dependency of the page's addresses: :class:`PageRefused` unless allowed."""
    if not page_allowed(request):
        raise PageRefused


def token_matches(request: Request, given: str) -> bool:
    token = request.app.state.settings.token
    return token is not None and hmac.compare_digest(given.strip().encode(), token.encode())


def sign_in(request: Request, response: Response) -> None:
    """Set the sign-in cookie on ``response``."""
    response.set_cookie(
        COOKIE,
        form_token(_key(request.app.state.settings.token)),
        max_age=None,  # gone when the browser closes; the server accepts it for 12 hours
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",  # sent when a link on the intranet opens the page
    )


def sign_out(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")


def _key(token: str) -> bytes:
    """The cookie's signing key: derived from the token, so all workers agree and a new
    token ends every sign-in; never the token itself."""
    return hmac.new(token.encode(), b"tonecheck: toegang tot de pagina", hashlib.sha256).digest()
