"""The result of checking one letter, as every reporter receives it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tonecheck import __version__
from tonecheck.common.findings import Finding
from tonecheck.engine.runner import RuleOutcome
from tonecheck.nlp.letter import Letter
from tonecheck.report.score import Score

SCHEMA_VERSION = 2  # 2: findings may carry a replacement (docs/json-output.md)


@dataclass
class DocumentResult:
    path: str
    letter: Letter | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    score: Score | None = None
    outcomes: list[RuleOutcome] = field(default_factory=list, repr=False)  # rule order
    score_note: str | None = None  # why there is no score (too short, not Dutch)
    hidden_findings: int = 0  # findings below the level asked for (the score counts them)

    def as_dict(self) -> dict:
        letter = self.letter
        return {
            "path": self.path,
            "letter_type": (
                {
                    "label": letter.letter_type.label,
                    "confidence": letter.letter_type.confidence,
                    "evidence": letter.letter_type.evidence,
                }
                if letter
                else None
            ),
            "stats": (
                {
                    "words": letter.stats.words,
                    "sentences": letter.stats.sentences,
                    "flesch_douma": letter.stats.flesch_douma,
                    "avg_sentence_length": letter.stats.avg_sentence_length,
                    "long_word_share": letter.stats.long_word_share,
                    "level": letter.stats.level,
                    "language": letter.language,
                }
                if letter
                else None
            ),
            "score": self.score.as_dict() if self.score else None,
            "score_note": self.score_note,
            "findings": [f.as_dict() for f in self.findings],
            "error": self.error,
        }


SCHEMA_FILE = Path(__file__).with_name("tonecheck-output.schema.json")


@cache
def output_schema() -> dict:
    """The JSON Schema of the output (docs/json-output.md describes it)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def envelope(documents: list[dict]) -> dict:
    """The top-level JSON object."""
    return {"tonecheck": __version__, "schema_version": SCHEMA_VERSION, "documents": documents}
