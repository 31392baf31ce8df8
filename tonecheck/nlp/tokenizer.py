"""The Dutch tokenizer for letters: spaCy's Dutch rules minus abbreviations that are words.

spaCy's Dutch exceptions read ``u.``, ``al.``, ``dat.`` and a few more as abbreviations,
so "Wij horen graag van u." loses its sentence-final full stop. In letters these are
ordinary words far more often than abbreviations, so their exceptions are dropped.
The pipeline's config names this function, so the special cases are built once at load.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.lang.nl import Dutch
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

WORDS_NOT_ABBREVIATIONS = frozenset(
    f"{word}." if not cap else f"{word.capitalize()}."
    for word in ("u", "al", "dat", "pas", "me", "top", "ver", "vol", "best", "hand", "bel")
    for cap in (False, True)
)


@registry.tokenizers("tonecheck.dutch_tokenizer.v1")
def create_dutch_letter_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: spaCy's Dutch tokenizer settings without word-like abbreviations."""

    def make(nlp: Language) -> Tokenizer:
        defaults = Dutch.Defaults
        rules = {
            key: value
            for key, value in defaults.tokenizer_exceptions.items()
            if key not in WORDS_NOT_ABBREVIATIONS
        }
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
