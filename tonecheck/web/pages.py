"""The page for case officers: upload or paste a letter, see its findings as cards beside
the highlighted text, mark them, download the letter back with Word comments.

Server-rendered (Jinja2, autoescaped); the page works without scripts, and a small
script of its own (static/tonecheck.js) adds drag-and-drop and the card buttons.
Forms are protected against CSRF (see :mod:`tonecheck.web.security`).
"""

from __future__ import annotations

import base64
import binascii
import tempfile
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData

from tonecheck import __version__
from tonecheck.common.categories import FALLBACK, load_categories
from tonecheck.report.html_report import letter_view
from tonecheck.report.result import DocumentResult
from tonecheck.web.api import TEMP_PREFIX, docx_response
from tonecheck.web.requests import letter_from_form
from tonecheck.web.security import CSRF_FIELD, csrf_ok, csrf_token, set_csrf_cookie
from tonecheck.web.service import CheckTimeout
from tonecheck.web.uploads import SavedLetter, UploadError, save_upload

router = APIRouter(include_in_schema=False)
SKIP_FIELD, REASON_PREFIX, LETTER_FIELD, NAME_FIELD = "skip", "reason:", "letter", "name"
BASE64_GROWTH = 4 / 3  # the download form carries the letter base64-encoded
FORM_FIELDS_MAX = 2000  # a letter's findings, each with a skip and a reason field


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("tonecheck.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    token = csrf_token(request)
    html = (
        environment()
        .get_template(template)
        .render(csrf_field=CSRF_FIELD, csrf_token=token, version=__version__, **context)
    )
    response = HTMLResponse(html, status_code=status)
    set_csrf_cookie(response, request, token)
    return response


def _csrf_field(form: FormData) -> str | None:
    """The form's CSRF token; None when it is missing or sent as a file."""
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def _form_page(request: Request, error: str | None = None, status: int = 200) -> HTMLResponse:
    limit = request.app.state.settings.max_upload_bytes / (1024 * 1024)
    return _page(request, "index.html.j2", status, error=error, limit_mb=f"{limit:g}")


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    return _form_page(request)


@router.post("/controleer", response_class=HTMLResponse)
async def check_page(request: Request) -> HTMLResponse:
    limit = request.app.state.settings.max_upload_bytes
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        try:
            async with request.form(max_files=1, max_fields=20, max_part_size=limit) as form:
                if not csrf_ok(request, _csrf_field(form)):
                    return _form_page(request, CSRF_MESSAGE, 403)
                letter = await letter_from_form(form, Path(folder))
            result = await request.app.state.service.check(letter)
        except UploadError as error:
            return _form_page(request, _sentence(error.message), error.status)
        except CheckTimeout:
            return _form_page(request, TIMEOUT_MESSAGE, 503)
        payload = _payload(letter)
    if result.error:
        return _form_page(request, f"{letter.name}: {_sentence(result.error)}", 422)
    return _page(request, "result.html.j2", **_result_context(result, letter, payload))


@router.post("/download")
async def download(request: Request) -> Response:
    limit = int(request.app.state.settings.max_upload_bytes * BASE64_GROWTH) + 65536
    async with request.form(max_files=0, max_fields=FORM_FIELDS_MAX, max_part_size=limit) as form:
        if not csrf_ok(request, _csrf_field(form)):
            return _form_page(request, CSRF_MESSAGE, 403)
        try:
            data = base64.b64decode(str(form.get(LETTER_FIELD, "")), validate=True)
        except (binascii.Error, ValueError):
            return _form_page(request, "De brief kwam niet goed mee; controleer hem opnieuw.", 422)
        skip = {
            str(key): str(form.get(f"{REASON_PREFIX}{key}", ""))[:500]
            for key in form.getlist(SKIP_FIELD)
        }
        name = str(form.get(NAME_FIELD, "brief.docx"))
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        try:
            letter = save_upload(data, name, Path(folder))
            if letter.kind != "docx":
                raise UploadError(415, "alleen een Word-document (.docx) kan opmerkingen krijgen")
            result, annotated = await request.app.state.service.annotate(letter, skip)
        except UploadError as error:
            return _form_page(request, _sentence(error.message), error.status)
        except CheckTimeout:
            return _form_page(request, TIMEOUT_MESSAGE, 503)
    if annotated is None:
        return _form_page(request, f"{letter.name}: {_sentence(result.error)}", 422)
    return docx_response(annotated, letter.name)


@router.get("/assets/categories.css")
async def category_styles() -> Response:
    """The category colours (data in rules/structure/categories.yml) as CSS classes: the
    page allows no inline styles."""
    rules = [
        f".tc-cat-{name} {{ --tc-bg: {style.colour}; --tc-border: {style.border}; }}"
        for name, style in [*load_categories().items(), ("other", FALLBACK)]
    ]
    return Response("\n".join(rules) + "\n", media_type="text/css")


CSRF_MESSAGE = (
    "Het formulier is verlopen of kwam niet van deze pagina. Laad de pagina opnieuw en "
    "probeer het nog eens."
)
TIMEOUT_MESSAGE = "Het controleren duurde te lang. Probeer het over een minuut opnieuw."


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def _payload(letter: SavedLetter) -> str | None:
    """The uploaded .docx, base64, for the download form (the server keeps nothing)."""
    if letter.kind != "docx" or letter.path is None:  # a .docx is always saved
        return None
    return base64.b64encode(letter.path.read_bytes()).decode("ascii")


def _result_context(result: DocumentResult, letter: SavedLetter, payload: str | None) -> dict:
    view = letter_view(result)
    assert result.letter is not None, "a result without an error has its letter"
    stats = result.letter.stats
    categories = sorted(
        {card.finding.category for card in view.cards},
        key=lambda c: -sum(card.finding.category == c for card in view.cards),
    )
    return {
        "result": result,
        "name": letter.name,
        "view": view,
        "letter": result.letter,
        "score": result.score,
        "stats": stats,
        "categories": [
            (
                c,
                load_categories().get(c, FALLBACK),
                sum(k.finding.category == c for k in view.cards),
            )
            for c in categories
        ],
        "css_category": lambda c: c if c in load_categories() else "other",
        "legend": list(load_categories().items()),
        "payload": payload,
        "name_field": NAME_FIELD,
        "letter_field": LETTER_FIELD,
    }
