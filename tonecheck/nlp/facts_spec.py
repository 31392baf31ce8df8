"""Read the data that drives the letter facts (``rules/structure/facts.yml``,
``domains.yml``, ``alternatives-catalogue.yml``), validated, every problem with its place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from tonecheck.common.fill_in import field_names
from tonecheck.common.regex_guard import dangerous, invalid
from tonecheck.common.yamlfile import DataFileError, Problem, load_checked, position, validate
from tonecheck.nlp.facts_schema import (
    CATALOGUE_SCHEMA,
    DOMAINS_SCHEMA,
    FACTS_SCHEMA,
    INNER_FIELDS,
    PLACES,
)


@dataclass(frozen=True)
class Choice:
    """A text for the letters it fits: a decision clause or a catalogue alternative."""

    text: str
    id: str = ""
    letter_types: frozenset[str] = frozenset()  # empty: every letter type
    domains: frozenset[str] = frozenset()  # empty: every domain
    needs: tuple[str, ...] = ()  # facts the letter must have

    @property
    def is_fallback(self) -> bool:
        return not self.letter_types and not self.domains

    def fits(self, letter_type: str, domain: str | None, known: Iterable[str] = ()) -> bool:
        have = set(known)
        return (
            (not self.letter_types or letter_type in self.letter_types)
            and (not self.domains or domain in self.domains)
            and all(name in have for name in self.needs)
        )


@dataclass(frozen=True)
class RequestSpec:
    verbs: frozenset[str] = frozenset()
    verbs_with: dict[str, frozenset[str]] = field(default_factory=dict)
    after_verb: frozenset[str] = frozenset()  # 'vroeg u X aan voor Y': Y belongs to X
    zones: frozenset[str] = frozenset()  # where request sentences are read
    nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    readers: frozenset[str] = frozenset()
    senders: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    not_with: frozenset[str] = frozenset()
    subject: tuple[re.Pattern[str], ...] = ()
    decision_verbs: frozenset[str] = frozenset()
    decision_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    # 'U krijgt geen uitkering meer': something the reader had stops; not what was asked
    decision_ended_by: frozenset[str] = frozenset()
    max_words: int = 10
    drop_first: frozenset[str] = frozenset()
    not_first: frozenset[str] = frozenset()  # 'een aanvraag voor de regeling …' names no request
    stop_at: frozenset[str] = frozenset()  # words that end a request ('d.d.')
    decision_types: frozenset[str] = frozenset()  # letter types that answer a request


@dataclass(frozen=True)
class OrganisationSpec:
    max_chars: int = 60
    starts: re.Pattern[str] | None = None
    find: tuple[tuple[re.Pattern[str], str], ...] = ()  # (pattern, 'as' template or '')


@dataclass(frozen=True)
class DomainSpec:
    id: str
    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class DomainsSpec:
    domains: dict[str, DomainSpec] = field(default_factory=dict)
    places: dict[str, float] = field(default_factory=dict)
    min_score: float = 3.0
    margin: float = 1.5


@dataclass(frozen=True)
class FactsSpec:
    """Everything the facts reader needs, from rules/structure/."""

    fallbacks: dict[str, str]
    address_forms: dict[str, frozenset[str]]
    request: RequestSpec
    organisations: OrganisationSpec
    phone: tuple[re.Pattern[str], ...]
    phone_cues: frozenset[str]
    decisions: tuple[Choice, ...]
    email_skip: tuple[str, ...] = ()  # parts of addresses that take no questions
    elsewhere_zones: frozenset[str] = frozenset()  # about something else than the decision
    elsewhere_roles: frozenset[str] = frozenset()
    domains: DomainsSpec = field(default_factory=DomainsSpec)
    alternatives: tuple[Choice, ...] = ()
    show: int = 2
    join: str = " of "


class _Reader:
    """Validation helpers that collect problems with their place in one file."""

    def __init__(self, data: Any, path: Path, schema: dict) -> None:
        self.data, self.path = data, path
        self.problems = validate(data, schema, path)
        if self.problems:
            raise DataFileError(self.problems)

    def problem(self, where: list, message: str) -> None:
        self.problems.append(Problem(str(self.path), *position(self.data, where), message))

    def regex(self, pattern: str, where: list, flags: int = re.IGNORECASE):
        reason = dangerous(pattern) and f"reguliere expressie geweigerd: {dangerous(pattern)}"
        reason = reason or invalid(pattern)
        if reason:
            self.problem(where, reason)
            return None
        return re.compile(pattern, flags)

    def template(self, text: str, where: list, allowed: frozenset[str]) -> None:
        try:
            unknown = field_names(text) - allowed
        except ValueError as error:
            self.problem(where, f"kapotte {{plaatshouder}}: {error}")
            return
        if unknown:
            names = ", ".join("{" + n + "}" for n in sorted(allowed))
            self.problem(
                where, f"onbekende plaatshouder {{{sorted(unknown)[0]}}} (mogelijk: {names})"
            )

    def choices(self, key: str, letter_types: frozenset[str], domains: frozenset[str]):
        found = []
        for i, raw in enumerate(self.data[key]):
            where = [key, i]
            self.template(raw["text"], [*where, "text"], INNER_FIELDS)
            for j, name in enumerate(raw.get("letter_types", [])):
                if letter_types and name not in letter_types:
                    self.problem([*where, "letter_types", j], f"onbekend brieftype '{name}'")
            for j, name in enumerate(raw.get("domains", [])):
                if name not in domains:
                    self.problem([*where, "domains", j], f"onbekend domein '{name}'")
            found.append(
                Choice(
                    text=" ".join(raw["text"].split()),
                    id=raw.get("id", ""),
                    letter_types=frozenset(raw.get("letter_types", [])),
                    domains=frozenset(raw.get("domains", [])),
                    needs=tuple(raw.get("needs", [])),
                )
            )
        return tuple(found)

    def done(self) -> None:
        if self.problems:
            raise DataFileError(self.problems)


def _lower(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _word_map(raw: dict) -> dict[str, frozenset[str]]:
    return {k.lower(): _lower(v) for k, v in raw.items()}


def starts_regex(phrases: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for text that starts with one of the phrases."""
    if not phrases:
        return None
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{body})(?![\w-])", re.IGNORECASE)


