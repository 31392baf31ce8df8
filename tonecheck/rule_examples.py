"""Run the ``flag`` and ``ok`` examples of rules: the rule file's own tests.

Each example is checked as a small letter of its own by the same :class:`Checker` as
any letter, so an example passes or fails exactly as the rule behaves in ``check``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tonecheck.checker import Checker
from tonecheck.common.findings import Finding
from tonecheck.documents.text_reader import read_text
from tonecheck.engine.rule import Rule


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    expect_flag: bool
    text: str
    findings: tuple[Finding, ...]  # findings of this rule on the example
    error: str | None = None  # the example could not be checked

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.findings) == self.expect_flag


def run_example(checker: Checker, rule: Rule, text: str, expect_flag: bool) -> ExampleResult:
    """Check one example of ``rule`` as a letter of its own."""
    result = checker.check(read_text(text, f"<{rule.id}>"))
    own = tuple(f for f in result.findings if f.rule == rule.id)
    return ExampleResult(rule.id, expect_flag, text, own, result.error)


def run_examples(checker: Checker) -> Iterator[ExampleResult]:
    """Check every example of every rule of the checker's rule set."""
    for rule in checker.rules.rules:
        for expect_flag, examples in ((True, rule.examples_flag), (False, rule.examples_ok)):
            for text in examples:
                yield run_example(checker, rule, text, expect_flag)
