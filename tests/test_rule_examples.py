"""Every rule of the default rule set keeps the promises of its own examples."""

from __future__ import annotations

import pytest

from tonecheck.engine.examples import run_examples
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure_spec import load_structure
from tonecheck.paths import default_rules_dir

MIN_EXAMPLES = 3


def _results():
    nlp = load_pipeline()
    structure = load_structure()
    rules = load_rules([default_rules_dir()], nlp, structure)
    return rules, list(run_examples(nlp, structure, rules))


RULES, RESULTS = _results()


@pytest.mark.parametrize(
    "result",
    RESULTS,
    ids=[f"{r.rule}:{'flag' if r.expect_flag else 'ok'}:{r.text[:40]}" for r in RESULTS],
)
def test_rule_example(result):
    verb = "flag" if result.expect_flag else "not flag"
    found = [f.excerpt for f in result.findings]
    assert result.passed, f"{result.rule} should {verb} {result.text!r}; found: {found}"


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_rule_has_enough_examples(rule):
    assert len(rule.examples_flag) >= MIN_EXAMPLES
    assert len(rule.examples_ok) >= MIN_EXAMPLES
