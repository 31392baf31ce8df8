"""Which language a letter is written in, from the function words of its running text.

Word lists and thresholds are data (``rules/structure/languages.yml``). A letter in
English, German or French should get one clear finding, not hundreds of nonsense ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.common.yamlfile import DataFileError, Problem, validate

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
LANGUAGES_SCHEMA = {
    "type": "object",
    "required": ["expected", "languages"],
    "additionalProperties": False,
    "properties": {
        "expected": {"type": "string"},
        "min_words": {"type": "integer", "minimum": 1},
        "margin": {"type": "number", "minimum": 1},
        "languages": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["label", "words"],
                "additionalProperties": False,
                "properties": {"label": {"type": "string"}, "words": _WORDS},
            },
        },
    },
}


@dataclass(frozen=True)
class LanguageSpec:
    expected: str = "nl"
    min_words: int = 12
    margin: float = 1.5
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def languages_from(data, path: Path) -> LanguageSpec:
    problems = validate(data, LANGUAGES_SCHEMA, path)
    if not problems and data["expected"] not in data["languages"]:
        message = f"expected language '{data['expected']}' is not among the languages"
        problems = [Problem(str(path), 1, 1, message)]
    if problems:
        raise DataFileError(problems)
    languages = data["languages"]
    return LanguageSpec(
        expected=data["expected"],
        min_words=int(data.get("min_words", 12)),
        margin=float(data.get("margin", 1.5)),
        words={code: frozenset(w.lower() for w in v["words"]) for code, v in languages.items()},
        labels={code: v["label"] for code, v in languages.items()},
    )


def detect_language(words: Iterable[str], spec: LanguageSpec) -> str:
    """The code of the letter's language; the expected one unless another clearly wins."""
    lowered = [w.lower() for w in words]
    if not spec.words or len(lowered) < spec.min_words:
        return spec.expected
    counts = {
        code: sum(w in vocabulary for w in lowered) for code, vocabulary in spec.words.items()
    }
    best = max(counts, key=lambda code: (counts[code], code == spec.expected))
    if best != spec.expected and counts[best] >= spec.margin * max(counts[spec.expected], 1):
        return best
    return spec.expected
