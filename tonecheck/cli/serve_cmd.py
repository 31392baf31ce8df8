"""``tonecheck serve``: the web page and HTTP API (needs ``pip install 'tonecheck[web]'``)."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import TypedDict

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import fail, model_option, rules_option
from tonecheck.errors import TonecheckError

APP_FACTORY = "tonecheck.web.app:create_app"


class _ServerOptions(TypedDict):
    """The options of ``uvicorn.run`` that are the same for one process or several."""

    host: str
    port: int
    access_log: bool
    log_level: str


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker processes; each loads the pipeline and rules once (about 250 MB each).",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File with the bearer token the API asks for, at least 16 characters (or set "
    "TONECHECK_API_TOKEN); without one the API is open to whoever reaches the port.",
)
@click.option(
    "--max-upload-mb", type=click.FloatRange(min=0, min_open=True), default=None,
    help="Largest upload in MB [default: 10].",
)  # fmt: skip
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
    help="Seconds one request may wait and check [default: 30].",
)  # fmt: skip
@click.option(
    "--allow-origin", "origins", multiple=True,
    help="Allow browser pages from this origin to call the API (CORS; none by default).",
)  # fmt: skip
@click.option("--access-log/--no-access-log", default=True, help="Log each request line.")
@model_option
@rules_option
def serve_command(
    host: str,
    port: int,
    workers: int,
    token_file: Path | None,
    max_upload_mb: float | None,
    timeout: float | None,
    origins: tuple[str, ...],
    access_log: bool,
    model_name: str | None,
    config_path: Path | None,
    rule_paths: tuple[Path, ...],
) -> None:
    """Serve the page for case officers and the JSON API (/api/v1, OpenAPI schema at
    /api/v1/openapi.json). Letters are checked and forgotten: nothing is stored, and the
    logs hold no letter content."""
    try:
        import uvicorn

        from tonecheck.web.app import create_app
        from tonecheck.web.settings import WebSettings
    except ImportError as error:
        click.echo(
            f"tonecheck: de webdienst heeft extra pakketten nodig ({error.name} ontbreekt); "
            "installeer ze met: pip install 'tonecheck[web]'",
            err=True,
        )
        raise SystemExit(ExitCode.ERROR) from None
    _export(
        TONECHECK_API_TOKEN_FILE=token_file,
        TONECHECK_MAX_UPLOAD_MB=max_upload_mb,
        TONECHECK_REQUEST_TIMEOUT=timeout,
        TONECHECK_CORS_ORIGINS=",".join(origins) or None,
        TONECHECK_MODEL=model_name,
        TONECHECK_CONFIG=config_path,
        TONECHECK_RULES=os.pathsep.join(map(str, rule_paths)) or None,
        # one secret for the page's form tokens, shared by all worker processes
        TONECHECK_FORM_SECRET=os.environ.get("TONECHECK_FORM_SECRET") or secrets.token_urlsafe(32),
    )
    try:  # refuse bad settings, configuration or rules here, with one clear line
        settings = WebSettings.from_env()
        from tonecheck.runtime import load_checker

        checker = load_checker(Path.cwd(), settings.model, settings.config, settings.rules or None)[
            1
        ]
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s %(message)s")
    options = _ServerOptions(host=host, port=port, access_log=access_log, log_level="info")
    if workers == 1:  # this process serves, with the checker just loaded
        uvicorn.run(create_app(settings, checker), **options)
    else:  # every worker process loads its own at start-up, from the same settings
        del checker
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, **options)


def _export(**values) -> None:
    """Pass the options to the worker processes as environment variables."""
    for name, value in values.items():
        if value is not None:
            os.environ[name] = str(value)
