"""Options shared by commands, and loading what they need (config, model, rules)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from tonecheck import runtime
from tonecheck.checker import Checker
from tonecheck.cli.exit_codes import ExitCode
from tonecheck.errors import TonecheckError
from tonecheck.runtime import Runtime


def model_option(command: Callable) -> Callable:
    """``--model`` and ``--config``."""
    command = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Configuratiebestand (standaard: de dichtstbijzijnde tonecheck.toml, in deze map "
        "of een map erboven).",
    )(command)
    return click.option(
        "--model",
        "model_name",
        default=None,
        metavar="MODEL",
        help="Nederlands spaCy-model: 'bundled' (standaard, het meegeleverde model), de naam "
        "van een geïnstalleerd pakket (bijv. nl_core_news_sm) of een pad.",
    )(command)


def table_or_json_option(command: Callable) -> Callable:
    """``--format table|json`` for the commands that show a table."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="table (een tabel om te lezen) of json (voor andere programma's).",
    )(command)


def rules_option(command: Callable) -> Callable:
    """``--rules`` (repeatable)."""
    return click.option(
        "--rules",
        "rule_paths",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Extra regelbestand of map met regels (mag vaker), naast de standaardregels.",
    )(command)


def fail(error: TonecheckError) -> None:
    click.echo(f"tonecheck: {error}", err=True)


def load_runtime(
    first_path: Path,
    model_name: str | None = None,
    config_path: Path | None = None,
    rule_paths: tuple[Path, ...] | None = None,
    with_rules: bool = True,
) -> Runtime:
    """Config, pipeline, letter structure and (optionally) rules; exits 2 on any error."""
    try:
        return runtime.load_runtime(first_path, model_name, config_path, rule_paths, with_rules)
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None


def checker_from_options(
    first_path: Path,
    model_name: str | None = None,
    config_path: Path | None = None,
    rule_paths: tuple[Path, ...] | None = None,
    with_rules: bool = True,
) -> tuple[Runtime, Checker]:
    """The runtime and the checker built from it (exits 2 on a configuration error)."""
    try:
        return runtime.load_checker(
            first_path, model_name, config_path, rule_paths, with_rules=with_rules
        )
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None
