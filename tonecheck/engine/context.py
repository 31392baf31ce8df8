"""A letter as rules see it: tokens and sentences tied to blocks and zones."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Span

from tonecheck.engine.findings import Location
from tonecheck.nlp.letter import Letter
from tonecheck.nlp.readability import sentence_words


@dataclass
class LetterContext:
    """Lookups shared by all checks on one letter (built once per letter)."""

    letter: Letter
    sentences: list[Span] = field(init=False)
    sentence_of_token: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.sentences = [s for s in self.letter.doc.sents if s.text.strip()]
        self.sentence_of_token = [0] * len(self.letter.doc)
        for index, sentence in enumerate(self.sentences):
            for i in range(sentence.start, sentence.end):
                self.sentence_of_token[i] = index

    @property
    def doc(self):
        return self.letter.doc

    @cached_property
    def sentence_blocks(self) -> list[int]:
        """Block index of each sentence."""
        return [self.block_index(s.start_char) for s in self.sentences]

    @cached_property
    def sentence_words(self) -> list[list[str]]:
        """The counted words of each sentence (no punctuation or placeholders)."""
        return [sentence_words(s) for s in self.sentences]

    def block_index(self, char: int) -> int:
        return self.letter.document.block_index(char)

    def zone_of_char(self, char: int) -> str:
        return self.letter.document.blocks[self.block_index(char)].zone

    def zone_of_token(self, i: int) -> str:
        return self.zone_of_char(self.doc[i].idx)

    def block_of_token(self, i: int) -> int:
        return self.block_index(self.doc[i].idx)

    def location(self, start: int, end: int) -> Location:
        line, column = self.letter.document.line_column(start)
        return Location(
            paragraph=self.block_index(start), start=start, end=end, line=line, column=column
        )

    def trimmed(self, span: Span) -> tuple[int, int, str]:
        """Character range and text of a span without surrounding whitespace."""
        text = span.text
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        return span.start_char + lead, span.start_char + lead + len(stripped), stripped
