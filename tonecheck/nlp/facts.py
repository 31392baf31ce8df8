"""Facts read from a letter, for the {placeholders} of messages and suggestions.

Read once per letter from the understood letter (zones, parse, sentence roles, letter
type), driven by ``rules/structure/facts.yml``, ``domains.yml`` and
``alternatives-catalogue.yml``: what the reader asked for, the domain, the organisation,
its phone number and e-mail address, the subject line, the form of address (u or je),
the decision as a clause and the alternatives that fit the domain and letter type. A fact
that cannot be read shows its marked fallback ('[wat de lezer vroeg]'), never a guess.
The fields are listed in docs/rule-format.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from tonecheck.common.fill_in import fill
from tonecheck.documents.model import Document
from tonecheck.nlp.domains import DomainReading, read_domain
from tonecheck.nlp.facts_contact import (
    LETTERHEAD_ZONES,
    SIGNATURE_ZONES,
    block_lines,
    read_contact,
    read_form,
    read_organisation,
)
from tonecheck.nlp.facts_request import read_request
from tonecheck.nlp.facts_schema import FACT_FIELDS
from tonecheck.nlp.facts_sentences import LetterSentences
from tonecheck.nlp.facts_spec import Choice, FactsSpec
from tonecheck.nlp.letter_type import SUBJECT_LINE, LetterType
from tonecheck.nlp.roles import SentenceRoles

SUBJECT_ZONES = ("reference", "address", "body", "opening")


@dataclass(frozen=True)
class Fact:
    """One fact read from the letter, and where it was read (in Dutch)."""

    value: str
    source: str


@dataclass(frozen=True)
class LetterFacts:
    """The facts of one letter: what was read, and the text of every template field."""

    form: str = "u"  # how the letter addresses the reader: 'u' or 'je'
    read: dict[str, Fact] = field(default_factory=dict)  # only the facts actually read
    domain: str | None = None  # the domain id (rules/structure/domains.yml)
    domain_reading: DomainReading = field(default_factory=lambda: DomainReading(None))
    alternatives: tuple[str, ...] = ()  # the ids of the catalogue alternatives chosen
    values: dict[str, str] = field(default_factory=dict)  # every field, fallbacks filled in

    def fill(self, template: str, extra: dict[str, str] | None = None) -> str:
        """``template`` with these facts (and ``extra`` values) and the letter's form."""
        return fill(template, {**self.values, **(extra or {})}, self.form)


def subject_span(document: Document) -> tuple[int, int] | None:
    """Character range of the text after 'Betreft:'/'Onderwerp:', or None."""
    for block in document.blocks:
        if block.zone not in SUBJECT_ZONES:
            continue
        offset = 0
        for line in block.text.split("\n"):
            match = SUBJECT_LINE.match(line)
            if match and match.group(2).strip():
                start = block.start + offset + match.start(2)
                return start, start + len(match.group(2).rstrip())
            offset += len(line) + 1
    return None


def _pick(choices: Sequence[Choice], letter_type: str, domain: str | None, known: set[str]):
    return [c for c in choices if c.fits(letter_type, domain, known)]


def choose_alternatives(
    spec: FactsSpec, letter_type: str, domain: str | None, known: set[str]
) -> list[Choice]:
    """The domain's own alternatives for the letter type, then those for every domain;
    the fallback only when none fits. Never one of another domain."""
    fitting = _pick(spec.alternatives, letter_type, domain, known)
    own = [c for c in fitting if c.domains]
    every = [c for c in fitting if not c.domains and c.letter_types]
    chosen = (own + every)[: spec.show]
    return chosen or [c for c in fitting if c.is_fallback][: spec.show]


def read_facts(
    document: Document,
    doc: Doc,
    sentences: Sequence[Span],
    roles: Sequence[SentenceRoles],
    letter_type: LetterType,
    spec: FactsSpec,
) -> LetterFacts:
    """The facts of one understood letter; ``sentences`` are its sentences with text
    and ``roles`` their roles (empty without a role model)."""
    kind = letter_type.label
    view = LetterSentences(document, sentences, roles, letter_type, spec)
    own, decisions = view.own, view.decisions
    subject = subject_span(document)
    read: dict[str, Fact] = {}

    def keep(name: str, value: str, source: str) -> None:
        if value:
            read[name] = Fact(value, source)

    if subject is not None:
        keep("subject", document.text[subject[0] : subject[1]], "uit de onderwerpregel")
    asked = [s for s in own if view.zone(s) in spec.request.zones]
    subject_line = None if subject is None else (*subject, document.text[subject[0] : subject[1]])
    keep("request", *read_request(asked, subject_line, view.refusals, doc, spec.request, kind))
    keep("organisation", *read_organisation(document, [view.text(s) for s in own], spec))
    phone, email = read_contact(document, *view.contact_texts(), spec)
    keep("phone", *phone)
    keep("contact", *(phone if phone[0] else email))
    places = {
        "subject": read["subject"].value if "subject" in read else "",
        "request": read["request"].value if "request" in read else "",
        "decision": " ".join(view.text(s) for s in decisions),
        "organisation": read["organisation"].value if "organisation" in read else "",
        "text": " ".join(view.text(s) for s in own),
        "letterhead": " ".join(block_lines(document, LETTERHEAD_ZONES + SIGNATURE_ZONES)),
    }
    reading = read_domain(places, spec.domains)
    if reading.domain is not None:
        label = spec.domains.domains[reading.domain].label
        keep("domain", label, f"op grond van {reading.describe()}")
    form = read_form((view.text(s) for s in view.running), spec)
    return _composed(spec, form, read, reading, kind)


def _composed(
    spec: FactsSpec, form: str, read: dict[str, Fact], reading: DomainReading, kind: str
) -> LetterFacts:
    """The facts with the template text of every field: fallbacks where nothing was
    read, the decision clause and the alternatives that fit."""
    values = {
        name: (read[name].value if name in read else spec.fallbacks[name]) for name in FACT_FIELDS
    }
    known = set(read)
    decision = next((c for c in spec.decisions if c.fits(kind, reading.domain, known)), None)
    if decision is not None:
        values["decision"] = fill(decision.text, values, form)
    chosen = choose_alternatives(spec, kind, reading.domain, known)
    if chosen:
        values["alternatives"] = spec.join.join(f"'{fill(c.text, values, form)}'" for c in chosen)
    return LetterFacts(
        form=form,
        read=read,
        domain=reading.domain,
        domain_reading=reading,
        alternatives=tuple(c.id for c in chosen),
        values=values,
    )
