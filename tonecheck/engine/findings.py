"""Findings: what a rule reports, where, and how serious it is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import IntEnum


class Level(IntEnum):
    """How serious a finding is; higher is more serious."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Level:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


LEVEL_NAMES = [str(level) for level in Level]


@dataclass(frozen=True)
class Location:
    """Where a finding is: block index, document character offsets, line and column."""

    paragraph: int
    start: int
    end: int
    line: int
    column: int


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

    def as_dict(self) -> dict:
        data = asdict(self)
        data["level"] = str(self.level)
        del data["trace"]
        del data["kind"]
        return data
