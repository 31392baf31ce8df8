"""Every rule of the default rule set keeps the promises of its own examples.

The examples are collected from the rule files without loading the pipeline (a cheap
YAML read), and each is checked only when its test runs.
"""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from tonecheck.paths import default_rules_dir
from tonecheck.rule_examples import run_example

MIN_EXAMPLES = 3


def _examples() -> list[tuple[str, bool, str]]:
    """(rule id, expect a finding, text) for every example of the default rules."""
    yaml = YAML(typ="safe")
    found = []
    for path in sorted(default_rules_dir().glob("*.yml")):
        for rule in (yaml.load(path.read_text(encoding="utf-8")) or {}).get("rules", []):
            for flag, key in ((True, "flag"), (False, "ok")):
                found += [(rule["id"], flag, text) for text in rule["examples"][key]]
    return found


EXAMPLES = _examples()


@pytest.fixture(scope="module")
def default_checker(nlp):
    from tonecheck.checker import Checker
    from tonecheck.engine.loader import load_rules
    from tonecheck.nlp.structure import load_structure
    from tonecheck.report.score import load_score_spec

    structure = load_structure()
    rules = load_rules([default_rules_dir()], nlp, structure)
    return Checker(nlp, structure, rules, load_score_spec())


def test_the_examples_were_collected():
    assert len(EXAMPLES) >= 200
    assert {flag for _, flag, _ in EXAMPLES} == {True, False}


@pytest.mark.parametrize(
    ("rule_id", "expect_flag", "text"),
    EXAMPLES,
    ids=[f"{r}:{'flag' if f else 'ok'}:{t[:40]}" for r, f, t in EXAMPLES],
)
def test_rule_example(default_checker, rule_id, expect_flag, text):
    rule = default_checker.rules.get(rule_id)
    result = run_example(default_checker, rule, text, expect_flag)
    verb = "flag" if expect_flag else "not flag"
    found = [f.excerpt for f in result.findings]
    assert result.passed, f"{rule_id} should {verb} {text!r}; found: {found} {result.error or ''}"


def test_every_rule_has_enough_examples(default_checker):
    few = [
        rule.id
        for rule in default_checker.rules.rules
        if min(len(rule.examples_flag), len(rule.examples_ok)) < MIN_EXAMPLES
    ]
    assert few == []
