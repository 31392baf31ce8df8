"""Run a rule set over understood letters."""

from __future__ import annotations

from tonecheck.engine.context import LetterContext
from tonecheck.engine.findings import Finding
from tonecheck.engine.loader import RuleSet
from tonecheck.nlp.letter import Letter


def check_letter(letter: Letter, rules: RuleSet) -> list[Finding]:
    """All findings of the enabled rules on one letter, in document order."""
    context = LetterContext(letter)
    findings: list[Finding] = []
    for rule in rules.rules:
        if rule.enabled and rule.applies(context, rules.bad_news_types):
            findings.extend(rule.check.run(rule, context))
    findings.sort(key=lambda f: (f.location.start, f.location.end, -f.level, f.rule))
    return findings
