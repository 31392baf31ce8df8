"""The JSON API, version 1, and the health check. Its OpenAPI schema is served at
/api/v1/openapi.json; the document object is the one ``tonecheck check --format json``
writes (tonecheck/report/tonecheck-output.schema.json)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from tonecheck import __version__
from tonecheck.common.findings import Level
from tonecheck.report.result import DocumentResult
from tonecheck.web.errors import about, api_error
from tonecheck.web.requests import letter_from_request
from tonecheck.web.security import bearer_ok
from tonecheck.web.uploads import UploadError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMP_PREFIX = "tonecheck-"
LevelName = Literal["suggestion", "warning", "error"]

router = APIRouter()


def _schema(name: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _error(description: str) -> dict:
    return {"description": description, **_schema("Error")}


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": "The letter: a .docx or a plain text file."},
                    },
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "description": "The letter's text."},
                        "name": {"type": "string", "description": "A name to report it by."},
                    },
                }
            },
        },
    }
}  # fmt: skip
DOCX_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("A bearer token is configured and the request does not carry it."),
    413: _error("The upload is larger than the limit (10 MB unless configured)."),
    415: _error("Neither a Word document (.docx) nor plain text."),
    422: _error(
        "The request or the letter could not be read; for a letter, `document` holds its "
        "document object with its `error`."
    ),
    503: _error("The check took longer than the time limit."),
}


def require_token(request: Request) -> None:
    if not bearer_ok(request, request.app.state.settings.token):
        raise HTTPException(
            401, "een geldig API-token is nodig", headers={"WWW-Authenticate": "Bearer"}
        )


@router.get("/healthz", tags=["service"], summary="200 once the Dutch pipeline is loaded")
async def healthz(request: Request) -> JSONResponse:
    if getattr(request.app.state, "service", None) is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    return JSONResponse({"status": "ok", "tonecheck": __version__})


@router.post(
    "/api/v1/check",
    tags=["api"],
    summary="Check a letter",
    description="A .docx upload or JSON text; answers with the document object of "
    '`tonecheck check --format json`. Errors: `{"detail": ...}` (see Error).',
    dependencies=[Depends(require_token)],
    openapi_extra=UPLOAD_BODY,
    responses={200: {"description": "The checked letter.", **_schema("Document")}, **COMMON_ERRORS},
    response_class=JSONResponse,
)
async def api_check(
    request: Request,
    min_level: Annotated[LevelName, Query(description="Report findings from this level.")] = (
        "suggestion"
    ),
) -> JSONResponse:
    service = request.app.state.service
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        letter = await letter_from_request(
            request, Path(folder), request.app.state.settings.max_upload_bytes
        )
        result = await service.check(letter, Level.parse(min_level))
    if result.error:
        return unreadable(result)
    return JSONResponse(result.as_dict())


@router.post(
    "/api/v1/annotate",
    tags=["api"],
    summary="The letter back with a Word comment per finding",
    description="A .docx upload; answers with the same document with one comment "
    "(author 'tonecheck') per finding, the score as the first comment; `done` findings "
    "are resolved comments (Word 2013 and later); a finding's rewrite (`replacement`) is a "
    "tracked change (author 'tonecheck') unless `track_changes` is false. Comments and "
    "changes of an earlier run of tonecheck are replaced, not added to.",
    dependencies=[Depends(require_token)],
    openapi_extra=DOCX_BODY,
    responses={
        200: {"description": "The annotated letter.", "content": {DOCX_TYPE: {}}},
        **COMMON_ERRORS,
    },
    response_class=Response,
)
async def api_annotate(
    request: Request,
    skip: Annotated[list[str], Query(description="Findings to leave out: `rule@start-end`.")] = [],  # noqa: B006
    done: Annotated[
        list[str], Query(description="Findings to mark resolved in Word: `rule@start-end`.")
    ] = [],  # noqa: B006
    track_changes: Annotated[
        bool, Query(description="Rewrites as tracked changes; false: in the comments only.")
    ] = True,
) -> Response:
    service = request.app.state.service
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        letter = await letter_from_request(
            request, Path(folder), request.app.state.settings.max_upload_bytes
        )
        if letter.kind != "docx":
            raise UploadError(415, "alleen een Word-document (.docx) kan opmerkingen krijgen")
        rewrites = None if track_changes else ()
        result, annotated = await service.annotate(letter, dict.fromkeys(skip, ""), done, rewrites)
    if annotated is None:
        return unreadable(result)
    return docx_response(annotated, letter.name)


def unreadable(result: DocumentResult) -> JSONResponse:
    """422 for a letter that could not be read, with its document object."""
    message = about(result.path, result.error or "")
    return api_error(422, message, document=result.as_dict())


def docx_response(data: bytes, name: str) -> Response:
    """A .docx download named after the letter (brief.docx -> brief.tonecheck.docx)."""
    stem = name[:-5] if name.lower().endswith(".docx") else name
    filename = f"{stem}.tonecheck.docx"
    fallback = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch in "._-" else "_" for ch in filename
    )
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=DOCX_TYPE, headers={"content-disposition": disposition})
