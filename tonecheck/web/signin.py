"""Signing in to the page with the API token (``--page-access token``), and the page that
says why the page is closed to a request (see :mod:`tonecheck.web.access`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tonecheck.web.access import PageRefused, sign_in, sign_out, token_matches
from tonecheck.web.render import form_refusal, page
from tonecheck.web.settings import PageAccess

router = APIRouter(include_in_schema=False)
CODE_FIELD = "toegangscode"
WRONG_CODE = "De toegangscode klopt niet. Let op hoofdletters en kleine letters."


def refusal_page(request: Request, error: str | None = None, status: int = 401) -> HTMLResponse:
    """The sign-in form (``token``), or the word that only the intranet opens the page
    (``header``: 403)."""
    if request.app.state.settings.page_access is PageAccess.HEADER:
        return page(request, "access.html.j2", 403, sign_in=False)
    answer = page(
        request, "access.html.j2", status, sign_in=True, error=error, code_field=CODE_FIELD
    )
    answer.headers["www-authenticate"] = 'Bearer realm="tonecheck"'
    return answer


async def refused(request: Request, error: PageRefused) -> Response:
    """The app's handler for :class:`PageRefused`."""
    return refusal_page(request)


@router.post("/aanmelden")
async def sign_in_form(request: Request) -> Response:
    if request.app.state.settings.page_access is not PageAccess.TOKEN:
        return RedirectResponse("/", status_code=303)  # nothing to sign in to
    async with request.form(max_files=0, max_fields=5, max_part_size=4096) as form:
        if refusal := form_refusal(request, form):
            return refusal_page(request, refusal, 403)
        code = form.get(CODE_FIELD)
        if not isinstance(code, str) or not token_matches(request, code):
            return refusal_page(request, WRONG_CODE)
    answer = RedirectResponse("/", status_code=303)
    sign_in(request, answer)
    return answer


@router.post("/afmelden")
async def sign_out_form(request: Request) -> Response:
    async with request.form(max_files=0, max_fields=5, max_part_size=4096) as form:
        if refusal := form_refusal(request, form):
            return refusal_page(request, refusal, 403)
    answer = RedirectResponse("/", status_code=303)
    sign_out(answer)
    return answer


@router.get("/aanmelden")
@router.get("/afmelden")
async def form_address() -> RedirectResponse:
    return RedirectResponse("/", status_code=303)