def _request_from(reader: _Reader) -> RequestSpec:
    raw = reader.data["request"]
    subject = [
        reader.regex(p, ["request", "subject", i]) for i, p in enumerate(raw.get("subject", []))
    ]
    return RequestSpec(
        verbs=_lower(raw.get("verbs", [])),
        verbs_with=_word_map(raw.get("verbs_with", {})),
        after_verb=_lower(raw.get("after_verb", [])),
        zones=frozenset(raw.get("zones", [])),
        nouns=_word_map(raw.get("nouns", {})),
        readers=_lower(raw.get("readers", [])),
        senders=_lower(raw.get("senders", [])),
        owners=_lower(raw.get("owners", [])),
        not_with=_lower(raw.get("not_with", [])),
        subject=tuple(p for p in subject if p is not None),
        decision_verbs=_lower(raw.get("decision_verbs", [])),
        decision_nouns=_word_map(raw.get("decision_nouns", {})),
        decision_ended_by=_lower(raw.get("decision_ended_by", [])),
        max_words=int(raw.get("max_words", 10)),
        drop_first=_lower(raw.get("drop_first", [])),
        not_first=_lower(raw.get("not_first", [])),
        stop_at=_lower(raw.get("stop_at", [])),
        decision_types=frozenset(raw.get("decision_types", [])),
    )


def _organisations_from(reader: _Reader) -> OrganisationSpec:
    raw = reader.data["organisations"]
    found = []
    for i, entry in enumerate(raw.get("find", [])):
        pattern = reader.regex(entry["find"], ["organisations", "find", i, "find"], flags=0)
        if "as" in entry:
            reader.template(entry["as"], ["organisations", "find", i, "as"], frozenset({"name"}))
        if pattern is not None:
            found.append((pattern, entry.get("as", "")))
    return OrganisationSpec(
        max_chars=int(raw.get("max_chars", 60)),
        starts=starts_regex(list(raw.get("starts", []))),
        find=tuple(found),
    )


