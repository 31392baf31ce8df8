"""Run the pipeline over letters: one spaCy Doc per letter, block boundaries kept."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.documents.model import BLOCK_SEPARATOR, Document

BATCH_SIZE = 32
LETTERS_PER_CHUNK = 16


def analyse(nlp: Language, document: Document) -> Doc:
    """Parse one letter."""
    return next(analyse_many(nlp, [document]))


def _block_texts(document: Document) -> list[str]:
    last = len(document.blocks) - 1
    return [b.text + (BLOCK_SEPARATOR if i < last else "") for i, b in enumerate(document.blocks)]


def analyse_many(
    nlp: Language, documents: Iterable[Document], batch_size: int = BATCH_SIZE
) -> Iterator[Doc]:
    """Parse letters in order, feeding the blocks of several letters to ``nlp.pipe``.

    Every block is parsed on its own (so a block boundary is always a sentence
    boundary) and the blocks of a letter are joined into one Doc whose text equals
    ``document.text`` exactly, so Doc character offsets are document offsets.
    """
    iterator = iter(documents)
    while chunk := list(islice(iterator, LETTERS_PER_CHUNK)):
        texts = [_block_texts(d) for d in chunk]
        parsed = iter(nlp.pipe((t for ts in texts for t in ts), batch_size=batch_size))
        for block_texts in texts:
            docs = [next(parsed) for _ in block_texts]
            yield Doc.from_docs(docs, ensure_whitespace=False) if len(docs) > 1 else docs[0]
