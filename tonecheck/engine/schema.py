"""The rule file format as JSON Schema: one place that defines every field."""

from __future__ import annotations

from typing import Any

from tonecheck.common.findings import ACCEPTED_LEVEL_NAMES
from tonecheck.nlp.letter_aggregate import AGGREGATES
from tonecheck.nlp.roles import ROLES
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, ZONE_IDS

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_PATTERN_LIST = {"type": "array", "items": {"type": "array", "items": {"type": "object"}}}

# A matcher: what a terms/pattern check looks for, and what `expect` uses for if/then.
MATCHER: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "terms": {
            "oneOf": [
                _STRINGS,
                {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
            ]
        },
        "match": {"enum": ["text", "lemma", "forms", "exact"]},
        "patterns": _PATTERN_LIST,
        "dependency": _PATTERN_LIST,
        "unless": _PATTERN_LIST,
        "exceptions": _STRINGS,
        "first_only": {"type": "boolean"},
        "unless_explained": {"type": "boolean"},
        "compounds": {"type": "boolean"},
        # the terms of lists named in a rule file's `lists:`, added to `terms`
        "lists": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        # whole sentences that have one of these roles (tonecheck/nlp/roles.py)
        "roles": {"type": "array", "minItems": 1, "items": {"enum": list(ROLES)}},
        # ... and that reads more as that role than as any of these (scores compared)
        "roles_over": {"type": "array", "minItems": 1, "items": {"enum": list(ROLES)}},
        # the letter as a whole has it, by the letter-level aggregator
        # (tonecheck/nlp/letter_aggregate.py): matches its most likely sentence
        "letter_has": {"enum": list(AGGREGATES)},
    },
    "dependentRequired": {"roles_over": ["roles"]},
    "anyOf": [
        {"required": ["roles"]},
        {"required": ["letter_has"]},
        {"required": ["terms"]},
        {"required": ["lists"]},
        {"required": ["patterns"]},
        {"required": ["dependency"]},
    ],
}


RULE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "category", "level", "message", "suggestion", "check", "examples"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]*$"},
        "category": {"type": "string"},  # one of rules/structure/categories.yml (loader)
        "level": {"enum": ACCEPTED_LEVEL_NAMES},
        "message": {"type": "string", "minLength": 1},
        "suggestion": {"type": "string", "minLength": 1},
        "explanation": {"type": "string"},
        "link": {"type": "string"},
        "applies_to": {"type": "array", "items": {"type": "string"}},
        # per letter type, another message or suggestion (a decision on an objection is
        # followed by an appeal to the court, not by another objection)
        "for_types": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    "message": {"type": "string", "minLength": 1},
                    "suggestion": {"type": "string", "minLength": 1},
                },
            },
        },
        "bad_news_only": {"type": "boolean"},
        "bad_news_sure_from": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "overrides": {"type": "array", "items": {"type": "string"}},
        "max_per_letter": {"type": "integer", "minimum": 1},
        "exclusive": {"type": "boolean"},
        "zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
        "exclude_zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
        "check": {"type": "object"},  # each kind's own fields: engine.loader.rule_file_schema
        "examples": {
            "type": "object",
            "additionalProperties": False,
            "required": ["flag", "ok"],
            "properties": {"flag": _STRINGS, "ok": _STRINGS},
        },
    },
}

# named term lists, defined once in a rule file and used by the rules of every file
LISTS: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"pattern": r"^[a-z0-9][a-z0-9_-]*$"},
    "additionalProperties": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "minLength": 1},
    },
}

# zones where rules do not look unless a rule names them in `zones`
DEFAULT_EXCLUDED_ZONES = NON_TEXT_ZONES
