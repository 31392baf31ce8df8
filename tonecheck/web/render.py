"""Rendering the page's templates (Jinja2, autoescaped) and checking its forms' tokens."""

from __future__ import annotations

from functools import cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData

from tonecheck import __version__
from tonecheck.web.access import signed_in
from tonecheck.web.security import CSRF_FIELD, FORM_MAX_AGE, FormCheck, check_form, form_token

REFUSALS = {
    FormCheck.EXPIRED: f"Het formulier is verlopen: u opende deze pagina meer dan "
    f"{FORM_MAX_AGE // 3600} uur geleden.",
    FormCheck.INVALID: "Het formulier hoort niet bij deze pagina, of tonecheck is opnieuw "
    "gestart sinds u de pagina opende.",
    FormCheck.FOREIGN: "Het formulier kwam van een andere website; tonecheck neemt alleen "
    "formulieren van zijn eigen pagina aan.",
}


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("tonecheck.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = dutch_number
    return env


def dutch_number(value: float, decimals: int = 0) -> str:
    """A number as Dutch readers write it: 1.234,5 (thousands dot, decimal comma)."""
    english = f"{value:,.{decimals}f}"
    return english.translate(str.maketrans(",.", ".,"))


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """A page with a form token of its own (see :mod:`tonecheck.web.security`)."""
    token = form_token(request.app.state.settings.form_secret)
    html = (
        environment()
        .get_template(template)
        .render(
            csrf_field=CSRF_FIELD,
            csrf_token=token,
            version=__version__,
            static=request.app.state.assets.url,
            signed_in=signed_in(request),
            **context,
        )
    )
    return HTMLResponse(html, status_code=status)


def form_refusal(request: Request, form: FormData, after: str = "") -> str | None:
    """Why the form cannot be taken (its token, where it came from), with what to do
    ``after``; None when it can."""
    value = form.get(CSRF_FIELD)  # a token sent as a file is no token
    found = check_form(
        request, value if isinstance(value, str) else None, request.app.state.settings.form_secret
    )
    return None if found is FormCheck.OK else f"{REFUSALS[found]} {after}".strip()
