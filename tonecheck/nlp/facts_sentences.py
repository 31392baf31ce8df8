"""The sentences of a letter as the facts reader looks at them: the running text, the
part about the letter's own decision, the decision sentences and where contact details
for questions stand."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span

from tonecheck.documents.model import Document
from tonecheck.nlp.facts_spec import FactsSpec
from tonecheck.nlp.letter_type import LetterType
from tonecheck.nlp.role_names import DECISION_ROLES
from tonecheck.nlp.roles import SentenceRoles
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES

# a sentence with one of these roles, or in a paragraph about an alternative, gives no
# contact details for questions (another organisation's number, the objection address)
NOT_CONTACT_ROLES = frozenset({"alternative", "objection-right", "objection-where"})


@dataclass
class LetterSentences:
    """Views of one letter's sentences (with text) by zone and role."""

    document: Document
    sentences: Sequence[Span]
    roles: Sequence[SentenceRoles]
    letter_type: LetterType
    spec: FactsSpec
    _roles: dict[int, frozenset[str]] = field(init=False)
    _zones: dict[int, str] = field(init=False)
    _blocks: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        self._roles = {r.start_char: r.roles for r in self.roles}
        self._blocks = {
            s.start_char: self.document.block_index(s.start_char) for s in self.sentences
        }
        self._zones = {k: self.document.blocks[b].zone for k, b in self._blocks.items()}

    def has(self, sentence: Span, names: Iterable[str]) -> bool:
        return bool(self._roles.get(sentence.start_char, frozenset()) & set(names))

    def zone(self, sentence: Span) -> str:
        return self._zones[sentence.start_char]

    def text(self, sentence: Span) -> str:
        """The sentence's text, sliced from the letter (``Span.text`` joins its tokens)."""
        return self.document.text[sentence.start_char : sentence.end_char]

    @property
    def running(self) -> list[Span]:
        """The running text: no address, reference lines, salutation or signature."""
        return [s for s in self.sentences if self.zone(s) not in NON_TEXT_ZONES]

    @property
    def own(self) -> list[Span]:
        """The running text about this letter's decision (not other schemes, the
        objection clause or the contact lines)."""
        spec = self.spec
        return [
            s
            for s in self.running
            if self.zone(s) not in spec.elsewhere_zones and not self.has(s, spec.elsewhere_roles)
        ]

    @property
    def decisions(self) -> list[Span]:
        """Sentences that state the decision: by their role, or the one the letter type
        was read from."""
        start = self.letter_type.evidence_span[0]
        return [
            s for s in self.own if self.has(s, DECISION_ROLES) or s.start_char <= start < s.end_char
        ]

    @property
    def refusals(self) -> list[Span]:
        """Decision sentences against the reader."""
        start = self.letter_type.evidence_span[0]
        bad_news = self.letter_type.bad_news
        return [
            s
            for s in self.decisions
            if self.has(s, DECISION_ROLES[:1]) or (bad_news and s.start_char <= start < s.end_char)
        ]

    def contact_texts(self) -> tuple[list[str], list[str]]:
        """(sentences that give contact details, first the contact section; every other
        sentence that may hold them)."""
        running = self.running
        alternatives = {
            self._blocks[s.start_char] for s in running if self.has(s, ("alternative",))
        }
        usable = [
            s
            for s in running
            if self._blocks[s.start_char] not in alternatives and not self.has(s, NOT_CONTACT_ROLES)
        ]
        section = [self.text(s) for s in usable if self.zone(s) == "contact"]
        others = [
            self.text(s) for s in usable if self.has(s, ("contact",)) and self.zone(s) != "contact"
        ]
        return section + others, [self.text(s) for s in usable]
