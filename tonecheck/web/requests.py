"""Reading a letter from a request: a multipart upload, a form's pasted text, or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from tonecheck.web.uploads import SavedLetter, UploadError, save_text, save_upload

FILE_FIELD = "file"
TEXT_FIELD = "text"
BOTH_MESSAGE = (
    "u koos een bestand en plakte ook tekst: kies er één, niet allebei (maak het tekstvak "
    "leeg of kies geen bestand)"
)


async def letter_from_request(request: Request, folder: Path, limit: int) -> SavedLetter:
    """The letter a request carries, saved in ``folder``; raises UploadError."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=20, max_part_size=limit) as form:
            return await letter_from_form(form, folder)
    if content_type.startswith("application/json"):
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise UploadError(422, "de JSON is ongeldig") from None
        if not isinstance(body, dict) or not isinstance(body.get(TEXT_FIELD), str):
            raise UploadError(422, "stuur JSON met een veld 'text' (de tekst van de brief)")
        name = body.get("name") if isinstance(body.get("name"), str) else None
        return save_text(body[TEXT_FIELD], name)
    raise UploadError(
        415,
        "stuur een bestand als multipart/form-data (veld 'file') of JSON met een veld 'text'",
    )


async def letter_from_form(form: FormData, folder: Path) -> SavedLetter:
    """An uploaded file (field ``file``) or pasted text (field ``text``), not both."""
    upload = form.get(FILE_FIELD)
    chosen = isinstance(upload, UploadFile) and bool(upload.filename or upload.size)
    text = pasted_text(form)
    if chosen and text.strip():
        raise UploadError(422, BOTH_MESSAGE)
    if isinstance(upload, UploadFile) and chosen:
        return save_upload(await upload.read(), upload.filename, folder)
    if text.strip():
        return save_text(text, None)
    raise UploadError(422, "kies een brief (.docx of .txt) of plak de tekst van de brief")


def pasted_text(form: FormData) -> str:
    """The form's pasted text ("" when there is none)."""
    text = form.get(TEXT_FIELD)
    return text if isinstance(text, str) else ""
