"""The schema of ``rules/structure/role-evidence.yml`` (JSON Schema, checked on loading by
:mod:`tonecheck.nlp.role_evidence`, which reads the file)."""

from __future__ import annotations

from tonecheck.nlp.role_names import ROLES
from tonecheck.nlp.structure_spec import PHRASES

ROLE_NAMES = [r for r in ROLES if r != "other"]
WORDS = {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[^\\s]+$"}}

# what the ways of gaining a role have in common (`gains`, `near`; `openings` and
# `refusals` take `gives` and `examples`): what the role gives (Dutch, shown with the
# role), the roles that bring it about, and examples that gain it and that do not
# (`tonecheck rules test` checks them: a gain's by its parse, a near gain's by its words)
GAIN_FIELDS = {
    "gives": {"type": "string", "minLength": 1},
    "with_roles": {"type": "array", "minItems": 1, "items": {"enum": ROLE_NAMES}},
    "examples": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"gains": PHRASES, "keeps": PHRASES},
    },
}

EVIDENCE_SCHEMA = {
    "type": "object",
    "required": ["roles"],
    "additionalProperties": False,
    "properties": {
        "roles": {
            "type": "object",
            "propertyNames": {"enum": ROLE_NAMES},
            "additionalProperties": {
                "type": "object",
                "required": ["needs"],
                "additionalProperties": False,
                "minProperties": 2,
                "properties": {
                    "needs": {"type": "string", "minLength": 1},
                    "words": PHRASES,
                    "questions": {"type": "boolean"},
                    "headings": {"type": "boolean"},
                    # a formula of the top-level `hollow` keeps no such role
                    "hollow": {"type": "boolean"},
                    # what the reader said or asked (the top-level `reported`) keeps no
                    # such role (tonecheck/nlp/role_reported.py): 'U vertelde dat …'
                    "reported": {"type": "boolean"},
                    # an earlier decision retold (the top-level `earlier`) keeps no such
                    # role (tonecheck/nlp/role_earlier.py): 'Op 14 juli hebben wij …'
                    "earlier": {"type": "boolean"},
                    # what follows a condition asked as a question (the top-level
                    # `conditional`) keeps no such role (tonecheck/nlp/role_conditional.py):
                    # 'Doet u dit niet? Dan moet u …'
                    "conditional": {"type": "boolean"},
                    # a burden negated in every main clause keeps no such role
                    # (tonecheck/nlp/role_relief.py): 'U krijgt geen boete'
                    "relief": {
                        "type": "object",
                        "required": ["nouns", "verbs"],
                        "additionalProperties": False,
                        "properties": {
                            "nouns": {**PHRASES, "minItems": 1},
                            "verbs": WORDS,
                            "modals": WORDS,
                            "lifts": WORDS,
                            "instead": {"enum": ROLE_NAMES},
                        },
                    },
                    # sentences that say what the role needs, and sentences that do not:
                    # `tonecheck rules test` checks them
                    "examples": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"has": PHRASES, "lacks": PHRASES},
                    },
                },
            },
        },
        # a formula that says only that the reader does not qualify ("u voldoet niet aan
        # de voorwaarden"), unless the sentence also says something of substance (an
        # amount, a date, a reason clause)
        "hollow": {
            "type": "object",
            "required": ["phrases"],
            "additionalProperties": False,
            "properties": {"phrases": PHRASES, "unless": PHRASES},
        },
        # a main clause that retells the reader's words: a verb of saying or asking
        # (lemmas) with the reader (or a representative) as its subject
        "reported": {
            "type": "object",
            "required": ["verbs", "speakers"],
            "additionalProperties": False,
            "properties": {"verbs": WORDS, "speakers": WORDS, "modals": WORDS},
        },
        # a sentence that opens with an earlier moment (phrases, anchored) and whose main
        # clauses are in the past (a past tense, or a participle with one of the auxiliaries)
        "earlier": {
            "type": "object",
            "required": ["phrases", "auxiliaries"],
            "additionalProperties": False,
            "properties": {"phrases": {**PHRASES, "minItems": 1}, "auxiliaries": WORDS},
        },
        # a sentence that opens with one of the openings right after a question
        "conditional": {
            "type": "object",
            "required": ["openings"],
            "additionalProperties": False,
            "properties": {"openings": WORDS},
        },
        "gains": {
            "type": "object",
            "propertyNames": {"enum": ROLE_NAMES},
            "additionalProperties": {
                "type": "object",
                "required": ["gives", "with_roles", "clause_words"],
                "additionalProperties": False,
                "properties": {
                    **GAIN_FIELDS,
                    "clause_words": WORDS,
                    "hollow": PHRASES,
                },
            },
        },
        # a benefit withheld from the reader (tonecheck/nlp/role_refusals.py)
        "refusals": {
            "type": "object",
            "propertyNames": {"enum": ROLE_NAMES},
            "additionalProperties": {
                "type": "object",
                "required": ["gives", "verbs", "givers", "receive", "receivers"],
                "additionalProperties": False,
                "properties": {
                    "gives": GAIN_FIELDS["gives"],
                    "verbs": WORDS,
                    "givers": WORDS,
                    "receive": WORDS,
                    "receivers": WORDS,
                    "conditions": WORDS,
                    "examples": GAIN_FIELDS["examples"],
                },
            },
        },
        # roles a sentence gains by how it opens (tonecheck/nlp/role_openings.py)
        "openings": {
            "type": "object",
            "propertyNames": {"enum": ROLE_NAMES},
            "additionalProperties": {
                "type": "object",
                "required": ["gives", "phrases"],
                "additionalProperties": False,
                "properties": {
                    "gives": GAIN_FIELDS["gives"],
                    "phrases": {**PHRASES, "minItems": 1},
                    # anywhere in the sentence: it does not gain the role
                    "unless": {**PHRASES, "minItems": 1},
                    # the model reads the sentence as one of these: it does not gain it
                    "unless_roles": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"enum": ROLE_NAMES},
                    },
                    "examples": GAIN_FIELDS["examples"],
                },
            },
        },
        # roles a sentence gains from the sentence before it (tonecheck/nlp/role_near.py)
        "near": {
            "type": "object",
            "propertyNames": {"enum": ROLE_NAMES},
            "additionalProperties": {
                "type": "object",
                "required": ["gives", "with_roles", "min_score", "words"],
                "additionalProperties": False,
                "properties": {
                    **GAIN_FIELDS,
                    "min_score": {"type": "number", "minimum": 0, "maximum": 1},
                    "words": {**PHRASES, "minItems": 1},
                },
            },
        },
    },
}
