"""A letter understood: its blocks with zones, its parse, its type and its stats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from tonecheck.documents.model import Document
from tonecheck.nlp.analyse import analyse_many, sentences_of
from tonecheck.nlp.facts import LetterFacts, read_facts
from tonecheck.nlp.language import detect_language
from tonecheck.nlp.letter_type import (
    LetterType,
    classify,
    has_negative_decision,
    is_bad_news,
)
from tonecheck.nlp.level import estimate_level
from tonecheck.nlp.readability import TextStats, sentence_words, text_stats
from tonecheck.nlp.roles import SentenceRoles
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
    """Every sentence that holds more than whitespace (the sentences rules look at)."""
    text = document.text
    return [s for s in sentences_of(doc) if text[s.start_char : s.end_char].strip()]


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


def understand_many(
    nlp: Language,
    spec: StructureSpec,
    documents: Iterable[Document],
    docs: Iterable[Doc] | None = None,
) -> Iterator[Letter]:
    """Zones, parse, letter type and stats for each document, in order (``docs``: their
    parses, when already made)."""
    documents = [assign_zones(d, spec) for d in documents]
    parsed = analyse_many(nlp, documents) if docs is None else docs
    for document, doc in zip(documents, parsed, strict=True):
        sentences = text_sentences(document, doc)
        stats = text_stats(doc, sentences)
        words = (w for sentence in sentences for w in sentence_words(sentence))
        letter_type = classify(document, doc, spec)
        roles: list[SentenceRoles] = []
        with_text = sentences_with_text(document, doc)
        if spec.roles is not None:
            roles = spec.roles.assign(
                doc,
                document,
                with_text,
                letter_type.sentence_signals,
                skip_zones=NON_TEXT_ZONES,
            )
            if spec.letter_type_model is not None:
                learned = spec.letter_type_model.classify(document, letter_type, roles)
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
            letter_type = replace(letter_type, bad_news=bad_news)
        facts = LetterFacts()
        if spec.facts is not None:
            facts = read_facts(document, doc, with_text, roles, letter_type, spec.facts)
        yield Letter(
            document=document,
            doc=doc,
            letter_type=letter_type,
            roles=roles,
            facts=facts,
            stats=replace(stats, level=estimate_level(stats.features(), spec.levels)),
            language=detect_language(words, spec.languages),
        )


def understand(
    nlp: Language, spec: StructureSpec, document: Document, doc: Doc | None = None
) -> Letter:
    return next(understand_many(nlp, spec, [document], None if doc is None else [doc]))
