"""Load what checking needs (configuration, Dutch pipeline, letter structure, rules,
score bands) once per process, for the CLI, the batch workers and the web service."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language

from tonecheck.checker import Checker
from tonecheck.config import Config, find_config, load_config
from tonecheck.engine.loader import RuleSet, load_rules
from tonecheck.engine.settings import apply_config
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure import load_structure
from tonecheck.nlp.structure_spec import StructureSpec
from tonecheck.paths import default_rules_dir
from tonecheck.report.score import load_score_spec
from tonecheck.rewrite.spec import RewriteSpec


def config_file(
    first_path: Path, config_path: Path | None = None, search: bool = True
) -> Path | None:
    """The configuration file for a run: the one given, else (when ``search``) the
    nearest one upwards from ``first_path`` (from the working folder for '-')."""
    if config_path or not search:
        return config_path
    return find_config(first_path if str(first_path) != "-" else Path.cwd())


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
    search_config: bool = True,
) -> Runtime:
    """Config (unless given, found from ``first_path`` upwards, or the defaults when not
    ``search_config``), pipeline, letter structure and (optionally) rules; raises
    :class:`tonecheck.errors.TonecheckError`."""
    config = load_config(config_file(first_path, config_path, search_config))
    structure = load_structure()
    if config.roles and structure.roles is not None:
        structure = replace(structure, roles=structure.roles.with_thresholds(config.roles))
    runtime = Runtime(
        config=config, nlp=load_pipeline(model_name or config.model), structure=structure
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
    search_config: bool = True,
    with_rules: bool = True,
) -> tuple[Runtime, Checker]:
    """The runtime and the checker built from it (without rules: one that only
    understands letters); raises TonecheckError."""
    runtime = load_runtime(
        first_path, model_name, config_path, rule_paths, with_rules, search_config
    )
    rules = runtime.rules if runtime.rules is not None else RuleSet(rules=[])
    checker = Checker(runtime.nlp, runtime.structure, rules, load_score_spec())
    mode = runtime.config.rewrites
    if mode == "off":
        checker.rewrites = RewriteSpec()
    checker.verify_rewrites = mode == "checked"
    return runtime, checker


@dataclass(frozen=True)
class CheckerSource:
    """Where a checker comes from: enough for another process (a worker, perhaps on
    another machine) to load the same one. Plain strings, so it pickles anywhere."""

    first_path: str | None = "-"  # the configuration is found from here; None: no search
    model_name: str | None = None
    config_path: str | None = None
    rule_paths: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        first_path: Path,
        model_name: str | None = None,
        config_path: Path | None = None,
        rule_paths: tuple[Path, ...] | None = None,
    ) -> CheckerSource:
        return cls(
            str(first_path),
            model_name,
            str(config_path) if config_path else None,
            tuple(map(str, rule_paths or ())),
        )

    def resolved(self, base: Path) -> CheckerSource:
        """The same checker described without this machine's working folder: the
        configuration file looked up here, every path absolute (a model name that is
        not a path stays a name). Batches with the same settings get equal sources."""

        def absolute(path: str) -> str:
            return str((base / path).resolve())

        config = self.config_path
        if config is None and self.first_path is not None:
            found = config_file(base / self.first_path if self.first_path != "-" else base)
            config = str(found) if found else None
        model = self.model_name
        if model and (base / model).exists():
            model = absolute(model)
        return CheckerSource(
            None,
            model,
            absolute(config) if config else None,
            tuple(map(absolute, self.rule_paths)),
        )

    @property
    def key(self) -> str:
        """A short name that differs between differently configured checkers."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]

    def load(self) -> Checker:
        """Load the checker; raises TonecheckError."""
        config = Path(self.config_path) if self.config_path else None
        rules = tuple(map(Path, self.rule_paths))
        first = Path(self.first_path or "-")
        search = self.first_path is not None
        return load_checker(first, self.model_name, config, rules, search_config=search)[1]
