"""Read the letter structure data (zones, letter types, levels, languages) from YAML,
validated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from tonecheck.common.regex_guard import dangerous, invalid
from tonecheck.common.yamlfile import (
    DataFileError,
    Problem,
    load_checked,
    position,
    validate,
)
from tonecheck.nlp.language import LanguageSpec, languages_from
from tonecheck.nlp.level import LevelSpec, levels_from
from tonecheck.nlp.role_names import ROLES
from tonecheck.paths import structure_dir

if TYPE_CHECKING:  # the models are loaded beside the data (tonecheck.nlp.structure)
    from tonecheck.nlp.bad_news import BadNewsModel
    from tonecheck.nlp.facts_spec import FactsSpec
    from tonecheck.nlp.letter_type_model import LetterTypeModel
    from tonecheck.nlp.roles import RoleModel

ZONE_IDS = (
    "address", "reference", "salutation", "opening", "decision", "reasons",
    "what-you-can-do", "objection", "contact", "closing", "signature", "attachments",
    "margin", "body",
)  # fmt: skip
# parts of a letter that are not running text: left out of counts, and where rules do not
# look unless they name them
NON_TEXT_ZONES = frozenset({"address", "reference", "salutation", "closing", "signature", "margin"})
# zones that are recognised by the position mechanism or by their definitions in YAML
ZONES_NEEDING_DEFINITION = tuple(z for z in ZONE_IDS if z not in ("opening", "margin", "body"))

PHRASES = {"type": "array", "items": {"type": "string", "minLength": 1}}  # schema of a phrase list
ZONES_SCHEMA = {
    "type": "object",
    "required": ["zones"],
    "additionalProperties": False,
    "properties": {
        "zones": {
            "type": "object",
            # margin: optional, its `starts` mark an e-mail's disclaimer after the signature
            "propertyNames": {"enum": [*ZONES_NEEDING_DEFINITION, "margin"]},
            "additionalProperties": {
                "type": "object",
                "required": ["label"],
                "additionalProperties": False,
                "properties": {
                    "label": {"type": "string"},
                    "starts": PHRASES,
                    "headings": PHRASES,
                    "cues": PHRASES,
                    "keeps": PHRASES,
                    "lines": PHRASES,
                },
            },
        }
    },
}

LETTER_TYPES_SCHEMA = {
    "type": "object",
    "required": ["letter_types"],
    "additionalProperties": False,
    "properties": {
        "intent_words": PHRASES,
        "possibility_words": PHRASES,
        "bad_news_over": {"type": "array", "items": {"enum": [r for r in ROLES if r != "other"]}},
        "letter_types": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["label", "signals"],
                "additionalProperties": False,
                "properties": {
                    "label": {"type": "string"},
                    "bad_news": {"type": "boolean"},
                    "decides": {"type": "boolean"},
                    "bad_news_if": PHRASES,
                    "requires": PHRASES,
                    "requires_share": {"type": "number", "minimum": 0, "maximum": 1},
                    "mentions": PHRASES,
                    "both_decisions": {
                        "type": "object",
                        "required": ["from", "min_score"],
                        "additionalProperties": False,
                        "properties": {
                            "from": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                            "min_score": {"type": "number", "minimum": 0, "maximum": 1},
                        },
                    },
                    "signals": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "subject": {"type": "string"},
                                "lemma": PHRASES,
                                "negated": {"type": "boolean"},
                                "with": PHRASES,
                                "actor": PHRASES,
                                "weight": {"type": "number", "exclusiveMinimum": 0},
                            },
                            "oneOf": [{"required": ["subject"]}, {"required": ["lemma"]}],
                        },
                    },
                },
            },
        },
    },
}


def phrase_regex(phrases: list[str], anchored: bool) -> re.Pattern[str] | None:
    """One case-insensitive regex for whole-word phrases (``re:`` entries taken as regex)."""
    parts = [p[3:] if p.startswith("re:") else r"\b" + re.escape(p) + r"(?!\w)" for p in phrases]
    if not parts:
        return None
    body = "|".join(f"(?:{p})" for p in parts)
    return re.compile(f"^\\s*(?:{body})" if anchored else body, re.IGNORECASE)


@dataclass(frozen=True)
class ZoneSpec:
    id: str
    label: str
    starts: re.Pattern[str] | None = None
    headings: re.Pattern[str] | None = None
    cues: re.Pattern[str] | None = None
    # phrases that keep a block in the section this zone's heading opened, even when it
    # opens with another zone's cue or heading
    keeps: re.Pattern[str] | None = None
    lines: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Signal:
    subject: re.Pattern[str] | None = None
    lemmas: frozenset[str] = frozenset()
    negated: bool = False
    with_lemmas: frozenset[str] = frozenset()
    actor: frozenset[str] = frozenset()  # lemmas of who acts: subject or 'door …' agent
    weight: float = 1.0


@dataclass(frozen=True)
class BothDecisions:
    """A letter read as one of ``from_types`` whose running text clearly grants and
    clearly refuses (each role scored at least ``min_score``) is of the type that has
    this (:mod:`tonecheck.nlp.both_decisions`)."""

    from_types: frozenset[str]
    min_score: float


@dataclass(frozen=True)
class LetterTypeSpec:
    id: str
    label: str
    bad_news: bool = False
    bad_news_if: frozenset[str] = frozenset()
    decides: bool = True  # False: such a letter takes no decision (its roles bring no bad news)
    requires: tuple[str, ...] = ()
    requires_share: float = 0.3
    signals: tuple[Signal, ...] = field(default_factory=tuple)
    # a letter of this type names one of these (in its subject line or running text)
    mentions: re.Pattern[str] | None = None
    both_decisions: BothDecisions | None = None

    @property
    def bad_news_by_type(self) -> bool:
        """A letter of this type brings bad news by being one (a refusal, a fine), not by
        what its decision says (an objection decision: upheld or not)."""
        return self.bad_news and not self.bad_news_if


@dataclass(frozen=True)
class StructureSpec:
    zones: dict[str, ZoneSpec]
    letter_types: dict[str, LetterTypeSpec]
    # words whose completion is a wish or intention, not a decision ("u vroeg ons … te betalen")
    intent_words: frozenset[str] = frozenset()
    # a signal verb in a clause that completes a possibility ("kan tot gevolg hebben dat u
    # … moet terugbetalen") states no decision
    possibility_words: frozenset[str] = frozenset()
    # a sentence brings bad news by its role only when it reads as decision-negative more
    # strongly than as each of these roles (the facts or the rule behind a decision)
    bad_news_over: frozenset[str] = frozenset()
    levels: tuple[LevelSpec, ...] = ()  # language level indication, first match wins
    languages: LanguageSpec = field(default_factory=LanguageSpec)  # which language a letter is
    # the trained sentence-role classifier and its thresholds (None: no roles)
    roles: RoleModel | None = field(default=None, compare=False, repr=False)
    # the letter type learned on top of the roles (None: the rule-based reading alone)
    letter_type_model: LetterTypeModel | None = field(default=None, compare=False, repr=False)
    # bad news learned from the roles and the letter type (None: the rule alone decides)
    bad_news_model: BadNewsModel | None = field(default=None, compare=False, repr=False)
    # what is read from a letter for the {placeholders} of suggestions (None: nothing)
    facts: FactsSpec | None = field(default=None, compare=False, repr=False)

    @cached_property
    def bad_news_types(self) -> frozenset[str]:
        """The letter types whose letters bring bad news (``bad_news: true``)."""
        return frozenset(t for t, kind in self.letter_types.items() if kind.bad_news)

    @cached_property
    def signals(self) -> list[tuple[int, str, Signal]]:
        """(order, letter type, signal) of every signal, in file order."""
        pairs = [(t, s) for t, spec in self.letter_types.items() for s in spec.signals]
        return [(order, type_id, signal) for order, (type_id, signal) in enumerate(pairs)]

    @cached_property
    def signals_by_lemma(self) -> dict[str, list[int]]:
        """Lemma -> the orders of the sentence signals (not subject-line ones) with it."""
        found: dict[str, list[int]] = {}
        for order, _, signal in self.signals:
            if signal.subject is None:
                for lemma in signal.lemmas:
                    found.setdefault(lemma, []).append(order)
        return found

    @cached_property
    def signal_lemmas(self) -> frozenset[str]:
        """Every lemma some letter-type signal looks for."""
        return frozenset(
            lemma
            for letter_type in self.letter_types.values()
            for signal in letter_type.signals
            for lemma in signal.lemmas
        )


def _compile(pattern: str, where: tuple[int, int], path: Path, problems: list[Problem]):
    reason = dangerous(pattern)
    if reason:
        problems.append(Problem(str(path), *where, f"reguliere expressie geweigerd: {reason}"))
        return None
    broken = invalid(pattern)
    if broken:
        problems.append(Problem(str(path), *where, broken))
        return None
    return re.compile(pattern, re.IGNORECASE)


def check_phrases(
    phrases: list[str], data, where: list, path: Path, problems: list[Problem]
) -> None:
    """Add a problem for every refused or broken regular expression ('re:' entries) of a
    phrase list for :func:`phrase_regex`, which stands at ``where`` in ``data``."""
    for i, phrase in enumerate(phrases):
        if phrase.startswith("re:"):
            _compile(phrase[3:], position(data, [*where, i]), path, problems)


def _validated(data, schema: dict, path: Path) -> list[Problem]:
    """An empty problem list to add to, or DataFileError when the schema is not met."""
    problems = validate(data, schema, path)
    if problems:
        raise DataFileError(problems)
    return problems


def _zones_from(data, path: Path) -> dict[str, ZoneSpec]:
    problems = _validated(data, ZONES_SCHEMA, path)
    zones: dict[str, ZoneSpec] = {}
    for zone_id, spec in data["zones"].items():
        for key in ("starts", "headings", "cues", "keeps"):
            check_phrases(spec.get(key, []), data, ["zones", zone_id, key], path, problems)
        lines = [
            _compile(p, position(data, ["zones", zone_id, "lines", i]), path, problems)
            for i, p in enumerate(spec.get("lines", []))
        ]
        if problems:
            continue
        zones[zone_id] = ZoneSpec(
            id=zone_id,
            label=spec["label"],
            starts=phrase_regex(list(spec.get("starts", [])), anchored=True),
            headings=phrase_regex(list(spec.get("headings", [])), anchored=True),
            cues=phrase_regex(list(spec.get("cues", [])), anchored=False),
            keeps=phrase_regex(list(spec.get("keeps", [])), anchored=False),
            lines=tuple(p for p in lines if p is not None),
        )
    missing = [z for z in ("salutation", "closing") if z not in data["zones"]]
    problems += [Problem(str(path), 1, 1, f"de zone '{z}' moet erin staan") for z in missing]
    if problems:
        raise DataFileError(problems)
    return zones


def _both_from(spec: dict) -> list[str]:
    return list(spec.get("both_decisions", {}).get("from", []))


def _both_decisions(spec: dict) -> BothDecisions | None:
    raw = spec.get("both_decisions")
    if raw is None:
        return None
    return BothDecisions(frozenset(raw["from"]), float(raw["min_score"]))


def _letter_types_from(
    data, path: Path
) -> tuple[dict[str, LetterTypeSpec], frozenset[str], frozenset[str], frozenset[str]]:
    problems = _validated(data, LETTER_TYPES_SCHEMA, path)
    types: dict[str, LetterTypeSpec] = {}
    names = set(data["letter_types"])
    for type_id, spec in data["letter_types"].items():
        signals = []
        for i, raw in enumerate(spec["signals"]):
            subject = None
            if "subject" in raw:
                where = position(data, ["letter_types", type_id, "signals", i, "subject"])
                subject = _compile(raw["subject"], where, path, problems)
            signals.append(
                Signal(
                    subject=subject,
                    lemmas=frozenset(raw.get("lemma", [])),
                    negated=bool(raw.get("negated", False)),
                    with_lemmas=frozenset(raw.get("with", [])),
                    actor=frozenset(raw.get("actor", [])),
                    weight=float(raw.get("weight", 1)),
                )
            )
        check_phrases(
            spec.get("mentions", []), data, ["letter_types", type_id, "mentions"], path, problems
        )
        for key, known in (("requires", spec.get("requires", [])), ("from", _both_from(spec))):
            for i, required in enumerate(known):
                if required not in names:
                    keys = [key] if key == "requires" else ["both_decisions", key]
                    where = position(data, ["letter_types", type_id, *keys, i])
                    problems.append(Problem(str(path), *where, f"onbekend brieftype '{required}'"))
        if problems:  # reported together below; a broken 'mentions' cannot be compiled
            continue
        types[type_id] = LetterTypeSpec(
            id=type_id,
            label=spec["label"],
            bad_news=bool(spec.get("bad_news", False)),
            bad_news_if=frozenset(spec.get("bad_news_if", [])),
            decides=bool(spec.get("decides", True)),
            requires=tuple(spec.get("requires", [])),
            requires_share=float(spec.get("requires_share", 0.3)),
            signals=tuple(signals),
            mentions=phrase_regex(spec.get("mentions", []), anchored=False),
            both_decisions=_both_decisions(spec),
        )
    if "overig" not in names:
        problems.append(Problem(str(path), 1, 1, "letter type 'overig' (the fallback) is missing"))
    if problems:
        raise DataFileError(problems)
    return (
        types,
        frozenset(data.get("intent_words", [])),
        frozenset(data.get("possibility_words", [])),
        frozenset(data.get("bad_news_over", [])),
    )


@cache
def read_structure(folder: Path | None = None) -> StructureSpec:
    """Zones, letter types, levels and languages from the YAML files in ``folder`` (the
    data only; :func:`tonecheck.nlp.structure.load_structure` adds the learned models)."""
    folder = folder or structure_dir()
    letter_types, intent_words, possibility_words, bad_news_over = load_checked(
        folder / "letter-types.yml",
        partial(_letter_types_from, path=folder / "letter-types.yml"),
    )
    levels_file = folder / "levels.yml"
    languages_file = folder / "languages.yml"
    return StructureSpec(
        zones=load_checked(folder / "zones.yml", partial(_zones_from, path=folder / "zones.yml")),
        letter_types=letter_types,
        intent_words=intent_words,
        possibility_words=possibility_words,
        bad_news_over=bad_news_over,
        levels=(
            load_checked(levels_file, partial(levels_from, path=levels_file))
            if levels_file.is_file()
            else ()
        ),
        languages=(
            load_checked(languages_file, partial(languages_from, path=languages_file))
            if languages_file.is_file()
            else LanguageSpec()
        ),
    )
