"""A loaded rule: its data from YAML, its compiled check, and where it was defined."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from tonecheck.common.findings import Finding, Level
from tonecheck.engine.checks.base import Check
from tonecheck.engine.context import LetterContext


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


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
    bad_news_only: bool = False
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
        if self.applies_to is not None and letter_type.label not in self.applies_to:
            allowed = ", ".join(sorted(self.applies_to))
            return f"alleen voor brieftypen {allowed}; deze brief: {letter_type.label}"
        if self.bad_news_only and not letter_type.bad_news:
            return f"alleen voor brieven met slecht nieuws; deze brief ({letter_type.label}) niet"
        return None

    def finding(
        self, context: LetterContext, start: int, end: int, trace: dict, **values: str
    ) -> Finding:
        """A finding of this rule over document characters ``start:end``."""
        fields = _Blank(values)
        fields.setdefault("letter_type", context.letter.letter_type.label)
        return Finding(
            rule=self.id,
            category=self.category,
            level=self.level,
            message=string.Formatter().vformat(self.message, (), fields),
            suggestion=string.Formatter().vformat(self.suggestion, (), fields),
            excerpt=context.letter.document.text[start:end],
            location=context.location(start, end),
            kind=self.check.kind,
            trace=trace,
        )


def placeholders(text: str) -> set[str]:
    """Names used as {placeholders} in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
