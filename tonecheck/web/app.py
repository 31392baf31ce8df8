"""The web application: ``create_app()`` (a factory, for uvicorn and tests).

The Dutch pipeline and the rules load once per worker process, at start-up (lifespan),
never per request; /healthz answers 200 only once they are loaded.
"""

from __future__ import annotations

import copy
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonecheck import __version__
from tonecheck.checker import Checker
from tonecheck.report.result import output_schema
from tonecheck.runtime import load_checker
from tonecheck.web import api, pages
from tonecheck.web.limits import BodyLimit
from tonecheck.web.security import SecurityHeaders
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
        app.state.service = CheckService(loaded, settings.request_timeout)
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
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Starlette types every handler as taking any Exception (Kludex/starlette#2417)
    app.add_exception_handler(UploadError, _upload_error)  # type: ignore[arg-type]
    app.add_exception_handler(CheckTimeout, _timeout)  # type: ignore[arg-type]
    if settings.cors_origins:  # none by default
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    download = int(settings.max_upload_bytes * pages.BASE64_GROWTH) + 65536
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes, paths={"/download": download})
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog)
    return app


async def _upload_error(request: Request, error: UploadError) -> JSONResponse:
    return JSONResponse({"detail": error.message}, status_code=error.status)


async def _timeout(request: Request, error: CheckTimeout) -> JSONResponse:
    return JSONResponse({"detail": pages.TIMEOUT_MESSAGE}, status_code=503)


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
        "required": ["detail"],
        "properties": {"detail": {"type": "string", "description": "What is wrong, in Dutch."}},
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
