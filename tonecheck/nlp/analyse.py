"""Run the pipeline over letters: one spaCy Doc per letter, block boundaries kept.

A letter's text is its blocks joined by a blank line; the ``tonecheck_line_breaks``
component marks the token after every line break as a sentence start before the parser
runs, and the parser keeps such starts, so a block boundary is always a sentence
boundary while each letter is parsed as one text (faster than parsing block by block:
21.9 against 26.3 ms per letter on the benchmark letters, see benchmarks/bench_batch.py).
Doc character offsets are document offsets because the Doc's text is the document's.

Memory: the networks keep every layer's output for all tokens of an ``nlp.pipe`` batch
until the batch is done (about 20 KB a token), so a 190,000-character letter parsed as
one text took 700 MB. A letter longer than :data:`CHUNK_CHARS` goes through the pipeline
in chunks cut where blocks start (and, in a block that long, where lines or sentences
start), at most :data:`BATCH_CHARS` characters at a time, and its chunks are joined into
one Doc again: the same text, tokens and offsets, sentences still starting at every
block. Only the few tokens beside a cut can be tagged or attached differently than in
one pass (the network reads four tokens either side); the findings on a 190,000-character
letter were the same, and its peak memory 115 MB instead of 700 (bench_memory.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from tonecheck.documents.model import Document
from tonecheck.nlp.tokenizer import placeholder_spans

BATCH_SIZE = 16
BATCH_CHARS = 20_000  # characters through the pipeline at once (several letters, or chunks)
CHUNK_CHARS = 10_000  # a longer letter is parsed in chunks of at most this many characters
# where a chunk may start, best first: a block, a line (both always start a sentence),
# a capital after a sentence's end ("d.d. 18 mei" is no end), any word (the last two
# only in a line longer than CHUNK_CHARS)
CUTS = (
    re.compile(r"\n\n(?=\S)"),
    re.compile(r"\n(?=\S)"),
    re.compile(r"[.?!][\"')\]\u201d\u2019\u00bb]* (?=[A-Z\u00c0-\u00de])"),
    re.compile(r" (?=\S)"),
)
WITHIN_LINE = 2  # the first of CUTS that can fall inside a placeholder


def analyse_many(
    nlp: Language, documents: Iterable[Document], batch_size: int = BATCH_SIZE
) -> Iterator[Doc]:
    """Parse letters in order, several at a time through ``nlp.pipe``: up to
    ``batch_size`` texts and :data:`BATCH_CHARS` characters a batch, a long letter in
    chunks (see the module's docstring), so memory stays bounded whatever the letters'
    length."""
    parts: list[Doc] = []
    pieces = (
        (text, last) for document in documents for text, last in _marked_last(chunks(document.text))
    )
    for batch in _batches(pieces, batch_size):
        texts = [text for text, _ in batch]
        for (_, last), doc in zip(batch, nlp.pipe(texts, batch_size=len(texts)), strict=True):
            parts.append(doc)
            if last:
                yield parts[0] if len(parts) == 1 else _joined(parts)
                parts = []


def chunks(text: str, limit: int | None = None) -> list[str]:
    """``text`` in consecutive pieces of at most ``limit`` (default :data:`CHUNK_CHARS`)
    characters that join to it again, cut at the best places of :data:`CUTS` (a piece
    without any such place may be longer)."""
    limit = CHUNK_CHARS if limit is None else limit
    if len(text) <= limit:
        return [text]
    starts = [0]
    for start, end in _pieces(text, 0, len(text), 0, limit):
        if end - starts[-1] > limit and start > starts[-1]:
            starts.append(start)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _pieces(text: str, start: int, end: int, level: int, limit: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut at every place of ``CUTS[level]``, and a piece still longer
    than ``limit`` at the places of the next levels."""
    if end - start <= limit or level == len(CUTS):
        yield start, end
        return
    kept = list(placeholder_spans(text[start:end])) if level >= WITHIN_LINE else []
    previous = start
    for match in CUTS[level].finditer(text, start, end):
        cut = match.end()
        if cut < end and not any(a < cut - start < b for a, b in kept):
            yield from _pieces(text, previous, cut, level + 1, limit)
            previous = cut
    yield from _pieces(text, previous, end, level + 1, limit)


def _marked_last(texts: list[str]) -> Iterator[tuple[str, bool]]:
    for index, text in enumerate(texts):
        yield text, index == len(texts) - 1


def _joined(parts: list[Doc]) -> Doc:
    """The chunks of one letter as one Doc (text, offsets and annotations as they were)."""
    # spaCy's type stub lacks `exclude` (spaCy 3.3+); no component keeps user data
    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["user_data"])  # type: ignore[call-arg]


def _batches(
    pieces: Iterable[tuple[str, bool]], batch_size: int
) -> Iterator[list[tuple[str, bool]]]:
    batch: list[tuple[str, bool]] = []
    size = 0
    for piece in pieces:
        if batch and (len(batch) == batch_size or size + len(piece[0]) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece[0])
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
