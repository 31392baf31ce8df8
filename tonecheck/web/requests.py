"""Reading a letter from a request: a multipart upload, a form's pasted text, or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request

from tonecheck.web.uploads import SavedLetter, UploadError, save_text, save_upload

FILE_FIELD = "file"
TEXT_FIELD = "text"


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


async def letter_from_form(form, folder: Path) -> SavedLetter:
    """An uploaded file (field ``file``) or, without one, pasted text (field ``text``)."""
    upload = form.get(FILE_FIELD)
    if isinstance(upload, UploadFile) and (upload.filename or upload.size):
        return save_upload(await upload.read(), upload.filename, folder)
    text = form.get(TEXT_FIELD)
    if isinstance(text, str) and text.strip():
        return save_text(text, None)
    raise UploadError(422, "kies een brief (.docx of .txt) of plak de tekst van de brief")
