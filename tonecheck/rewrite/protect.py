"""What a rewrite must never change: numbers, amounts, dates, names, article numbers and
placeholders. A rewrite that does not keep every one of them exactly is dropped."""

from __future__ import annotations

import re
from collections import Counter

_PROTECTED = re.compile(
    r"""
    \[[^\]]*\] | \{\{[^}]*\}\} | \{[^}]*\} | %[A-Za-z_.]+% | <<[^>]*>> | \$\{[^}]*\}
    | (?:€|EUR)\s?\d+(?:[.,]\d+)*(?:,-)?
    | \d+(?:[.,:/-]\d+)*[a-z]?
    """,
    re.VERBOSE,
)
_WORDS = re.compile(r"[\w'\u2019-]+|[^\w\s]")
_MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)
MONTHS = frozenset(_MONTH_NAMES.split())
# capitalised at the start of a sentence only: no names
_SENTENCE_WORDS = frozenset({"u", "uw", "wij", "we", "ik", "je", "jij", "jouw"})


def protected(text: str, anywhere: bool = False) -> Counter[str]:
    """The protected tokens in ``text``: placeholders, amounts, numbers (dates, article
    numbers, IBAN digits), month names and capitalised words that are not the first of a
    sentence (``anywhere``: those too)."""
    found: Counter[str] = Counter(m.group(0) for m in _PROTECTED.finditer(text))
    words = _WORDS.findall(text)
    for index, word in enumerate(words):
        first = index == 0 or words[index - 1] in (".", "?", "!", ":")
        if word[:1].isupper() and (anywhere or not first) and word.lower() not in _SENTENCE_WORDS:
            found[word] += 1
        elif word.lower() in MONTHS:
            found[word.lower()] += 1
    return found


def keeps_protected(old: str, new: str) -> bool:
    """Whether every protected token of ``old`` stands in ``new`` exactly as before."""
    return not (protected(old) - protected(new, anywhere=True))
