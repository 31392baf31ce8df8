"""Load what checking needs (configuration, Dutch pipeline, letter structure, rules,
score bands) once per process, for the CLI, the batch workers and the web service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from tonecheck.batch.process import Checker
from tonecheck.config import Config, find_config, load_config
from tonecheck.engine.loader import RuleSet, load_rules
from tonecheck.engine.settings import apply_config
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


def load_runtime(
    first_path: Path,
    model_name: str | None = None,
    config_path: Path | None = None,
    rule_paths: tuple[Path, ...] | None = None,
    with_rules: bool = True,
) -> Runtime:
    """Config (found from ``first_path`` upwards unless given), pipeline, letter structure
    and (optionally) rules; raises :class:`tonecheck.errors.TonecheckError`."""
    start = first_path if str(first_path) != "-" else Path.cwd()
    config = load_config(config_path or find_config(start))
    runtime = Runtime(
        config=config, nlp=load_pipeline(model_name or config.model), structure=load_structure()
    )
    if with_rules:
        folders = [default_rules_dir()] if config.default_rules else []
        folders += [*config.rules, *(rule_paths or ())]
        rules = load_rules(folders, runtime.nlp, runtime.structure, config.terms)
        runtime.rules = apply_config(rules, config)
    return runtime


def load_checker(
    first_path: Path,
    model_name: str | None = None,
    config_path: Path | None = None,
    rule_paths: tuple[Path, ...] | None = None,
) -> tuple[Runtime, Checker]:
    """The runtime and the checker built from it; raises TonecheckError."""
    runtime = load_runtime(first_path, model_name, config_path, rule_paths)
    checker = Checker(runtime.nlp, runtime.structure, runtime.rules, load_score_spec())
    return runtime, checker
