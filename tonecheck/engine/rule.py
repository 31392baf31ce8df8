"""A loaded rule: its data from YAML, its compiled check, and where it was defined."""

from __future__ import annotations

from dataclasses import dataclass, field

from tonecheck.common.fill_in import field_names
from tonecheck.common.findings import Finding, Level
from tonecheck.engine.checks.base import Check
from tonecheck.engine.context import LetterContext
from tonecheck.nlp.facts_schema import FACT_FIELDS
from tonecheck.nlp.letter import Letter
from tonecheck.nlp.letter_type import LetterType

# the {placeholders} every rule may use, besides those of its check kind: the letter type
# and the facts read from the letter (tonecheck/nlp/facts.py)
LETTER_FIELDS = frozenset({"letter_type", *FACT_FIELDS})
# a rule for some letter types also checks a letter whose learned type is none of them,
# when the classifier gives those types together more than this probability
TYPE_SHARE = 0.5


@dataclass
class Rule:
    """One rule from a rule file."""

    id: str
    category: str
    level: Level
    message: str
    suggestion: str
    check: Check
    zones: frozenset[str]
    examples_flag: tuple[str, ...] = ()
    examples_ok: tuple[str, ...] = ()
    explanation: str = ""
    link: str = ""
    applies_to: frozenset[str] | None = None
    # per letter type, the message and suggestion that replace the rule's own
    for_types: dict[str, dict[str, str]] = field(default_factory=dict)
    bad_news_only: bool = False
    # below this probability of bad news (the learned bad-news model's), the rule's
    # warnings become suggestions: whether the letter brings bad news is unsure
    bad_news_sure_from: float | None = None
    source: str = ""
    line: int = 0
    enabled: bool = True
    overrides: tuple[str, ...] = ()
    max_per_letter: int | None = None
    exclusive: bool = False  # when it fires, the letter gets only this rule's findings
    data: dict = field(default_factory=dict, repr=False)

    def not_applicable(self, context: LetterContext) -> str | None:
        """Why the rule does not check this letter (its type, or no bad news), or None
        when it does."""
        letter_type = context.letter.letter_type
        if self.applies_to is not None and not applies_to_type(self.applies_to, letter_type):
            allowed = ", ".join(sorted(self.applies_to))
            return f"alleen voor brieftypen {allowed}; deze brief: {letter_type.label}"
        if self.bad_news_only and not letter_type.bad_news:
            return f"alleen voor brieven met slecht nieuws; deze brief ({letter_type.label}) niet"
        return None

    def weighed_by_bad_news(self, findings: list[Finding], context: LetterContext) -> list[Finding]:
        """``findings``, as suggestions when the letter's bad news is less sure than
        :attr:`bad_news_sure_from` (a rule for bad news claims no defect in a letter that
        may bring none); as they are without that setting or without the learned model."""
        evidence = context.letter.bad_news
        probability = evidence.probability if evidence is not None else None
        if self.bad_news_sure_from is None or probability is None:
            return findings
        if probability >= self.bad_news_sure_from:
            return findings
        return [_unsure_of_bad_news(f, probability) for f in findings]

    def texts(self, letter: Letter, **values: str) -> tuple[str, str]:
        """The message and suggestion for ``letter``: filled in with ``values`` (the
        check's), the letter type and the facts read from the letter, in its form of
        address."""
        label = letter.letter_type.label
        fields = {"letter_type": label, **values}
        own = self.for_types.get(label, {})
        message = own.get("message", self.message)
        suggestion = own.get("suggestion", self.suggestion)
        return letter.facts.fill(message, fields), letter.facts.fill(suggestion, fields)

    def finding(
        self, context: LetterContext, start: int, end: int, trace: dict, **values: str
    ) -> Finding:
        """A finding of this rule over document characters ``start:end``."""
        message, suggestion = self.texts(context.letter, **values)
        return Finding(
            rule=self.id,
            category=self.category,
            level=self.level,
            message=message,
            suggestion=suggestion,
            excerpt=context.letter.document.text[start:end],
            location=context.location(start, end),
            kind=self.check.kind,
            trace=trace,
        )


def _unsure_of_bad_news(finding: Finding, probability: float) -> Finding:
    if finding.level <= Level.SUGGESTION:
        return finding
    note = " Of deze brief slecht nieuws brengt, is niet zeker; brengt hij dat wel, dan geldt dit."
    return finding.as_suggestion(note, bad_news_unsure=round(probability, 3))


def placeholders(text: str) -> set[str]:
    """Names used as {placeholders} in a message (not the {u-form|je-form} choices);
    raises ValueError for a broken one."""
    return field_names(text)


def applies_to_type(types: frozenset[str], letter_type: LetterType) -> bool:
    """Whether a letter of ``letter_type`` is one of ``types``: its label is, or, when the
    learned classifier is unsure of its label, ``types`` together are more likely than not
    (a status notice read as an acknowledgement at 0.41, and at 0.55 together as a
    decision of no known type, a refusal or a grant)."""
    if letter_type.label in types:
        return True
    share = sum(p for label, p in letter_type.probabilities.items() if label in types)
    return share > TYPE_SHARE
