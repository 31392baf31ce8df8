"""Each token's lower-case text and norm as plain strings, worked out once per letter.

Reading ``token.lower_`` or ``token.norm_`` makes a Token object each time (about 0.3 µs);
the zones, the letter type and the rules ask for them again and again. The lists are kept
in ``Doc.user_data``; a spelling's lower-case form is remembered across letters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from spacy.attrs import NORM, ORTH
from spacy.tokens import Doc

LOWER_KEY = "tonecheck_lower"
NORM_KEY = "tonecheck_norm"
CACHE_LIMIT = 50_000  # spellings remembered (a long batch meets millions)
_LOWER_OF_SPELLING: dict[int, str] = {}
Value = TypeVar("Value")


def per_spelling(
    doc: Doc, key: str, known: dict[int, Value], value_of: Callable[[Any], Value]
) -> list[Value]:
    """Each token's ``value_of(lexeme)``, for a value that depends on the spelling alone:
    worked out once per Doc (kept in ``Doc.user_data[key]``) and once per spelling
    (``known``, shared by all letters and emptied when it grows past
    :data:`CACHE_LIMIT`)."""
    values = doc.user_data.get(key)
    if values is None or len(values) != len(doc):
        if len(known) > CACHE_LIMIT:
            known.clear()
        vocab = doc.vocab
        values = []
        for orth in doc.to_array(ORTH).tolist():
            if orth in known:
                values.append(known[orth])
            else:
                value = known[orth] = value_of(vocab[orth])
                values.append(value)
        doc.user_data[key] = values
    return values


def lower_texts(doc: Doc) -> list[str]:
    """Each token's lower-case text."""
    return per_spelling(doc, LOWER_KEY, _LOWER_OF_SPELLING, lambda lexeme: lexeme.lower_)


def norm_texts(doc: Doc) -> list[str]:
    """Each token's norm: for tonecheck's pipeline the lower-cased lemma."""
    texts = doc.user_data.get(NORM_KEY)
    if texts is None or len(texts) != len(doc):
        strings = doc.vocab.strings
        texts = [strings[n] for n in doc.to_array(NORM).tolist()]
        doc.user_data[NORM_KEY] = texts
    return texts
