"""Run a rule set over an understood letter: every rule's outcome and the findings.

This is the only place that decides which findings a letter gets: a rule that is off or
does not apply to the letter, ``max_per_letter``, ``exclusive`` and ``overrides`` are
applied here, and each rule's :class:`RuleOutcome` says which of them decided. ``check``,
``explain``, ``rules test`` and every other caller read the same outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tonecheck.common.findings import Finding
from tonecheck.engine.context import LetterContext
from tonecheck.engine.loader import RuleSet
from tonecheck.engine.rule import Rule
from tonecheck.nlp.letter import Letter


class Status(StrEnum):
    """What became of a rule on one letter."""

    FIRED = "fired"  # at least one finding is reported
    QUIET = "quiet"  # it ran and found nothing
    NOT_APPLICABLE = "not-applicable"  # not for this letter type, or no bad news
    OFF = "off"  # disabled in the configuration
    OVERRIDDEN = "overridden"  # every finding gave way to an overriding rule's
    SILENCED = "silenced"  # found something, but an exclusive rule took the letter


@dataclass
class RuleOutcome:
    """One rule on one letter: its status, the findings reported and those dropped
    (with why), and what it looked for."""

    rule: Rule
    status: Status
    findings: list[Finding] = field(default_factory=list)  # reported
    capped: list[Finding] = field(default_factory=list)  # beyond max_per_letter
    overridden: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, by rule)
    silenced: list[Finding] = field(default_factory=list)  # an exclusive rule took over
    silenced_by: str = ""
    reason: str = ""  # why it is off or does not apply
    quiet_because: list[str] = field(default_factory=list)  # why a check found nothing

    @property
    def fired(self) -> bool:
        return bool(self.findings)

    @property
    def looked_for(self) -> str:
        """The check in words (worked out when shown, not for every letter)."""
        return self.rule.check.explain()


@dataclass
class RulesResult:
    """The findings of a letter (document order) and every rule's outcome (rule order)."""

    findings: list[Finding]
    outcomes: list[RuleOutcome]


def run_rules(letter: Letter, rules: RuleSet, explain: bool = False) -> RulesResult:
    """Every rule's outcome on one letter. With ``explain``, quiet checks also say what
    they saw (costs a second look, so only ``explain`` asks)."""
    context = LetterContext(letter)
    outcomes = [_run_one(rule, context, explain) for rule in rules.rules]
    _apply_exclusive(outcomes)
    _apply_overrides(outcomes)
    for outcome in outcomes:
        if outcome.status is Status.FIRED and not outcome.findings:
            outcome.status = Status.OVERRIDDEN
    findings = [f for o in outcomes for f in o.findings]
    findings.sort(key=lambda f: (f.location.start, f.location.end, -f.level, f.rule))
    return RulesResult(findings, outcomes)


def check_letter(letter: Letter, rules: RuleSet) -> list[Finding]:
    """All findings of the enabled rules on one letter, in document order."""
    return run_rules(letter, rules).findings


def _run_one(rule: Rule, context: LetterContext, explain: bool) -> RuleOutcome:
    outcome = RuleOutcome(rule, Status.QUIET)
    if not rule.enabled:
        outcome.status, outcome.reason = Status.OFF, "uitgezet in de configuratie"
        return outcome
    reason = rule.not_applicable(context)
    if reason is not None:
        outcome.status, outcome.reason = Status.NOT_APPLICABLE, reason
        return outcome
    found = rule.weighed_by_bad_news(list(rule.check.run(rule, context)), context)
    cap = rule.max_per_letter
    outcome.findings = found[:cap] if cap is not None else found
    outcome.capped = found[cap:] if cap is not None else []
    if outcome.findings:
        outcome.status = Status.FIRED
    elif explain:
        outcome.quiet_because = rule.check.why_quiet(rule, context)
    return outcome


def _apply_exclusive(outcomes: list[RuleOutcome]) -> None:
    """When an ``exclusive`` rule fires, the letter gets only the exclusive rules'
    findings (a letter in English gets one finding instead of hundreds)."""
    taking = [o.rule.id for o in outcomes if o.rule.exclusive and o.findings]
    if not taking:
        return
    for outcome in outcomes:
        if outcome.rule.exclusive or not outcome.findings:
            continue
        outcome.silenced, outcome.findings = outcome.findings, []
        outcome.silenced_by = taking[0]
        outcome.status = Status.SILENCED


def _apply_overrides(outcomes: list[RuleOutcome]) -> None:
    """A rule may override others (``overrides`` in YAML): where both flag the very same
    words, only the overriding finding stays (a 30-word sentence is 'too long', not also
    'long')."""
    by_id = {o.rule.id: o for o in outcomes}
    # the spans each overriding rule flags, taken before any finding gives way
    spans = {
        o.rule.id: {(f.location.start, f.location.end) for f in o.findings}
        for o in outcomes
        if o.rule.overrides
    }
    for outcome in outcomes:
        for victim in outcome.rule.overrides:
            target = by_id.get(victim)
            if target is None:
                continue
            kept = []
            for f in target.findings:
                if (f.location.start, f.location.end) in spans[outcome.rule.id]:
                    target.overridden.append((f, outcome.rule.id))
                else:
                    kept.append(f)
            target.findings = kept
