"""Run a rule set over understood letters."""

from __future__ import annotations

from itertools import islice

from tonecheck.engine.context import LetterContext
from tonecheck.engine.findings import Finding
from tonecheck.engine.loader import RuleSet
from tonecheck.nlp.letter import Letter


def check_letter(letter: Letter, rules: RuleSet) -> list[Finding]:
    """All findings of the enabled rules on one letter, in document order."""
    context = LetterContext(letter)
    findings: list[Finding] = []
    for rule in rules.rules:
        if rule.enabled and rule.applies(context):
            found = rule.check.run(rule, context)
            findings.extend(islice(found, rule.max_per_letter))
    exclusive = {r.id for r in rules.rules if r.exclusive}
    if any(f.rule in exclusive for f in findings):
        findings = [f for f in findings if f.rule in exclusive]
    findings.sort(key=lambda f: (f.location.start, f.location.end, -f.level, f.rule))
    return _drop_overridden(findings, rules)


def _drop_overridden(findings: list[Finding], rules: RuleSet) -> list[Finding]:
    """A rule may override others (``overrides`` in YAML): where both flag the very same
    words, only the overriding finding stays (a 30-word sentence is 'too long', not also
    'long')."""
    overrides = {r.id: r.overrides for r in rules.rules if r.overrides}
    if not overrides:
        return findings
    at: dict[tuple[int, int], set[str]] = {}
    for f in findings:
        at.setdefault((f.location.start, f.location.end), set()).add(f.rule)
    dropped = {
        (span, victim)
        for span, ids in at.items()
        for rule_id in ids
        for victim in overrides.get(rule_id, ())
        if victim in ids
    }
    return [f for f in findings if ((f.location.start, f.location.end), f.rule) not in dropped]
