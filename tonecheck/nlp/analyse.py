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

Characters alone do not bound the tokens: 10,000 emoji or ``!?.`` are 10,000 tokens, five
times a letter's 10,000 characters, and a space-free run has none of the places above.
So a chunk also holds at most :data:`CHUNK_TOKENS` tokens and a batch
:data:`BATCH_TOKENS`, counted by :func:`estimated_tokens` (a run of letters and digits
one token, every other visible character one: close to spaCy's count on letters, and
never below it on symbols), and a space-free stretch too long for a chunk is cut where the
tokenizer cuts it anyway (every :data:`~tonecheck.nlp.affix_cuts.MAX_STRETCH` characters
from its start, :mod:`tonecheck.nlp.affix_cuts`), so its tokens are the same as in one
pass. Each chunk's network output (``doc.tensor``) is freed once it is parsed
(:func:`drop_tensor`). 40,000 emoji peaked at 978 MB in one chunk; see docs/limits.md
for the numbers now (315 MB, and 361 MB for 195,000 emoji).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from tonecheck.common.placeholders import placeholder_spans
from tonecheck.documents.model import Document
from tonecheck.nlp.affix_cuts import MAX_STRETCH

BATCH_SIZE = 16
BATCH_CHARS = 20_000  # characters through the pipeline at once (several letters, or chunks)
CHUNK_CHARS = 10_000  # a longer letter is parsed in chunks of at most this many characters
# tokens (estimated) through the pipeline at once, and per chunk: a letter's 10,000
# characters are about 2,000 tokens, so only text dense with symbols meets these first
BATCH_TOKENS = 5_000
CHUNK_TOKENS = 2_500
TOKENISH = re.compile(r"[^\W_]+|\S")  # what estimated_tokens counts
STRETCH = re.compile(r"\S+")
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
    ``batch_size`` texts, :data:`BATCH_CHARS` characters and :data:`BATCH_TOKENS`
    estimated tokens a batch, a long letter in chunks (see the module's docstring), so
    memory stays bounded whatever the letters' length or content."""
    return analyse_texts(nlp, (document.text for document in documents), batch_size)


def analyse_texts(
    nlp: Language, texts: Iterable[str], batch_size: int = BATCH_SIZE
) -> Iterator[Doc]:
    """:func:`analyse_many` for plain texts (a letter's text, or a run of its blocks)."""
    parts: list[Doc] = []
    pieces = ((piece, last) for text in texts for piece, last in _marked_last(chunks(text)))
    for batch in _batches(pieces, batch_size):
        texts = [text for text, _ in batch]
        for (_, last), doc in zip(batch, nlp.pipe(texts, batch_size=len(texts)), strict=True):
            drop_tensor(doc)
            parts.append(doc)
            if last:
                yield parts[0] if len(parts) == 1 else joined_docs(parts)
                parts = []


def chunks(text: str, limit: int | None = None, tokens: int | None = None) -> list[str]:
    """``text`` in consecutive pieces of at most ``limit`` (default :data:`CHUNK_CHARS`)
    characters and ``tokens`` (default :data:`CHUNK_TOKENS`) estimated tokens that join
    to it again, cut at the best places of :data:`CUTS`, and a space-free stretch still
    too long where the tokenizer cuts it (see the module's docstring)."""
    limit = CHUNK_CHARS if limit is None else limit
    tokens = CHUNK_TOKENS if tokens is None else tokens
    if len(text) <= limit and (len(text) <= tokens or estimated_tokens(text) <= tokens):
        return [text]
    count = _token_counter(text)

    def fits(start: int, end: int) -> bool:
        return end - start <= limit and count(start, end) <= tokens

    starts = [0]
    for start, end in _pieces(text, 0, len(text), 0, fits):
        if not fits(starts[-1], end) and start > starts[-1]:
            starts.append(start)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def estimated_tokens(text: str) -> int:
    """About how many tokens spaCy makes of ``text``: a run of letters and digits one,
    every other visible character one."""
    return sum(1 for _ in TOKENISH.finditer(text))


def _token_counter(text: str) -> Callable[[int, int], int]:
    """Estimated tokens starting in ``text[start:end]``, for any start and end."""
    starts = [match.start() for match in TOKENISH.finditer(text)]
    return lambda start, end: bisect_left(starts, end) - bisect_left(starts, start)


Fits = Callable[[int, int], bool]


def _pieces(text: str, start: int, end: int, level: int, fits: Fits) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut at every place of ``CUTS[level]``, and a piece that still
    does not fit at the places of the next levels, then where the tokenizer cuts."""
    if fits(start, end):
        yield start, end
        return
    if level == len(CUTS):
        yield from _stretch_pieces(text, start, end)
        return
    kept = list(placeholder_spans(text[start:end])) if level >= WITHIN_LINE else []
    previous = start
    for match in CUTS[level].finditer(text, start, end):
        cut = match.end()
        if cut < end and not any(a < cut - start < b for a, b in kept):
            yield from _pieces(text, previous, cut, level + 1, fits)
            previous = cut
    yield from _pieces(text, previous, end, level + 1, fits)


def _stretch_pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut where the tokenizer cuts it anyway, so that the tokens are
    those of one pass: before and after each placeholder (a token of its own), where each
    space-free stretch between them starts (after tabs or other white space, which spaCy
    makes tokens of their own), and every MAX_STRETCH characters from there. No piece is
    longer than MAX_STRETCH, the white space before it, or a placeholder."""
    cuts: list[int] = []
    position = start
    places = [(start + a, start + b) for a, b in placeholder_spans(text[start:end])]
    for first, last in [*places, (end, end)]:
        for stretch in STRETCH.finditer(text, position, first):
            cuts += range(stretch.start(), stretch.end(), MAX_STRETCH)
        cuts.append(first)
        position = last
    previous = start
    for cut in cuts:
        if previous < cut < end:
            yield previous, cut
            previous = cut
    yield previous, end


def _marked_last(texts: list[str]) -> Iterator[tuple[str, bool]]:
    for index, text in enumerate(texts):
        yield text, index == len(texts) - 1


def drop_tensor(doc: Doc) -> None:
    """Free the network's output kept on a parsed Doc (``doc.tensor``, a row of floats per
    token): the components have used it, and nothing after the pipeline reads it (there
    are no word vectors, so no ``Token.vector`` falls back on it either). A fifth of the
    memory of a letter of 195,000 emoji (587 MB peak with it, 473 without)."""
    doc.tensor = numpy.zeros((0,), dtype="float32")


def joined_docs(parts: list[Doc]) -> Doc:
    """The chunks of one letter as one Doc (text, offsets and annotations as they were)."""
    # spaCy's type stub lacks `exclude` (spaCy 3.3+); no component keeps user data
    return Doc.from_docs(  # type: ignore[call-arg]
        parts, ensure_whitespace=False, exclude=["user_data", "tensor"]
    )


def _batches(
    pieces: Iterable[tuple[str, bool]], batch_size: int
) -> Iterator[list[tuple[str, bool]]]:
    """Up to ``batch_size`` texts a batch, :data:`BATCH_CHARS` characters and
    :data:`BATCH_TOKENS` estimated tokens (a text over either goes alone)."""
    batch: list[tuple[str, bool]] = []
    size = tokens = 0
    for piece in pieces:
        count = estimated_tokens(piece[0])
        if batch and (
            len(batch) == batch_size
            or size + len(piece[0]) > BATCH_CHARS
            or tokens + count > BATCH_TOKENS
        ):
            yield batch
            batch, size, tokens = [], 0, 0
        batch.append(piece)
        size += len(piece[0])
        tokens += count
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
