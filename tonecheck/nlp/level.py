"""An indication of the language level (B1, B2, C1) from measured features of a letter.

The knowledge — which features, which bounds, which labels — is in
``rules/structure/levels.yml``; this module checks the bounds in order and returns the
first level whose bounds all hold. It is an indication, not a judgement: no formula can
tell whether a reader understands a letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.common.yamlfile import DataFileError, validate

FEATURES = ("flesch_douma", "avg_sentence_length", "long_word_share")
_BOUND = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {"min": {"type": "number"}, "max": {"type": "number"}},
}
LEVELS_SCHEMA = {
    "type": "object",
    "required": ["levels"],
    "additionalProperties": False,
    "properties": {
        "levels": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "label"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "label": {"type": "string"},
                    "when": {
                        "type": "object",
                        "propertyNames": {"enum": list(FEATURES)},
                        "additionalProperties": _BOUND,
                    },
                },
            },
        }
    },
}


@dataclass(frozen=True)
class LevelSpec:
    id: str
    label: str
    bounds: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)

    def holds(self, features: dict[str, float]) -> bool:
        for name, (low, high) in self.bounds.items():
            value = features[name]
            if (low is not None and value < low) or (high is not None and value > high):
                return False
        return True


def levels_from(data, path: Path) -> tuple[LevelSpec, ...]:
    problems = validate(data, LEVELS_SCHEMA, path)
    if problems:
        raise DataFileError(problems)
    return tuple(
        LevelSpec(
            id=raw["id"],
            label=raw["label"],
            bounds={k: (v.get("min"), v.get("max")) for k, v in raw.get("when", {}).items()},
        )
        for raw in data["levels"]
    )


def estimate_level(features: dict[str, float], levels: tuple[LevelSpec, ...]) -> str:
    """The id of the first level whose bounds the features meet ('' without levels)."""
    return next((level.id for level in levels if level.holds(features)), "")
