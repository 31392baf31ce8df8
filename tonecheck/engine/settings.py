"""Apply configuration to a loaded rule set: disabled rules, level overrides."""

from __future__ import annotations

import difflib

from tonecheck.common.categories import load_categories
from tonecheck.common.findings import Finding, Level
from tonecheck.common.yamlfile import Problem
from tonecheck.config import Config, ConfigError, line_of
from tonecheck.engine.loader import RuleSet


def apply_config(rules: RuleSet, config: Config) -> RuleSet:
    """Switch rules off and change levels as configured; names of no rule are errors, all
    reported at once at their lines of the configuration file."""
    ids = {r.id for r in rules.rules}
    unknown = [
        (name, f"'disable' noemt geen regel of categorie: '{name}'")
        for name in sorted(config.disable)
        if name not in ids and name not in load_categories()
    ] + [(name, f"er is geen regel met id '{name}'") for name in [*config.levels, *config.terms]
         if name not in ids]  # fmt: skip
    if unknown:  # read the file for the lines only when there is something to report
        where = str(config.path) if config.path else "configuratie"
        text = config.path.read_text(encoding="utf-8", errors="replace") if config.path else ""
        raise ConfigError([_problem(where, text, name, message, ids) for name, message in unknown])
    for rule in rules.rules:
        rule.enabled = rule.id not in config.disable and rule.category not in config.disable
        if rule.id in config.levels:
            rule.level = Level.parse(config.levels[rule.id])
    return rules


def _problem(where: str, text: str, name: str, message: str, ids: set[str]) -> Problem:
    """A name of no rule, at its line of the configuration, with the nearest rule id."""
    hint = difflib.get_close_matches(name, sorted(ids), n=1)
    extra = f" (bedoelt u '{hint[0]}'?)" if hint else ""
    return Problem(where, line_of(text, name), 1, message + extra)


def at_least(findings: list[Finding], level: Level) -> list[Finding]:
    return [f for f in findings if f.level >= level]
