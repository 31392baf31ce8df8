"""Run the pipeline over letters: one spaCy Doc per letter, block boundaries kept."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.documents.model import BLOCK_SEPARATOR, Document

BATCH_SIZE = 32


def analyse(nlp: Language, document: Document) -> Doc:
    """Parse one letter."""
    return next(analyse_many(nlp, [document]))


def analyse_many(
    nlp: Language, documents: Iterable[Document], batch_size: int = BATCH_SIZE
) -> Iterator[Doc]:
    """Parse letters in order, feeding their blocks to ``nlp.pipe`` in batches.

    Every block is parsed on its own (so a block boundary is always a sentence
    boundary) and the blocks of a letter are joined into one Doc whose text equals
    ``document.text`` exactly, so Doc character offsets are document offsets.
    """
    for document in documents:
        texts = [
            block.text + (BLOCK_SEPARATOR if i < len(document.blocks) - 1 else "")
            for i, block in enumerate(document.blocks)
        ]
        docs = list(nlp.pipe(texts, batch_size=batch_size))
        doc = Doc.from_docs(docs, ensure_whitespace=False) if len(docs) > 1 else docs[0]
        yield doc
