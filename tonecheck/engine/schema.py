"""The rule file format as JSON Schema: one place that defines every field."""

from __future__ import annotations

from tonecheck.engine.findings import LEVEL_NAMES
from tonecheck.nlp.roles import ROLES
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, ZONE_IDS

CATEGORIES = (
    "empathy", "reasons", "alternatives", "next-steps", "objection", "contact",
    "plain-language", "sentence-length", "passive", "readability", "tone", "address",
    "clarity",
)  # fmt: skip
CHECK_KINDS = ("terms", "pattern", "expect", "metric", "language")
METRICS = (
    "words_per_sentence", "commas_per_sentence", "flesch_douma", "long_word_share",
    "passive_share", "lines_per_paragraph", "words_per_paragraph",
)  # fmt: skip
SCOPES = ("sentence", "paragraph", "document")
WITHIN = ("sentence", "paragraph", "zone", "document")

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_PATTERN_LIST = {"type": "array", "items": {"type": "array", "items": {"type": "object"}}}

# A matcher: what a terms/pattern check looks for, and what `expect` uses for if/then.
MATCHER = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "terms": {
            "oneOf": [
                _STRINGS,
                {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
            ]
        },
        "match": {"enum": ["text", "lemma"]},
        "patterns": _PATTERN_LIST,
        "dependency": _PATTERN_LIST,
        "unless": _PATTERN_LIST,
        "exceptions": _STRINGS,
        "first_only": {"type": "boolean"},
        "unless_explained": {"type": "boolean"},
        "compounds": {"type": "boolean"},
        # whole sentences that have one of these roles (tonecheck/nlp/roles.py)
        "roles": {"type": "array", "minItems": 1, "items": {"enum": list(ROLES)}},
    },
    "anyOf": [
        {"required": ["roles"]},
        {"required": ["terms"]},
        {"required": ["patterns"]},
        {"required": ["dependency"]},
    ],
}

CHECK = {
    "type": "object",
    "required": ["kind"],
    "properties": {"kind": {"enum": list(CHECK_KINDS)}},
    "allOf": [
        {
            "if": {"properties": {"kind": {"enum": ["terms", "pattern"]}}},
            "then": {
                "additionalProperties": False,
                "properties": {"kind": True, **dict.fromkeys(MATCHER["properties"], True)},
            },
        },
        {"if": {"properties": {"kind": {"const": "terms"}}}, "then": {"required": ["terms"]}},
        {
            "if": {"properties": {"kind": {"const": "pattern"}}},
            "then": {
                "anyOf": [
                    {"required": ["patterns"]},
                    {"required": ["dependency"]},
                    {"required": ["roles"]},
                ]
            },
        },
        {
            "if": {"properties": {"kind": {"const": "language"}}},
            "then": {
                "additionalProperties": False,
                "properties": {"kind": True, "expected": {"type": "string"}},
            },
        },
        {
            "if": {"properties": {"kind": {"const": "expect"}}},
            "then": {
                "required": ["then"],
                "additionalProperties": False,
                "properties": {
                    "kind": True,
                    "if": MATCHER,
                    "then": MATCHER,
                    "within": {
                        "oneOf": [
                            {"enum": list(WITHIN)},
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["sentences"],
                                "properties": {"sentences": {"type": "integer", "minimum": 0}},
                            },
                        ]
                    },
                    "then_zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
                    "or_in_zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
                    "mode": {"enum": ["require", "forbid"]},
                    "first_only": {"type": "boolean"},
                    "at_decision": {"type": "boolean"},
                },
            },
        },
        {
            "if": {"properties": {"kind": {"const": "metric"}}},
            "then": {
                "required": ["metric", "scope"],
                "additionalProperties": False,
                "properties": {
                    "kind": True,
                    "metric": {"enum": list(METRICS)},
                    "scope": {"enum": list(SCOPES)},
                    "max": {"type": "number"},
                    "min": {"type": "number"},
                    "long_word": {"type": "integer", "minimum": 1},
                },
                "anyOf": [{"required": ["max"]}, {"required": ["min"]}],
            },
        },
    ],
}

RULE = {
    "type": "object",
    "required": ["id", "category", "level", "message", "suggestion", "check", "examples"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]*$"},
        "category": {"enum": list(CATEGORIES)},
        "level": {"enum": LEVEL_NAMES},
        "message": {"type": "string", "minLength": 1},
        "suggestion": {"type": "string", "minLength": 1},
        "explanation": {"type": "string"},
        "link": {"type": "string"},
        "applies_to": {"type": "array", "items": {"type": "string"}},
        "bad_news_only": {"type": "boolean"},
        "overrides": {"type": "array", "items": {"type": "string"}},
        "max_per_letter": {"type": "integer", "minimum": 1},
        "exclusive": {"type": "boolean"},
        "zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
        "exclude_zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
        "check": CHECK,
        "examples": {
            "type": "object",
            "additionalProperties": False,
            "required": ["flag", "ok"],
            "properties": {"flag": _STRINGS, "ok": _STRINGS},
        },
    },
}

RULE_FILE = {
    "type": "object",
    "required": ["rules"],
    "additionalProperties": False,
    "properties": {"rules": {"type": "array", "items": RULE}},
}

# zones where rules do not look unless a rule names them in `zones`
DEFAULT_EXCLUDED_ZONES = NON_TEXT_ZONES
