"""Building the rewritten words: a sequence of the letter's own tokens and new words,
joined with the letter's spacing where its tokens stay together."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tonecheck.common.findings import Replacement

NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "?", "!", ")"})
SENTENCE_END = frozenset({".", "?", "!"})
_PIECES = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Word:
    """One word of a rewrite: a token of the letter (``index``) or a new word (-1)."""

    text: str
    index: int = -1


def words_of(tokens: list[Token] | range, doc: Doc) -> list[Word]:
    """The letter's own tokens, as they are written."""
    return [
        Word(doc[i].text, i)
        for i in (tokens if isinstance(tokens, range) else [t.i for t in tokens])
    ]


def render(words: list[Word], doc: Doc) -> str:
    """The words as text: the letter's spacing between tokens that stood side by side,
    one space elsewhere, none before punctuation."""
    out = ""
    previous: Word | None = None
    for word in words:
        if not word.text:
            continue
        if previous is None:
            out = word.text
        elif word.index >= 0 and previous.index >= 0 and word.index == previous.index + 1:
            out += doc[previous.index].whitespace_ + word.text
        elif word.text in NO_SPACE_BEFORE or out.endswith("("):
            out += word.text
        else:
            out += " " + word.text
        previous = word
    return out


def is_name(token: Token) -> bool:
    """A word whose capital belongs to it: a name, an abbreviation in capitals."""
    text = token.text
    return (
        token.pos_ == "PROPN"
        or (len(text) > 1 and text.isupper())
        or any(c.isupper() for c in text[1:])
    )


def lowered(word: Word, doc: Doc) -> Word:
    """A sentence's first word moved inside the sentence: 'Uw' -> 'uw' (not a name)."""
    if word.index >= 0 and is_name(doc[word.index]) and word.text.lower() != "u":
        return word
    return Word(word.text[:1].lower() + word.text[1:], word.index)


def capitalised(word: Word) -> Word:
    return Word(word.text[:1].upper() + word.text[1:], word.index)


def starts_sentence(token: Token) -> bool:
    """The first word of its sentence (after any opening quote or bracket)."""
    sentence = token.sent
    for candidate in sentence:
        if candidate.is_punct and candidate.text in "\"'\u201c\u2018(":
            continue
        return candidate.i == token.i
    return False


def minimal(text: str, start: int, end: int, new: str) -> Replacement | None:
    """The replacement of ``text[start:end]`` by ``new``, narrowed to the words that
    differ (with the space before them); None when nothing differs. Neither side is left
    empty: a pure insertion or deletion keeps a neighbouring word."""
    old = text[start:end]
    if old == new:
        return None
    before = [(m.start(), m.end(), m.group()) for m in _PIECES.finditer(old)]
    after = [(m.start(), m.end(), m.group()) for m in _PIECES.finditer(new)]
    shortest = min(len(before), len(after))
    head = 0
    while head < shortest and before[head][2] == after[head][2]:
        head += 1
    tail = 0
    while tail < shortest - head and before[-1 - tail][2] == after[-1 - tail][2]:
        tail += 1
    while (head + tail >= len(before) or head + tail >= len(after)) and (head or tail):
        if head:
            head -= 1
        else:
            tail -= 1

    def span(pieces: list[tuple[int, int, str]], whole: str) -> tuple[int, int]:
        begin = pieces[head - 1][1] if head else 0
        last = len(pieces) - 1 - tail
        finish = pieces[last][1] if last >= 0 and tail else len(whole)
        return begin, max(begin, finish)

    old_start, old_end = span(before, old)
    new_start, new_end = span(after, new)
    return Replacement(start + old_start, start + old_end, new[new_start:new_end])
