"""A letter as rules see it: tokens and sentences tied to blocks and zones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from tonecheck.common.findings import Location
from tonecheck.nlp.letter import Letter, sentences_with_text
from tonecheck.nlp.readability import sentence_words, syllables


@dataclass
class LetterContext:
    """Lookups shared by all checks on one letter (built once per letter)."""

    letter: Letter
    sentences: list[Span] = field(init=False)
    sentence_of_token: list[int] = field(init=False)
    _counts: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.sentences = sentences_with_text(self.letter.document, self.letter.doc)
        of_token = np.zeros(len(self.letter.doc), dtype=np.int64)
        for index, sentence in enumerate(self.sentences):
            of_token[sentence.start : sentence.end] = index
        self.sentence_of_token = of_token.tolist()

    @property
    def doc(self):
        return self.letter.doc

    @property
    def text(self) -> str:
        """The letter's text, which is its Doc's text (``Doc.text`` joins every token
        again on each use)."""
        return self.letter.document.text

    @cached_property
    def sentence_blocks(self) -> list[int]:
        """Block index of each sentence."""
        return [self.block_index(s.start_char) for s in self.sentences]

    @cached_property
    def sentence_words(self) -> list[list[str]]:
        """The counted words of each sentence (no punctuation or placeholders)."""
        return [sentence_words(s) for s in self.sentences]

    @cached_property
    def sentence_word_counts(self) -> list[int]:
        return [len(words) for words in self.sentence_words]

    def long_words(self, syllables_from: int) -> list[int]:
        """Words of at least ``syllables_from`` syllables in each sentence."""
        name = f"long_words>={syllables_from}"
        if name not in self._counts:
            self._counts[name] = [
                sum(c >= syllables_from for c in counts) for counts in self.word_syllables()
            ]
        return self._counts[name]

    def text_with_ws(self, index: int) -> str:
        """The text of sentence ``index`` with the whitespace after it (its
        ``text_with_ws``, sliced from the letter's text instead of joined token by token)."""
        sentence, doc = self.sentences[index], self.letter.doc
        end = doc[sentence.end].idx if sentence.end < len(doc) else len(self.text)
        return self.text[sentence.start_char : end]

    def sentence_counts(self, name: str, count: Callable[[Span, list[str]], int]) -> list[int]:
        """``count(sentence, words)`` for each sentence, worked out once per letter and
        shared by every rule that asks for ``name``."""
        counts = self._counts.get(name)
        if counts is None:
            counts = [count(s, w) for s, w in zip(self.sentences, self.sentence_words, strict=True)]
            self._counts[name] = counts
        return counts

    def sentence_sums(self, name: str, marks: Callable[[Doc], np.ndarray]) -> list[int]:
        """How many tokens of each sentence ``marks(doc)`` marks (a 0/1 value per token),
        worked out once per letter for every rule that asks for ``name``."""
        counts = self._counts.get(name)
        if counts is None:
            totals = np.concatenate(([0], np.cumsum(marks(self.doc), dtype=np.int64))).tolist()
            counts = [totals[s.end] - totals[s.start] for s in self.sentences]
            self._counts[name] = counts
        return counts

    def word_syllables(self) -> list[list[int]]:
        """The syllable count of each word of each sentence."""
        if "word_syllables" not in self._counts:
            self._counts["word_syllables"] = [
                [syllables(w.lower()) for w in words] for words in self.sentence_words
            ]
        return self._counts["word_syllables"]

    def block_index(self, char: int) -> int:
        return self.letter.document.block_index(char)

    @cached_property
    def token_blocks(self) -> list[int]:
        """Block index of each token."""
        starts = np.array(self.letter.document.block_starts, dtype=np.int64)
        offsets = self.doc.to_array(IDX).astype(np.int64)
        return np.maximum(np.searchsorted(starts, offsets, side="right") - 1, 0).tolist()

    @cached_property
    def token_zones(self) -> list[str]:
        """Zone of each token."""
        zones = [block.zone for block in self.letter.document.blocks]
        return [zones[b] for b in self.token_blocks]

    def zone_of_token(self, i: int) -> str:
        return self.token_zones[i]

    def block_of_token(self, i: int) -> int:
        return self.token_blocks[i]

    def location(self, start: int, end: int) -> Location:
        line, column = self.letter.document.line_column(start)
        return Location(
            paragraph=self.block_index(start), start=start, end=end, line=line, column=column
        )

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (their Span's ``text``)."""
        if start >= end:
            return ""
        span = self.letter.doc[start:end]
        return self.text[span.start_char : span.end_char]

    def trimmed(self, span: Span) -> tuple[int, int, str]:
        """Character range and text of a span without surrounding whitespace."""
        text = self.text[span.start_char : span.end_char]  # = span.text, without joining
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        return span.start_char + lead, span.start_char + lead + len(stripped), stripped
