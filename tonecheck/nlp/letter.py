"""A letter understood: its blocks with zones, its parse, its type and its stats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span

from tonecheck.documents.model import Document
from tonecheck.nlp.analyse import analyse_many, sentences_of
from tonecheck.nlp.bad_news import BadNewsEvidence, bad_news_features
from tonecheck.nlp.both_decisions import with_both_decisions
from tonecheck.nlp.components import ITEM_NUMBER
from tonecheck.nlp.facts import LetterFacts, read_facts
from tonecheck.nlp.language import detect_language
from tonecheck.nlp.letter_type import (
    DECISION_ZONES,
    LetterType,
    classify,
    has_negative_decision,
    is_bad_news,
)
from tonecheck.nlp.level import estimate_level
from tonecheck.nlp.readability import TextStats, sentence_words, text_stats
from tonecheck.nlp.role_names import DECISION_ROLES
from tonecheck.nlp.roles import LetterSentences, SentenceRoles, first_with_role
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, StructureSpec
from tonecheck.nlp.zones import assign_zones


def text_sentences(document: Document, doc: Doc) -> list:
    """The sentences of the letter's running text (no address, signature, margins)."""
    result = []
    for sentence in sentences_of(doc):
        if document.blocks[document.block_index(sentence.start_char)].zone not in NON_TEXT_ZONES:
            result.append(sentence)
    return result


def sentences_with_text(document: Document, doc: Doc) -> list[Span]:
    """Every sentence that holds more than whitespace (the sentences rules look at and
    roles are given to), without a list item's number in front ("1. Op 14 juli hebben
    wij …" is read as "Op 14 juli hebben wij …")."""
    text = document.text
    return [
        without_item_number(s) for s in sentences_of(doc) if text[s.start_char : s.end_char].strip()
    ]


def without_item_number(sentence: Span) -> Span:
    """The sentence without a list item's number and its full stop in front ("1.", "b.",
    "IV."; not an initial, "J. de Vries …"), when words follow them."""
    # the first three words are all it looks at (this runs for every sentence)
    tokens = list(islice((t for t in sentence if not t.is_space), 3))
    if (
        len(tokens) > 1
        and tokens[0].text.endswith(".")
        and ITEM_NUMBER.fullmatch(tokens[0].text[:-1])
    ):
        return sentence.doc[tokens[1].i : sentence.end]  # "a." as one token
    if (
        len(tokens) > 2
        and tokens[1].text == "."
        and tokens[1].i == tokens[0].i + 1
        and ITEM_NUMBER.fullmatch(tokens[0].text)
    ):
        return sentence.doc[tokens[2].i : sentence.end]
    return sentence


@dataclass
class Letter:
    """Everything later steps need about one letter."""

    document: Document
    doc: Doc
    letter_type: LetterType
    stats: TextStats
    language: str = "nl"  # code from rules/structure/languages.yml
    roles: list[SentenceRoles] = field(default_factory=list)  # per sentence with text
    facts: LetterFacts = field(default_factory=LetterFacts)  # for suggestions' {placeholders}
    # what decided bad news besides the roles (None without a role model)
    bad_news: BadNewsEvidence | None = None
    # where the decision is when no sentence was read as it and the letter type decided
    # on none (:func:`strongest_decision`); (-1, -1) otherwise
    decision_span: tuple[int, int] = (-1, -1)


# a learned letter type at least this likely may place a decision no sentence states
SURE_TYPE = 0.5

# the roles of sentences that name "dit besluit" but are not it
NOT_THE_DECISION = frozenset(
    {"objection-right", "objection-term", "objection-where", "contact", "alternative", "next-step"}
)


def strongest_decision(
    roles: Sequence[SentenceRoles], wanted: Sequence[str] = ("decision-negative",)
) -> tuple[int, int]:
    """The character span of the sentence in the decision zones that reads most as one of
    ``wanted`` (a refusal unless told otherwise), even below its threshold, among those
    read as nothing else ((-1, -1): none)."""
    candidates = [r for r in roles if r.zone in DECISION_ZONES and not r.roles & NOT_THE_DECISION]
    best = max(candidates, key=lambda r: max(r.scores.get(w, 0.0) for w in wanted), default=None)
    return (best.start_char, best.end_char) if best is not None else (-1, -1)


def first_decision(roles: Sequence[SentenceRoles]) -> tuple[int, int]:
    """The character span of the first sentence in the decision zones read as a refusal,
    else of the first read as a grant ((-1, -1): none)."""
    first = first_with_role(roles, DECISION_ROLES, DECISION_ZONES)
    return (first.start_char, first.end_char) if first is not None else (-1, -1)


# letters whose sentences the role classifier scores together (its cost per call)
ROLES_GROUP = 16


