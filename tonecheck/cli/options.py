"""Options shared by commands, and loading what they need (config, model, structure)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from spacy.language import Language

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.config import find_config, load_config
from tonecheck.errors import TonecheckError
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure_spec import StructureSpec, load_structure


def model_option(command: Callable) -> Callable:
    """``--model`` and ``--config``."""
    command = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Configuration file (default: nearest tonecheck.toml upwards).",
    )(command)
    return click.option(
        "--model",
        "model_name",
        default=None,
        help="Dutch spaCy pipeline: 'bundled' (default), an installed package name "
        "(e.g. nl_core_news_sm) or a path.",
    )(command)


def fail(error: TonecheckError) -> None:
    click.echo(f"tonecheck: {error}", err=True)


def resolve_runtime(
    first_path: Path, model_name: str | None, config_path: Path | None
) -> tuple[Language, StructureSpec]:
    """Config, pipeline and letter structure data; exits with 2 on any error."""
    try:
        start = first_path if str(first_path) != "-" else Path.cwd()
        config = load_config(config_path or find_config(start))
        return load_pipeline(model_name or config.model), load_structure()
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None
