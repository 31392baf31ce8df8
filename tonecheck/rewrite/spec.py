"""The rewrite data of ``rules/structure/rewrites.yml``: which rule gets which rewrite, and
the Dutch words each rewrite needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from tonecheck.common.yamlfile import DataFileError, load_checked, plain, validate
from tonecheck.paths import structure_dir

KINDS = ("terms", "passive", "commanding", "split")
REWRITES_FILE = "rewrites.yml"

_WORDS = {"type": "array", "items": {"type": "string"}}
_TEXTS = {"type": "object", "additionalProperties": {"type": "string"}}
_WORD_LISTS = {"type": "object", "additionalProperties": _WORDS}


def _section(properties: dict) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": properties}


SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["rules"],
    "properties": {
        "rules": {"type": "object", "additionalProperties": {"enum": list(KINDS)}},
        "terms": _section(
            {
                "choose": _TEXTS,
                "skip": _WORDS,
                "keep": _WORDS,
                "not_perfect": _WORDS,
                "no_comma_before": _WORDS,
            }
        ),
        "passive": _section(
            {
                "organisation_verbs": _WORDS,
                "verbs_with_subject": _WORD_LISTS,
                "reader_modals": _WORDS,
                "agents": _TEXTS,
                "objects": _TEXTS,
                "senders": _WORD_LISTS,
                "subordinate_marks": _WORDS,
            }
        ),
        "commanding": _section(
            {
                "request": _section({"terms": _WORDS, "text": {"type": "string"}}),
                "obligation": _section({"terms": _WORDS, "verb": {"type": "string"}}),
                "conditions": _WORDS,
                "then": {"type": "string"},
                "drop_first": _WORDS,
                "words": _TEXTS,
                "negations": _WORDS,
            }
        ),
        "split": _section({"coordinators": _TEXTS, "relatives": _TEXTS, "shared_subjects": _WORDS}),
        "verbs": _section(
            {
                "present": {"type": "object", "additionalProperties": _TEXTS},
                "past": _WORD_LISTS,
                "stems": _TEXTS,
                "particles": _WORDS,
                "inseparable": _WORDS,
                "keep_infinitive": _WORDS,
            }
        ),
    },
}


def plain_term(term: str) -> str:
    """A term without its list markup: 'zorg <dragen> voor' -> 'zorg dragen voor'."""
    return " ".join(term.replace("<", "").replace(">", "").replace("|", "").lower().split())


@dataclass(frozen=True)
class VerbData:
    """Irregular verb forms and separable particles (the rest goes by rule)."""

    present: dict[str, dict[str, str]] = field(default_factory=dict)
    past: dict[str, tuple[str, str]] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    particles: tuple[str, ...] = ()  # longest first
    inseparable: frozenset[str] = frozenset()
    keep_infinitive: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RewriteSpec:
    """Everything the rewrites read from the rule data."""

    rules: dict[str, str] = field(default_factory=dict)  # rule id -> kind
    terms: dict[str, Any] = field(default_factory=dict)
    passive: dict[str, Any] = field(default_factory=dict)
    commanding: dict[str, Any] = field(default_factory=dict)
    split: dict[str, Any] = field(default_factory=dict)
    verbs: VerbData = field(default_factory=VerbData)

    def kind(self, rule: str) -> str | None:
        return self.rules.get(rule)


def _spec_from(data: Any, path: Path) -> RewriteSpec:
    problems = validate(data, SCHEMA, path)
    if problems:
        raise DataFileError(problems)
    data = plain(data)
    verbs = data.get("verbs", {})
    terms = dict(data.get("terms", {}))
    terms["choose"] = {plain_term(k): v for k, v in terms.get("choose", {}).items()}
    for key in ("skip", "not_perfect"):
        terms[key] = frozenset(plain_term(t) for t in terms.get(key, []))
    return RewriteSpec(
        rules=dict(data["rules"]),
        terms=terms,
        passive=data.get("passive", {}),
        commanding=data.get("commanding", {}),
        split=data.get("split", {}),
        verbs=VerbData(
            present=verbs.get("present", {}),
            past={k: (v[0], v[1]) for k, v in verbs.get("past", {}).items() if len(v) == 2},
            stems=verbs.get("stems", {}),
            particles=tuple(sorted(verbs.get("particles", []), key=len, reverse=True)),
            inseparable=frozenset(verbs.get("inseparable", [])),
            keep_infinitive=frozenset(verbs.get("keep_infinitive", [])),
        ),
    )


@cache
def load_rewrite_spec(path: Path | None = None) -> RewriteSpec:
    """The rewrite data (default: the bundled ``rules/structure/rewrites.yml``); raises
    DataFileError with the place of each problem."""
    path = path or structure_dir() / REWRITES_FILE
    return load_checked(path, partial(_spec_from, path=path))
