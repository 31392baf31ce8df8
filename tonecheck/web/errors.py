"""Error answers in Dutch, in one shape.

Every 4xx and 5xx answer of the API is a JSON object ``{"detail": "<one Dutch
sentence>"}``; a letter that could not be read (422) adds ``"document"``, the document
object with its ``error``. The page's addresses answer with the page and an error box
instead (see :mod:`tonecheck.web.pages`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse

API_PATHS = ("/api/", "/healthz")

HTTP_MESSAGES = {
    400: "het verzoek is ongeldig",
    404: "dit adres bestaat niet",
    405: "dit adres neemt geen {method}-verzoeken aan",
    413: "het verzoek is te groot",
    415: "dit soort inhoud wordt niet aangenomen",
}

# Starlette's messages for a form it cannot read (400), by their start
MULTIPART_MESSAGES = {
    "Too many files": "stuur één bestand tegelijk",
    "Too many fields": "het formulier heeft te veel velden",
    "Field exceeded maximum size": "een veld van het formulier is te groot",
    "Part exceeded maximum size": "een deel van het formulier is te groot",
    "The Content-Disposition": "het formulier kon niet worden gelezen",
    "Missing boundary": "het formulier kon niet worden gelezen",
    "Invalid multipart": "het formulier kon niet worden gelezen",
}


def sentence(text: str) -> str:
    """``text`` as one sentence: a capital first, a full stop last."""
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def about(name: str, message: str) -> str:
    """A message about one letter: its name, a colon, the message (as the CLI writes it)."""
    return f"{name}: {message.strip().rstrip('.')}."


def is_api_path(path: str) -> bool:
    """The API and the health check answer JSON; every other address is the page's."""
    return path.startswith(API_PATHS)


def api_error(
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    document: dict[str, Any] | None = None,
) -> JSONResponse:
    """The API's error answer: ``{"detail": message}``, with ``document`` when given."""
    body: dict[str, Any] = {"detail": message}
    if document is not None:
        body["document"] = document
    return JSONResponse(body, status_code=status, headers=headers)


def http_message(status: int, detail: Any, method: str) -> str:
    """A Dutch message for an HTTP error: the framework's English reason phrases ("Not
    Found", "Method Not Allowed") and form errors are replaced, tonecheck's own details
    are kept."""
    if isinstance(detail, str) and detail.startswith(tuple(MULTIPART_MESSAGES)):
        return next(nl for en, nl in MULTIPART_MESSAGES.items() if detail.startswith(en))
    if isinstance(detail, str) and detail and detail != _phrase(status):
        return detail
    return HTTP_MESSAGES.get(status, "het verzoek kon niet worden verwerkt").format(method=method)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def too_large_message(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    return f"Het bestand is te groot: tonecheck neemt brieven tot {megabytes:g} MB aan."


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """FastAPI's list of validation errors in Dutch."""
    return "; ".join(_validation_part(error) for error in errors) or "het verzoek is ongeldig"


def _validation_part(error: Mapping[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ())]
    name = ".".join(location[1:]) or ".".join(location) or "het verzoek"
    value = error.get("input")
    if error.get("type") == "missing":
        return f"'{name}' ontbreekt"
    wanted = ""
    if error.get("type") == "literal_error":
        options = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        wanted = f" (kies {', '.join(options[:-1])} of {options[-1]})" if options else ""
    return f"ongeldige waarde voor '{name}': '{value}'{wanted}"
