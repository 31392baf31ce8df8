"""The page for case officers: upload or paste a letter, see its findings as cards beside
the highlighted text, mark them, download the letter back with Word comments.

Server-rendered (Jinja2, autoescaped); the page works without scripts, and a small
script of its own (static/tonecheck.js) adds drag-and-drop and the card buttons.
Forms are protected against CSRF (see :mod:`tonecheck.web.security`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tonecheck.common.categories import FALLBACK, load_categories
from tonecheck.report.html_report import letter_view
from tonecheck.report.result import DocumentResult
from tonecheck.web.access import page_allowed, require_page_access
from tonecheck.web.api import TEMP_PREFIX, docx_response
from tonecheck.web.errors import about, sentence
from tonecheck.web.render import form_refusal, page
from tonecheck.web.requests import letter_from_form, pasted_text
from tonecheck.web.service import CheckTimeout
from tonecheck.web.signin import refusal_page
from tonecheck.web.uploads import SavedLetter, UploadError, save_upload

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_page_access)])
SKIP_FIELD, REASON_PREFIX, LETTER_FIELD, NAME_FIELD = "skip", "reason:", "letter", "name"
DONE_FIELD = "done"  # findings marked "Afgehandeld": resolved comments in the download
TAKE_FIELD = "take"  # rewrites taken over ("Overnemen"): tracked changes in the download
BASE64_GROWTH = 4 / 3  # the download form carries the letter base64-encoded
FORM_FIELDS_MAX = 3000  # a letter's findings, each with a skip and a reason, or done and take


def _form_page(
    request: Request, error: str | None = None, status: int = 200, text: str = ""
) -> HTMLResponse:
    """The form, with ``error`` in an error box and the pasted ``text`` kept."""
    limit = request.app.state.settings.max_upload_bytes / (1024 * 1024)
    return page(request, "index.html.j2", status, error=error, limit_mb=f"{limit:g}", text=text)


def error_page(request: Request, message: str, status: int) -> HTMLResponse:
    """The form page with ``message`` in an error box (for errors outside the forms'
    own handling: an upload over the limit, an unknown address); the sign-in page for
    whoever may not use the page."""
    if not page_allowed(request):
        return refusal_page(request)
    return _form_page(request, message, status)


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    return _form_page(request)


@router.post("/controleer", response_class=HTMLResponse)
async def check_page(request: Request) -> HTMLResponse:
    limit = request.app.state.settings.max_upload_bytes
    text = ""
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        try:
            async with request.form(max_files=1, max_fields=20, max_part_size=limit) as form:
                text = pasted_text(form)
                if refusal := form_refusal(request, form, CHECK_AGAIN):
                    return _form_page(request, refusal, 403, text)
                letter = await letter_from_form(form, Path(folder))
            result = await request.app.state.service.check(letter)
        except UploadError as error:
            return _form_page(request, sentence(error.message), error.status, text)
        except CheckTimeout:
            return _form_page(request, TIMEOUT_MESSAGE, 503, text)
        payload, letter_id = _payload(letter), _letter_id(letter)  # before the folder goes
    if result.error:
        return _form_page(request, about(letter.name, result.error or ""), 422, text)
    context = _result_context(result, letter, payload, letter_id)
    return page(request, "result.html.j2", **context)


@router.post("/download")
async def download(request: Request) -> Response:
    limit = int(request.app.state.settings.max_upload_bytes * BASE64_GROWTH) + 65536
    async with request.form(max_files=0, max_fields=FORM_FIELDS_MAX, max_part_size=limit) as form:
        if refusal := form_refusal(request, form, MARKS_KEPT):
            return _form_page(request, refusal, 403)
        try:
            data = base64.b64decode(str(form.get(LETTER_FIELD, "")), validate=True)
        except (binascii.Error, ValueError):
            return _form_page(request, "De brief kwam niet goed mee; controleer hem opnieuw.", 422)
        skip = {
            str(key): str(form.get(f"{REASON_PREFIX}{key}", ""))[:500]
            for key in form.getlist(SKIP_FIELD)
        }
        done = {str(key) for key in form.getlist(DONE_FIELD)}
        taken = {str(key) for key in form.getlist(TAKE_FIELD)}
        name = str(form.get(NAME_FIELD, "brief.docx"))
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        try:
            letter = save_upload(data, name, Path(folder))
            if letter.kind != "docx":
                raise UploadError(415, "alleen een Word-document (.docx) kan opmerkingen krijgen")
            service = request.app.state.service
            result, annotated = await service.annotate(letter, skip, done, taken)
        except UploadError as error:
            return _form_page(request, sentence(error.message), error.status)
        except CheckTimeout:
            return _form_page(request, TIMEOUT_MESSAGE, 503)
    if annotated is None:
        return _form_page(request, about(letter.name, result.error or ""), 422)
    return docx_response(annotated, letter.name)


@router.get("/controleer")
@router.get("/download")
async def form_address() -> RedirectResponse:
    """A reload or bookmark of a form's address: the form."""
    return RedirectResponse("/", status_code=303)


def category_styles() -> bytes:
    """The category colours (data in rules/structure/categories.yml) as CSS classes (the
    page allows no inline styles); served as the static file ``categories.css``."""
    rules = [
        f".tc-cat-{name} {{ --tc-bg: {style.colour}; --tc-border: {style.border}; }}"
        for name, style in [*load_categories().items(), ("other", FALLBACK)]
    ]
    return ("\n".join(rules) + "\n").encode()


CHECK_AGAIN = "Een geplakte tekst staat er nog; kies een bestand opnieuw en controleer de brief."
MARKS_KEPT = (
    "Uw markeringen (Afgehandeld, Negeren) zijn in dit tabblad bewaard: controleer de brief "
    "opnieuw, dan staan ze er weer, en download hem dan."
)
TIMEOUT_MESSAGE = "Het controleren duurde te lang. Probeer het over een minuut opnieuw."


def _payload(letter: SavedLetter) -> str | None:
    """The uploaded .docx, base64, for the download form (the server keeps nothing)."""
    if letter.kind != "docx" or letter.path is None:  # a .docx is always saved
        return None
    return base64.b64encode(letter.path.read_bytes()).decode("ascii")


def _letter_id(letter: SavedLetter) -> str:
    """A digest of the letter: the page keeps the writer's marks under it in the browser
    (sessionStorage), so checking the same letter again brings them back."""
    content = letter.path.read_bytes() if letter.path is not None else letter.content
    return hashlib.sha256(content).hexdigest()[:32]


def _result_context(
    result: DocumentResult, letter: SavedLetter, payload: str | None, letter_id: str
) -> dict:
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
        "letter_id": letter_id,
        "name_field": NAME_FIELD,
        "letter_field": LETTER_FIELD,
    }
