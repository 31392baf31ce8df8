"""Each token's lower-case text and norm as plain strings, worked out once per letter.

Reading ``token.lower_`` or ``token.norm_`` makes a Token object each time (about 0.3 µs);
the zones, the letter type and the rules ask for them again and again. The lists are kept
in ``Doc.user_data``; a spelling's lower-case form is remembered across letters.
"""

from __future__ import annotations

from spacy.attrs import NORM, ORTH
from spacy.tokens import Doc

LOWER_KEY = "tonecheck_lower"
NORM_KEY = "tonecheck_norm"
CACHE_LIMIT = 200_000  # spellings remembered (a long batch meets millions)
_LOWER_OF_SPELLING: dict[int, str] = {}


def lower_texts(doc: Doc) -> list[str]:
    """Each token's lower-case text."""
    texts = doc.user_data.get(LOWER_KEY)
    if texts is None or len(texts) != len(doc):
        known, vocab = _LOWER_OF_SPELLING, doc.vocab
        if len(known) > CACHE_LIMIT:
            known.clear()
        texts = []
        for orth in doc.to_array(ORTH).tolist():
            lower = known.get(orth)
            if lower is None:
                lower = known[orth] = vocab[orth].lower_
            texts.append(lower)
        doc.user_data[LOWER_KEY] = texts
    return texts


def norm_texts(doc: Doc) -> list[str]:
    """Each token's norm: for tonecheck's pipeline the lower-cased lemma."""
    texts = doc.user_data.get(NORM_KEY)
    if texts is None or len(texts) != len(doc):
        strings = doc.vocab.strings
        texts = [strings[n] for n in doc.to_array(NORM).tolist()]
        doc.user_data[NORM_KEY] = texts
    return texts
