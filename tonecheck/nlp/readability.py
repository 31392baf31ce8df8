"""Readability measures on a parsed letter: counts and Flesch-Douma.

Syllables come from pyphen's Dutch hyphenation dictionary, exactly as textstat counts
them for ``nl`` (hyphenation points + 1). pyphen is called directly because importing
textstat pulls in NLTK and adds about half a second to every cold start; a test checks
that the counts equal textstat's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache, lru_cache

import pyphen
from spacy.tokens import Doc, Span

from tonecheck.common.placeholders import is_placeholder
from tonecheck.nlp.token_texts import per_spelling

# Flesch-Douma (Douma 1960), the Dutch adaptation of Flesch Reading Ease:
# 206.835 - 0.93 * words per sentence - 77 * syllables per word.
DOUMA_BASE = 206.835
DOUMA_SENTENCE_LENGTH = 0.93
DOUMA_SYLLABLES = 77.0
LONG_WORD = 4  # syllables from which a word counts as long


# words whose syllables are remembered: a long batch meets millions of names and numbers
SYLLABLE_CACHE = 50_000


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@lru_cache(maxsize=SYLLABLE_CACHE)
def syllables(word: str) -> int:
    """Syllables of one Dutch word: hyphenation points + 1. pyphen remembers every word
    it hyphenated (``HyphDict.cache``); that memory is emptied when it grows past
    :data:`SYLLABLE_CACHE`, since this function remembers them already."""
    hyphenator = _hyphenator()
    remembered = getattr(hyphenator.hd, "cache", None)
    if isinstance(remembered, dict) and len(remembered) > SYLLABLE_CACHE:
        remembered.clear()
    return len(hyphenator.positions(word)) + 1


TEMPLATE_MARKS = set("{}$<>|[]")


def is_word(token) -> bool:
    """A word to count: not punctuation, space, a template placeholder or a piece of one
    (another tokenizer's cut); a token or a lexeme: only its spelling counts."""
    text = token.text
    return (
        not (token.is_punct or token.is_space)
        and any(ch.isalnum() for ch in text)
        and not TEMPLATE_MARKS.intersection(text)
        and "->" not in text
        and not is_placeholder(text)
    )


WORDS_KEY = "tonecheck_words"  # Doc.user_data: each token's text, or None for a non-word


_WORD_OF_SPELLING: dict[int, str | None] = {}  # is_word depends on the spelling alone


def _doc_words(doc: Doc) -> list[str | None]:
    """Each token's text when it is a word, else None; worked out once per Doc (the
    stats, the language check and the rules all count words), and once per spelling."""
    return per_spelling(doc, WORDS_KEY, _WORD_OF_SPELLING, _word_or_none)


def _word_or_none(lexeme) -> str | None:
    return lexeme.orth_ if is_word(lexeme) else None


def sentence_words(sentence: Span) -> list[str]:
    words = _doc_words(sentence.doc)
    return [w for w in words[sentence.start : sentence.end] if w is not None]


@dataclass(frozen=True)
class TextStats:
    """Counts and readability of a letter."""

    words: int
    sentences: int
    syllables: int
    flesch_douma: float
    avg_sentence_length: float
    long_word_share: float = 0.0  # words of LONG_WORD syllables or more
    level: str = ""  # the language level indication (see tonecheck.nlp.level)

    def as_dict(self) -> dict:
        return asdict(self)

    def features(self) -> dict[str, float]:
        """The measured features the level indication uses."""
        return {
            "flesch_douma": self.flesch_douma,
            "avg_sentence_length": self.avg_sentence_length,
            "long_word_share": self.long_word_share,
        }


def flesch_douma(words: int, sentences: int, syllable_count: int) -> float:
    if not words or not sentences:
        return 0.0
    return (
        DOUMA_BASE
        - DOUMA_SENTENCE_LENGTH * (words / sentences)
        - DOUMA_SYLLABLES * (syllable_count / words)
    )


def text_stats(doc: Doc, sentences: Iterable[Span] | None = None) -> TextStats:
    """Words, sentences (with at least one word) and Flesch-Douma of a parsed text, or of
    the given sentences of it."""
    per_sentence = [sentence_words(s) for s in (doc.sents if sentences is None else sentences)]
    per_sentence = [words for words in per_sentence if words]
    words = [w for sentence in per_sentence for w in sentence]
    counts = [syllables(w.lower()) for w in words]
    n_words, n_sents = len(words), len(per_sentence)
    return TextStats(
        words=n_words,
        sentences=n_sents,
        syllables=sum(counts),
        flesch_douma=round(flesch_douma(n_words, n_sents, sum(counts)), 1),
        avg_sentence_length=round(n_words / n_sents, 1) if n_sents else 0.0,
        long_word_share=round(sum(c >= LONG_WORD for c in counts) / n_words, 3) if words else 0.0,
    )
