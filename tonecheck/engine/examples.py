"""Run the ``flag`` and ``ok`` examples of rules: the rule file's own tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language

from tonecheck.documents.text_reader import read_text
from tonecheck.engine.findings import Finding
from tonecheck.engine.loader import RuleSet
from tonecheck.engine.runner import check_letter
from tonecheck.nlp.letter import understand
from tonecheck.nlp.structure_spec import StructureSpec


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    expect_flag: bool
    text: str
    findings: tuple[Finding, ...]  # findings of this rule on the example

    @property
    def passed(self) -> bool:
        return bool(self.findings) == self.expect_flag


def run_examples(
    nlp: Language, structure: StructureSpec, rules: RuleSet
) -> Iterator[ExampleResult]:
    """Check every example of every rule; each is read as a small letter of its own."""
    for rule in rules.rules:
        for expect_flag, examples in ((True, rule.examples_flag), (False, rule.examples_ok)):
            for text in examples:
                letter = understand(nlp, structure, read_text(text, f"<{rule.id}>"))
                own = tuple(f for f in check_letter(letter, rules) if f.rule == rule.id)
                yield ExampleResult(rule.id, expect_flag, text, own)
