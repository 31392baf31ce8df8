"""Options shared by commands, and loading what they need (config, model, rules)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
from spacy.language import Language

from tonecheck.batch.process import Checker
from tonecheck.cli.exit_codes import ExitCode
from tonecheck.config import Config, find_config, load_config
from tonecheck.engine.loader import RuleSet, load_rules
from tonecheck.engine.settings import apply_config
from tonecheck.errors import TonecheckError
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure_spec import StructureSpec, load_structure
from tonecheck.paths import default_rules_dir
from tonecheck.report.score import load_score_spec


@dataclass
class Runtime:
    """Everything a command needs, loaded once."""

    config: Config
    nlp: Language
    structure: StructureSpec
    rules: RuleSet | None = None


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


def rules_option(command: Callable) -> Callable:
    """``--rules`` (repeatable)."""
    return click.option(
        "--rules",
        "rule_paths",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Extra rule file or folder (repeatable), on top of the default rules.",
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
        start = first_path if str(first_path) != "-" else Path.cwd()
        config = load_config(config_path or find_config(start))
        runtime = Runtime(
            config=config,
            nlp=load_pipeline(model_name or config.model),
            structure=load_structure(),
        )
        if with_rules:
            folders = [default_rules_dir()] if config.default_rules else []
            folders += [*config.rules, *(rule_paths or ())]
            rules = load_rules(folders, runtime.nlp, runtime.structure, config.terms)
            runtime.rules = apply_config(rules, config)
        return runtime
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None


def checker_from_options(
    first_path: Path,
    model_name: str | None = None,
    config_path: Path | None = None,
    rule_paths: tuple[Path, ...] | None = None,
) -> tuple[Runtime, Checker]:
    """The runtime and the checker built from it (exits 2 on a configuration error)."""
    runtime = load_runtime(first_path, model_name, config_path, rule_paths)
    try:
        score_spec = load_score_spec()
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None
    return runtime, Checker(runtime.nlp, runtime.structure, runtime.rules, score_spec)
