"""``tonecheck serve``: the web page and HTTP API (needs ``pip install 'tonecheck[web]'``).

Its help is in Dutch. The settings travel to the worker processes as environment
variables (see :mod:`tonecheck.web.settings`)."""

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
PAGE_ACCESS = ("open", "token", "header")  # tonecheck.web.settings.PageAccess (needs no web extra)


class _ServerOptions(TypedDict):
    """The options of ``uvicorn.run`` that are the same for one process or several."""

    host: str
    port: int
    access_log: bool
    log_level: str


@click.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, metavar="ADRES",
    help="Het adres waarop tonecheck luistert.",
)  # fmt: skip
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), metavar="POORT",
    help="De poort waarop tonecheck luistert.",
)  # fmt: skip
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="AANTAL",
    help="Werkprocessen; elk laadt het taalmodel en de regels één keer (ongeveer 250 MB "
    "per proces).",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Bestand met het token dat de API vraagt (Authorization: Bearer), minstens 16 "
    "tekens (of zet TONECHECK_API_TOKEN). Zonder token staat de API open voor iedereen die "
    "de poort bereikt.",
)
@click.option(
    "--page-access",
    type=click.Choice(PAGE_ACCESS),
    default=None,
    help="Wie de pagina mag gebruiken: open, token of header (zie boven; of zet "
    "TONECHECK_PAGE_ACCESS) [standaard: open].",
)
@click.option(
    "--page-header", metavar="NAAM", default=None,
    help="Bij --page-access header: de header die de aanmeldproxy van het intranet zet, "
    "bijvoorbeeld X-Remote-User (of zet TONECHECK_PAGE_HEADER).",
)  # fmt: skip
@click.option(
    "--max-upload-mb", type=click.FloatRange(min=0, min_open=True), default=None, metavar="MB",
    help="De grootste upload in MB [standaard: 10].",
)  # fmt: skip
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
    metavar="SECONDEN", help="Hoe lang één verzoek mag wachten en controleren [standaard: 30].",
)  # fmt: skip
@click.option(
    "--allow-origin", "origins", multiple=True, metavar="ORIGIN",
    help="Laat pagina's van deze origin de API aanroepen (CORS; mag vaker; standaard geen).",
)  # fmt: skip
@click.option(
    "--access-log/--no-access-log", default=True,
    help="Log een regel per verzoek (nooit de inhoud van een brief).",
)  # fmt: skip
@model_option
@rules_option
def serve_command(
    host: str,
    port: int,
    workers: int,
    token_file: Path | None,
    page_access: str | None,
    page_header: str | None,
    max_upload_mb: float | None,
    timeout: float | None,
    origins: tuple[str, ...],
    access_log: bool,
    model_name: str | None,
    config_path: Path | None,
    rule_paths: tuple[Path, ...],
) -> None:
    """Start de pagina voor behandelaars en de JSON-API (/api/v1; het OpenAPI-schema staat
    op /api/v1/openapi.json). Brieven worden gecontroleerd en vergeten: tonecheck bewaart
    niets, en de logboeken bevatten geen inhoud van brieven.

    \b
    Wie de pagina mag gebruiken (--page-access):
      open    iedereen die de poort bereikt (standaard). Ook met een API-token
              controleert en annoteert de pagina dan zonder token: zo is ze
              ontworpen, voor achter de aanmelding van het intranet.
      token   wie het API-token kent. De pagina vraagt het één keer als
              toegangscode en onthoudt de aanmelding in een cookie tot de
              browser sluit (hooguit 12 uur); programma's sturen
              'Authorization: Bearer TOKEN'.
      header  alleen verzoeken met de header die de aanmeldproxy van het
              intranet zet (--page-header). De proxy moet die header uit
              verzoeken van browsers halen, en alleen de proxy mag de poort
              bereiken.

    Alle werkprocessen delen één geheim voor de formulieren van de pagina. Zet
    TONECHECK_FORM_SECRET (minstens 16 tekens) om het te bewaren bij een herstart, en
    geef het alle replica's achter één adres.
    """
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
        TONECHECK_PAGE_ACCESS=page_access,
        TONECHECK_PAGE_HEADER=page_header,
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
