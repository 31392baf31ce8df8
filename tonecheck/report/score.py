"""The letter score (0-100) and its colour band; weights in rules/structure/score.yml.

Findings about the letter as a whole (a missing acknowledgement, reason, alternative or
objection clause) cost fixed points whatever the letter's length; findings in the text
(long sentences, officialese) are set against the letter's length, as Writer's score
does (N = words / 75). The formula is explained in docs/score.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from tonecheck.common.categories import load_categories
from tonecheck.common.findings import Finding, Level
from tonecheck.common.yamlfile import DataFileError, load_checked, validate
from tonecheck.paths import structure_dir

_NUMBER = {"type": "number", "minimum": 0}
SCORE_SCHEMA = {
    "type": "object",
    "required": ["words_per_unit", "letter_factor", "level_points", "categories", "bands"],
    "additionalProperties": False,
    "properties": {
        "words_per_unit": {"type": "number", "exclusiveMinimum": 0},
        "min_words": {"type": "integer", "minimum": 0},
        "letter_factor": _NUMBER,
        "level_points": {
            "type": "object",
            "required": ["suggestion", "warning", "error"],
            "additionalProperties": False,
            "properties": {"suggestion": _NUMBER, "warning": _NUMBER, "error": _NUMBER},
        },
        "categories": {
            "type": "object",
            "propertyNames": {"enum": list(load_categories())},
            "additionalProperties": {
                "type": "object",
                "required": ["weight"],
                "additionalProperties": False,
                "properties": {"weight": _NUMBER, "per_letter": {"type": "boolean"}},
            },
        },
        "bands": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["min", "label"],
                "additionalProperties": False,
                "properties": {"min": _NUMBER, "label": {"type": "string"}},
            },
        },
    },
}


@dataclass(frozen=True)
class ScoreSpec:
    words_per_unit: float
    letter_factor: float
    level_points: dict[Level, float]
    weights: dict[str, float]
    per_letter: frozenset[str]
    bands: tuple[tuple[float, str], ...]  # (minimum, label), highest minimum first
    min_words: int = 0  # shorter letters are too short to judge: no score


@dataclass(frozen=True)
class Score:
    value: int
    band: str
    text_part: float  # 0-100 before the letter-level points are taken off
    letter_points: float  # points taken off for findings about the letter as a whole

    def as_dict(self) -> dict:
        return {"value": self.value, "band": self.band}


def _spec_from(data, path: Path) -> ScoreSpec:
    problems = validate(data, SCORE_SCHEMA, path)
    if problems:
        raise DataFileError(problems)
    categories = data["categories"]
    return ScoreSpec(
        words_per_unit=float(data["words_per_unit"]),
        letter_factor=float(data["letter_factor"]),
        level_points={Level.parse(k): float(v) for k, v in data["level_points"].items()},
        weights={k: float(v["weight"]) for k, v in categories.items()},
        per_letter=frozenset(k for k, v in categories.items() if v.get("per_letter")),
        bands=tuple(sorted(((b["min"], b["label"]) for b in data["bands"]), reverse=True)),
        min_words=int(data.get("min_words", 0)),
    )


@cache
def load_score_spec(path: Path | None = None) -> ScoreSpec:
    path = path or structure_dir() / "score.yml"
    return load_checked(path, partial(_spec_from, path=path))


def why_unscored(words: int, language: str | None, spec: ScoreSpec) -> str | None:
    """Why a letter gets no score (in Dutch), or None when it can be judged: it is not in
    Dutch (``language`` is then its Dutch name), or its running text is too short."""
    if language is not None:
        return f"geen score: de brief is niet in het Nederlands geschreven ({language})"
    if words < spec.min_words:
        return (
            f"geen score: te kort om te beoordelen ({words} woorden lopende tekst; een score "
            f"vanaf {spec.min_words})"
        )
    return None


def score_letter(findings: list[Finding], words: int, spec: ScoreSpec) -> Score:
    """The 0-100 score of a letter with ``words`` words of running text."""
    text_penalty = letter_points = 0.0
    for finding in findings:
        points = spec.level_points[finding.level] * spec.weights.get(finding.category, 1.0)
        if finding.category in spec.per_letter:
            letter_points += points * spec.letter_factor
        else:
            text_penalty += points
    units = max(words / spec.words_per_unit, 1.0)
    text_part = 100.0 * units / (units + text_penalty)
    value = max(0, round(text_part - letter_points))
    band = next((label for minimum, label in spec.bands if value >= minimum), spec.bands[-1][1])
    return Score(value, band, round(text_part, 1), letter_points)
