"""Apply configuration to a loaded rule set: disabled rules, level overrides."""

from __future__ import annotations

from tonecheck.common.categories import load_categories
from tonecheck.common.findings import Finding, Level
from tonecheck.config import Config, ConfigError
from tonecheck.engine.loader import RuleSet


def apply_config(rules: RuleSet, config: Config) -> RuleSet:
    """Switch rules off and change levels as configured; unknown names are errors."""
    ids = {r.id for r in rules.rules}
    where = str(config.path) if config.path else "configuration"
    for name in config.disable:
        if name not in ids and name not in load_categories():
            raise ConfigError(f"'disable' names no rule or category: '{name}'", where)
    for name in list(config.levels) + list(config.terms):
        if name not in ids:
            raise ConfigError(f"no rule with id '{name}'", where)
    for rule in rules.rules:
        rule.enabled = rule.id not in config.disable and rule.category not in config.disable
        if rule.id in config.levels:
            rule.level = Level.parse(config.levels[rule.id])
    return rules


def at_least(findings: list[Finding], level: Level) -> list[Finding]:
    return [f for f in findings if f.level >= level]
