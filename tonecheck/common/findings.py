"""Findings: what a rule reports, where, and how serious it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum


class Level(IntEnum):
    """How serious a finding is; higher is more serious."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Level:
        """A level by its English or Dutch name ("warning" or "waarschuwing")."""
        return cls[DUTCH_LEVEL_NAMES.get(name.lower(), name).upper()]

    def __str__(self) -> str:
        return self.name.lower()


LEVEL_NAMES = [str(level) for level in Level]
# rule files and the configuration also take the Dutch names
DUTCH_LEVEL_NAMES = {"suggestie": "suggestion", "waarschuwing": "warning", "fout": "error"}
ACCEPTED_LEVEL_NAMES = [*LEVEL_NAMES, *DUTCH_LEVEL_NAMES]


@dataclass(frozen=True)
class Location:
    """Where a finding is: block index, document character offsets, line and column."""

    paragraph: int
    start: int
    end: int
    line: int
    column: int


@dataclass(frozen=True)
class Replacement:
    """A proposed rewrite: document character offsets ``start``/``end`` (as in
    :class:`Location`) and the new text for that span."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    """One thing a rule found in one letter."""

    rule: str
    category: str
    level: Level
    message: str
    suggestion: str
    excerpt: str
    location: Location
    kind: str = ""
    # how the rule decided (for `explain`): matched tokens, what was looked for, where
    trace: dict = field(default_factory=dict, compare=False)
    replacement: Replacement | None = None

    def as_suggestion(self, note: str, **why) -> Finding:
        """The finding as a suggestion (a rule unsure of it claims no defect): its message
        with ``note`` added, and why it is unsure in its trace."""
        trace = {**self.trace, **why}
        return replace(self, level=Level.SUGGESTION, message=self.message + note, trace=trace)

    def as_dict(self) -> dict:
        """The JSON object of the finding (built by hand: ``dataclasses.asdict`` deep-copies
        the trace too and cost 1.5 ms per letter in a batch)."""
        where = self.location
        found = {
            "rule": self.rule,
            "category": self.category,
            "level": str(self.level),
            "message": self.message,
            "suggestion": self.suggestion,
            "excerpt": self.excerpt,
            "location": {
                "paragraph": where.paragraph,
                "start": where.start,
                "end": where.end,
                "line": where.line,
                "column": where.column,
            },
        }
        if self.replacement is not None:  # schema version 2
            new = self.replacement
            found["replacement"] = {"start": new.start, "end": new.end, "text": new.text}
        return found