@dataclass
class _Reading:
    """One letter on its way to a :class:`Letter`: what comes before its roles."""

    document: Document
    doc: Doc
    letter_type: LetterType
    with_text: list[Span]


def understand_many(
    nlp: Language,
    spec: StructureSpec,
    documents: Iterable[Document],
    docs: Iterable[Doc] | None = None,
) -> Iterator[Letter]:
    """Zones, parse, letter type and stats for each document, in order (``docs``: their
    parses, when already made). The sentences of :data:`ROLES_GROUP` letters at a time
    get their roles together."""
    documents = [assign_zones(d, spec) for d in documents]
    parsed = analyse_many(nlp, documents) if docs is None else docs
    pairs = zip(documents, parsed, strict=True)
    while group := list(islice(pairs, ROLES_GROUP)):
        readings = [
            _Reading(
                document, doc, classify(document, doc, spec), sentences_with_text(document, doc)
            )
            for document, doc in group
        ]
        roles: list[list[SentenceRoles]] = [[] for _ in readings]
        if spec.roles is not None:
            letters = [
                LetterSentences(r.doc, r.document, r.with_text, r.letter_type.sentence_signals)
                for r in readings
            ]
            roles = spec.roles.assign_many(letters, skip_zones=NON_TEXT_ZONES)
        for reading, its_roles in zip(readings, roles, strict=True):
            yield _letter(spec, reading, its_roles)


def _letter(spec: StructureSpec, reading: _Reading, roles: list[SentenceRoles]) -> Letter:
    """The letter, given its sentences' roles: the learned letter type, bad news, facts,
    stats and language."""
    document, doc, letter_type = reading.document, reading.doc, reading.letter_type
    sentences = text_sentences(document, doc)
    stats = text_stats(doc, sentences)
    words = (w for sentence in sentences for w in sentence_words(sentence))
    evidence = None
    decision_span = (-1, -1)
    if spec.roles is not None:
        if spec.letter_type_model is not None:
            learned = spec.letter_type_model.classify(
                document, letter_type, roles, spec.bad_news_types
            )
            # a letter that clearly grants and clearly refuses is a partial grant (the
            # rule-based reading, which the classifier reads, has its own way: `requires`)
            learned = with_both_decisions(learned, roles, document, spec.letter_types)
            if learned.label != letter_type.label:
                # the rule-based type's bad news does not carry over to another type
                bad = is_bad_news(spec, learned.label, document, doc)
                learned = replace(learned, bad_news=bad)
            letter_type = learned
        # bad news: a sentence states a decision against the reader, by its role or by
        # the parse-based letter-type signals (which read "wij betalen … niet" as a
        # refusal even where the role model hesitates); not in a letter that decides
        # nothing (a request for information)
        kind = spec.letter_types.get(letter_type.label)
        decides = kind.decides if kind is not None else True
        bad_news = letter_type.bad_news or (
            decides and has_negative_decision(roles, spec.bad_news_over)
        )
        evidence = BadNewsEvidence(
            letter_type.probabilities, letter_type.label, reading.letter_type.label, bad_news
        )
        if spec.bad_news_model is not None:  # the rule's answer is one of what it weighs
            features = bad_news_features(roles, evidence, spec.letter_types, spec.bad_news_over)
            probability = spec.bad_news_model.probability(features)
            evidence = replace(evidence, probability=probability)
            bad_news = probability >= spec.bad_news_model.mark
        letter_type = replace(letter_type, bad_news=bad_news)
        if not letter_type.evidence and kind is not None:
            if bad_news and kind.bad_news_by_type:
                # bad news, but no sentence says the decision: the rules that ask about
                # the decision look at the sentence that comes closest
                decision_span = strongest_decision(roles)
            elif (
                not bad_news
                and kind.decides
                and not kind.bad_news_by_type
                and letter_type.confidence >= SURE_TYPE
            ):
                # a decision without bad news (a grant, an objection upheld) that no
                # sentence states: the rules that ask about it (the objection clause) look
                # at the sentence that reads most as a decision, when the type is more
                # likely than not. Not with bad news that no sentence states (a status
                # message whose decision is a placeholder): the rules for bad news would
                # ask about a sentence that says nothing of it
                decision_span = strongest_decision(roles, DECISION_ROLES)
    facts = LetterFacts()
    if spec.facts is not None:
        facts = read_facts(document, doc, reading.with_text, roles, letter_type, spec.facts)
    return Letter(
        document=document,
        doc=doc,
        letter_type=letter_type,
        roles=roles,
        facts=facts,
        bad_news=evidence,
        stats=replace(stats, level=estimate_level(stats.features(), spec.levels)),
        language=detect_language(words, spec.languages),
        decision_span=decision_span,
    )


def understand(
    nlp: Language, spec: StructureSpec, document: Document, doc: Doc | None = None
) -> Letter:
    return next(understand_many(nlp, spec, [document], None if doc is None else [doc]))
