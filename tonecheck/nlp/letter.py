"""A letter understood: its blocks with zones, its parse, its type and its stats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.documents.model import Document
from tonecheck.nlp.analyse import analyse_many, sentences_of
from tonecheck.nlp.language import detect_language
from tonecheck.nlp.letter_type import LetterType, classify
from tonecheck.nlp.level import estimate_level
from tonecheck.nlp.readability import TextStats, sentence_words, text_stats
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, StructureSpec
from tonecheck.nlp.zones import assign_zones


def text_sentences(document: Document, doc: Doc) -> list:
    """The sentences of the letter's running text (no address, signature, margins)."""
    result = []
    for sentence in sentences_of(doc):
        if document.blocks[document.block_index(sentence.start_char)].zone not in NON_TEXT_ZONES:
            result.append(sentence)
    return result


@dataclass
class Letter:
    """Everything later steps need about one letter."""

    document: Document
    doc: Doc
    letter_type: LetterType
    stats: TextStats
    language: str = "nl"  # code from rules/structure/languages.yml


def understand_many(
    nlp: Language, spec: StructureSpec, documents: Iterable[Document]
) -> Iterator[Letter]:
    """Zones, parse, letter type and stats for each document, in order."""
    documents = [assign_zones(d, spec) for d in documents]
    for document, doc in zip(documents, analyse_many(nlp, documents), strict=True):
        sentences = text_sentences(document, doc)
        stats = text_stats(doc, sentences)
        words = (w for sentence in sentences for w in sentence_words(sentence))
        yield Letter(
            document=document,
            doc=doc,
            letter_type=classify(document, doc, spec),
            stats=replace(stats, level=estimate_level(stats.features(), spec.levels)),
            language=detect_language(words, spec.languages),
        )


def understand(nlp: Language, spec: StructureSpec, document: Document) -> Letter:
    return next(understand_many(nlp, spec, [document]))