def facts_from(
    data: Any,
    path: Path,
    letter_types: frozenset[str] = frozenset(),
    domains: DomainsSpec | None = None,
) -> FactsSpec:
    """facts.yml, checked against the known letter types and domains."""
    reader = _Reader(data, path, FACTS_SCHEMA)
    domains = domains or DomainsSpec()
    for name, text in data["fallbacks"].items():
        reader.template(text, ["fallbacks", name], frozenset())
    phone = [reader.regex(p, ["phone", i]) for i, p in enumerate(data["phone"])]
    spec = FactsSpec(
        fallbacks=dict(data["fallbacks"]),
        address_forms={form: _lower(words) for form, words in data["address_forms"].items()},
        request=_request_from(reader),
        organisations=_organisations_from(reader),
        phone=tuple(p for p in phone if p is not None),
        phone_cues=_lower(data.get("phone_cues", [])),
        email_skip=tuple(w.lower() for w in data.get("email_skip", [])),
        decisions=reader.choices("decisions", letter_types, frozenset(domains.domains)),
        elsewhere_zones=frozenset(data.get("elsewhere", {}).get("zones", [])),
        elsewhere_roles=frozenset(data.get("elsewhere", {}).get("roles", [])),
        domains=domains,
    )
    reader.done()
    return spec


def domains_from(data: Any, path: Path) -> DomainsSpec:
    reader = _Reader(data, path, DOMAINS_SCHEMA)
    for domain_id, raw in data["domains"].items():
        for i, term in enumerate(raw["terms"]):
            if not term.strip("* ") or "*" in term.strip("*"):
                reader.problem(
                    ["domains", domain_id, "terms", i],
                    f"'{term}': een '*' mag alleen aan het begin of eind van een term staan",
                )
    reader.done()
    places = {p: float(data.get("places", {}).get(p, 1)) for p in PLACES}
    return DomainsSpec(
        domains={
            domain_id: DomainSpec(domain_id, raw["label"], tuple(t.lower() for t in raw["terms"]))
            for domain_id, raw in data["domains"].items()
        },
        places=places,
        min_score=float(data.get("min_score", 3)),
        margin=float(data.get("margin", 1.5)),
    )


def catalogue_from(
    data: Any, path: Path, letter_types: frozenset[str], domains: DomainsSpec
) -> tuple[tuple[Choice, ...], int, str]:
    """The alternatives, how many to show and what joins them."""
    reader = _Reader(data, path, CATALOGUE_SCHEMA)
    seen: set[str] = set()
    for i, raw in enumerate(data["alternatives"]):
        if raw["id"] in seen:
            reader.problem(["alternatives", i, "id"], f"id '{raw['id']}' komt twee keer voor")
        seen.add(raw["id"])
    choices = reader.choices("alternatives", letter_types, frozenset(domains.domains))
    reader.done()
    return choices, int(data.get("show", 2)), str(data.get("join", " of "))


def read_facts_spec(folder: Path, letter_types: frozenset[str]) -> FactsSpec | None:
    """The facts data in ``folder``, or None when it has no facts.yml."""
    facts_file = folder / "facts.yml"
    if not facts_file.is_file():
        return None
    domains_file = folder / "domains.yml"
    domains = (
        load_checked(domains_file, partial(domains_from, path=domains_file))
        if domains_file.is_file()
        else DomainsSpec()
    )
    spec = load_checked(
        facts_file,
        partial(facts_from, path=facts_file, letter_types=letter_types, domains=domains),
    )
    catalogue_file = folder / "alternatives-catalogue.yml"
    if not catalogue_file.is_file():
        return spec
    build = partial(catalogue_from, path=catalogue_file, letter_types=letter_types, domains=domains)
    alternatives, show, join = load_checked(catalogue_file, build)
    return replace(spec, alternatives=alternatives, show=show, join=join)
