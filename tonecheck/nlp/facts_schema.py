"""The JSON Schemas of the facts data (``rules/structure/facts.yml``, ``domains.yml``,
``alternatives-catalogue.yml``) and the names of the facts."""

from __future__ import annotations

from typing import Any

from tonecheck.nlp.roles import ROLES
from tonecheck.nlp.structure_spec import ZONE_IDS

# the facts a message or suggestion can name as {placeholder} (docs/rule-format.md)
FACT_FIELDS = (
    "request", "decision", "domain", "organisation", "phone", "contact", "subject",
    "alternatives",
)  # fmt: skip
# the facts the texts of decisions and alternatives may use (not themselves)
INNER_FIELDS = frozenset(FACT_FIELDS) - {"decision", "alternatives"}
PLACES = ("subject", "request", "decision", "organisation", "text", "letterhead")

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_WORD_MAP = {"type": "object", "additionalProperties": _WORDS}
_ZONES = {"type": "array", "items": {"enum": list(ZONE_IDS)}}
_ROLES = {"type": "array", "items": {"enum": list(ROLES)}}
_CHOICE_PROPERTIES = {
    "letter_types": _WORDS,
    "domains": _WORDS,
    "needs": {"type": "array", "items": {"enum": sorted(INNER_FIELDS)}},
    "text": {"type": "string", "minLength": 1},
}
FACTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["fallbacks", "address_forms", "request", "organisations", "phone", "decisions"],
    "properties": {
        "fallbacks": {
            "type": "object",
            "additionalProperties": False,
            "required": list(FACT_FIELDS),
            "properties": {name: {"type": "string", "minLength": 1} for name in FACT_FIELDS},
        },
        "elsewhere": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"zones": _ZONES, "roles": _ROLES},
        },
        "address_forms": {
            "type": "object",
            "additionalProperties": False,
            "required": ["u", "je"],
            "properties": {"u": _WORDS, "je": _WORDS},
        },
        "request": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "verbs": _WORDS,
                "verbs_with": _WORD_MAP,
                "nouns": _WORD_MAP,
                "readers": _WORDS,
                "senders": _WORDS,
                "owners": _WORDS,
                "not_with": _WORDS,
                "subject": _WORDS,
                "decision_verbs": _WORDS,
                "decision_nouns": _WORD_MAP,
                "decision_ended_by": _WORDS,
                "after_verb": _WORDS,
                "zones": _ZONES,
                "max_words": {"type": "integer", "minimum": 1},
                "drop_first": _WORDS,
                "not_first": _WORDS,
                "stop_at": _WORDS,
                "decision_types": _WORDS,
            },
        },
        "organisations": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max_chars": {"type": "integer", "minimum": 1},
                "starts": _WORDS,
                "find": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["find"],
                        "properties": {"find": {"type": "string"}, "as": {"type": "string"}},
                    },
                },
            },
        },
        "phone": _WORDS,
        "phone_cues": _WORDS,
        "email_skip": _WORDS,
        "decisions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text"],
                "properties": _CHOICE_PROPERTIES,
            },
        },
    },
}
DOMAINS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["domains"],
    "properties": {
        "places": {
            "type": "object",
            "additionalProperties": False,
            "properties": {p: {"type": "number", "minimum": 0} for p in PLACES},
        },
        "min_score": {"type": "number", "minimum": 0},
        "margin": {"type": "number", "minimum": 1},
        "domains": {
            "type": "object",
            "propertyNames": {"pattern": r"^[a-z0-9][a-z0-9-]*$"},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["label", "terms"],
                "properties": {"label": {"type": "string", "minLength": 1}, "terms": _WORDS},
            },
        },
    },
}
CATALOGUE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["alternatives"],
    "properties": {
        "show": {"type": "integer", "minimum": 1},
        "join": {"type": "string"},
        "alternatives": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "text"],
                "properties": {"id": {"type": "string", "minLength": 1}, **_CHOICE_PROPERTIES},
            },
        },
    },
}
