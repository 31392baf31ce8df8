"""The web application: ``create_app()`` (a factory, for uvicorn and tests).

The Dutch pipeline and the rules load once per worker process, at start-up (lifespan),
never per request; /healthz answers 200 only once they are loaded.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonecheck import __version__
from tonecheck.checker import Checker
from tonecheck.report.result import output_schema
from tonecheck.runtime import load_checker
from tonecheck.web import api, pages, signin
from tonecheck.web.access import PageRefused
from tonecheck.web.assets import PREFIX, HashedStaticFiles
from tonecheck.web.errors import (
    api_error,
    http_message,
    is_api_path,
    sentence,
    too_large_message,
    validation_message,
)
from tonecheck.web.limits import BodyLimit
from tonecheck.web.security import DutchCORS, SecurityHeaders
from tonecheck.web.service import CheckService, CheckTimeout
from tonecheck.web.settings import WebSettings
from tonecheck.web.uploads import UploadError

log = logging.getLogger("tonecheck.web")
STATIC = Path(__file__).with_name("static")


class _App(FastAPI):
    """FastAPI with the document object of the JSON output in its OpenAPI schema."""

    def openapi(self) -> dict[str, Any]:
        return _openapi(self)


def create_app(settings: WebSettings | None = None, checker: Checker | None = None) -> FastAPI:
    """The app; ``checker`` when one is loaded already (else it loads at start-up)."""
    settings = settings or WebSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        started = time.perf_counter()
        loaded = (
            checker
            or load_checker(Path.cwd(), settings.model, settings.config, settings.rules or None)[1]
        )
        app.state.service = CheckService(
            loaded, settings.request_timeout, settings.large_letter_chars
        )
        log.info("tonecheck %s ready in %.1f s", __version__, time.perf_counter() - started)
        yield
        app.state.service.close()
        app.state.service = None

    app = _App(
        title="tonecheck",
        version=__version__,
        summary="Checks Dutch letters and decision notices for tone, reasons and plain language.",
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load scripts from a CDN: not served
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.service = None
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(signin.router)
    app.state.assets = HashedStaticFiles(STATIC, {"categories.css": pages.category_styles()})
    app.mount(PREFIX, app.state.assets, name="static")
    # Starlette types every handler as taking any Exception (Kludex/starlette#2417)
    app.add_exception_handler(UploadError, _upload_error)  # type: ignore[arg-type]
    app.add_exception_handler(PageRefused, signin.refused)  # type: ignore[arg-type]
    app.add_exception_handler(CheckTimeout, _timeout)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    if settings.cors_origins:  # none by default
        app.add_middleware(
            DutchCORS,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    download = int(settings.max_upload_bytes * pages.BASE64_GROWTH) + 65536
    app.add_middleware(
        BodyLimit,
        limit=settings.max_upload_bytes,
        refusal=_too_large,
        paths={"/download": download},
    )
    # pages, answers and style sheets travel compressed (the style sheets: 614 KB, 49 KB
    # gzipped); a .docx is a zip already. No secret repeats across answers an attacker
    # could provoke (each page's form token is new; a letter is only in the answer to
    # its writer's own post), so the compressed sizes give nothing away (BREACH).
    app.add_middleware(
        GZipMiddleware,
        minimum_size=1024,
        compresslevel=6,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, api.DOCX_TYPE),
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog)
    return app


def _error(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The API's JSON error, or the page with an error box for the page's addresses."""
    if is_api_path(request.url.path):
        return api_error(status, sentence(message), headers)
    return pages.error_page(request, sentence(message), status)


async def _upload_error(request: Request, error: UploadError) -> Response:
    return _error(request, error.status, error.message)


async def _timeout(request: Request, error: CheckTimeout) -> Response:
    return _error(request, 503, pages.TIMEOUT_MESSAGE)


async def _http_error(request: Request, error: HTTPException) -> Response:
    message = http_message(error.status_code, error.detail, request.method)
    return _error(request, error.status_code, message, error.headers)


async def _invalid(request: Request, error: RequestValidationError) -> Response:
    return _error(request, 422, validation_message(error.errors()))


def _too_large(scope: Scope, limit: int) -> Response:
    return _error(Request(scope), 413, too_large_message(limit))


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the document object of the JSON output, as components."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    output = copy.deepcopy(output_schema())
    definitions = output["$defs"]
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Document"] = _rerooted(definitions["document"])
    components["Finding"] = _rerooted(definitions["finding"])
    components["Error"] = {
        "type": "object",
        "description": "Every 4xx and 5xx answer of the API.",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string", "description": "What is wrong: one Dutch sentence."},
            "document": {
                "$ref": "#/components/schemas/Document",
                "description": "Only for a letter that could not be read (422): its "
                "document object, with its `error`.",
            },
        },
    }
    schema["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    if app.state.settings.token:
        for path in ("/api/v1/check", "/api/v1/annotate"):
            schema["paths"][path]["post"]["security"] = [{"bearer": []}]
    app.openapi_schema = schema
    return schema


def _rerooted(node):
    """JSON Schema references ``#/$defs/x`` as OpenAPI components."""
    if isinstance(node, dict):
        return {
            k: (
                f"#/components/schemas/{v.rsplit('/', 1)[-1].capitalize()}"
                if k == "$ref"
                else _rerooted(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rerooted(v) for v in node]
    return node


class RequestLog:
    """One log line per request: method, path, status, bytes in, milliseconds. Never
    the letter, its file name or anything else the request carries."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, size = time.perf_counter(), 500, 0

        async def counting() -> Message:
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            return message

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, counting, noting)
        finally:
            log.info(
                "%s %s %d %d bytes %.0f ms", scope["method"], scope["path"], status, size,
                (time.perf_counter() - started) * 1000,
            )  # fmt: skip
