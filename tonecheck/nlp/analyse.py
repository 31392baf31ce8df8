"""Run the pipeline over letters: one spaCy Doc per letter, block boundaries kept.

A letter's text is its blocks joined by a blank line; the ``tonecheck_line_breaks``
component marks the token after every line break as a sentence start before the parser
runs, and the parser keeps such starts, so a block boundary is always a sentence
boundary while each letter is parsed as one text (faster than parsing block by block:
21.9 against 26.3 ms per letter on the benchmark letters, see benchmarks/bench_batch.py).
Doc character offsets are document offsets because the Doc's text is the document's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from tonecheck.documents.model import Document

BATCH_SIZE = 16
BATCH_CHARS = 60_000  # a batch's texts together: long letters are parsed in fewer at a time


def analyse_many(
    nlp: Language, documents: Iterable[Document], batch_size: int = BATCH_SIZE
) -> Iterator[Doc]:
    """Parse letters in order, several at a time through ``nlp.pipe``: up to
    ``batch_size`` letters and :data:`BATCH_CHARS` characters a batch (a letter longer
    than that alone), so memory stays bounded whatever the letters' length."""
    for batch in _batches((d.text for d in documents), batch_size):
        yield from nlp.pipe(batch, batch_size=len(batch))


def _batches(texts: Iterable[str], batch_size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) == batch_size or size + len(text) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


SENTENCES_KEY = "tonecheck_sentences"  # Doc.user_data: the Doc's sentences, as a list


def sentences_of(doc: Doc) -> list[Span]:
    """The Doc's sentences, built once (zones, the letter type, the stats and the rules
    all walk them)."""
    found = doc.user_data.get(SENTENCES_KEY)
    if found is None:
        found = doc.user_data[SENTENCES_KEY] = list(doc.sents)
    return found
