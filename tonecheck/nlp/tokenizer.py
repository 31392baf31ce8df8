"""The Dutch tokenizer for letters: spaCy's Dutch rules minus abbreviations that are words,
and template placeholders as one token each.

spaCy's Dutch exceptions read ``u.``, ``al.``, ``dat.`` and a few more as abbreviations,
so "Wij horen graag van u." loses its sentence-final full stop. In letters these are
ordinary words far more often than abbreviations, so their exceptions are dropped; a
few abbreviations of officialese they lack ("cq.", "jo.", "Mw.") are added.

Letters drafted from a template still hold its placeholders (``{$content->reference}``,
``%ZAAK.NUMMER%``, ``[naam]``, ``{{ naam }}``, ``<<naam>>``, ``[[naam]]``, ``:naam``,
``@if (…)``). Cut into
pieces they gave the parser full stops and colons to end a sentence at, and the rules
capitals and words to flag; each is kept as one opaque token instead.

A space-free stretch with many prefixes or suffixes (``!?.!?.…``, 20,000 emoji) is cut
between them first (:mod:`tonecheck.nlp.affix_cuts`): spaCy's time on it was quadratic.
The pieces are joined again, so the Doc's text and offsets are the letter's own.

The pipeline's config names this module's factory, so the special cases are built once at
load; :func:`letter_tokenizer` gives another pipeline's tokenizer the placeholders too.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TypeVar

from spacy.attrs import ORTH
from spacy.lang.nl import Dutch
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from tonecheck.common.placeholders import placeholder_spans
from tonecheck.nlp.affix_cuts import affix_cuts


def _with_full_stop(*words: str) -> frozenset[str]:
    """Each word with a full stop, in lower case and capitalised: "cq." and "Cq."."""
    return frozenset(f"{w}." for word in words for w in (word, word.capitalize()))


WORDS_NOT_ABBREVIATIONS = _with_full_stop(
    "u", "al", "dat", "pas", "me", "top", "ver", "vol", "best", "hand", "bel"
)
# abbreviations of officialese that spaCy's Dutch exceptions lack: split at their full
# stop, "bezwaar cq. deze zaak" and "artikel 6:7 jo. 6:8 Awb" became two sentences
LETTER_ABBREVIATIONS = _with_full_stop("cq", "jo", "mw")

T = TypeVar("T", bound=Tokenizer)


class LetterTokenizer(Tokenizer):
    """spaCy's tokenizer, with every template placeholder kept as one token."""

    def __call__(self, text: str) -> Doc:
        """Tokenize a text; the pieces between placeholders as spaCy would."""
        docs: list[Doc] = []
        position = 0
        for start, end in placeholder_spans(text):
            if start > position:
                docs += self._pieces(text[position:start])
            # a single space after the placeholder is its whitespace, as after any token
            space = text.startswith(" ", end)
            docs.append(Doc(self.vocab, words=[text[start:end]], spaces=[space]))
            position = end + space
        if not docs:
            cuts = affix_cuts(text, self.prefix_search, self.suffix_search)
            if not cuts:
                return super().__call__(text)
            docs = self._pieces(text, cuts)
        elif position < len(text):
            docs += self._pieces(text[position:])
        # the pieces keep what the tokenizer's special cases set (their norms); spaCy's
        # type stub lacks `exclude` (spaCy 3.3+), without which empty tensors are stacked
        return Doc.from_docs(  # type: ignore[call-arg]
            docs, ensure_whitespace=False, attrs=["ORTH", "NORM"], exclude=["tensor", "user_data"]
        )

    def _pieces(self, text: str, cuts: list[int] | None = None) -> list[Doc]:
        """``text`` tokenized by spaCy, cut first where affixes pile up."""
        if cuts is None:
            cuts = affix_cuts(text, self.prefix_search, self.suffix_search)
        tokenize = super().__call__
        return [tokenize(text[a:b]) for a, b in pairwise([0, *cuts, len(text)])]


def letter_tokenizer(tokenizer: Tokenizer) -> LetterTokenizer:
    """A spaCy tokenizer with the same settings that keeps placeholders whole."""
    if isinstance(tokenizer, LetterTokenizer):
        return tokenizer
    return tokenizer_like(tokenizer, LetterTokenizer)


def tokenizer_like(tokenizer: Tokenizer, kind: type[T]) -> T:
    """A tokenizer of class ``kind`` with ``tokenizer``'s rules, affixes and matchers."""
    return kind(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics,
    )


@registry.tokenizers("tonecheck.dutch_tokenizer.v1")
def create_dutch_letter_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: spaCy's Dutch tokenizer settings without word-like abbreviations,
    keeping placeholders whole."""

    def make(nlp: Language) -> Tokenizer:
        defaults = Dutch.Defaults
        rules = {
            key: value
            for key, value in defaults.tokenizer_exceptions.items()
            if key not in WORDS_NOT_ABBREVIATIONS
        } | {word: [{ORTH: word}] for word in LETTER_ABBREVIATIONS}
        return LetterTokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
