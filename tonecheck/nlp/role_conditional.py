"""What follows a condition asked as a question is no decision of this letter
(``conditional`` in ``rules/structure/role-evidence.yml``; the words are there, the
reading of the text is here).

"Doet u dit niet? Dan moet u de ontvangen subsidie terugbetalen.": the question states a
condition, the sentence after it what happens when it is met. The role model reads a
refusal or a recovery in such a sentence; the letter decided nothing of the kind. Such a
sentence opens with one of the ``openings`` ("dan") right after a question mark, in the
sentence before or, when the two were read as one sentence, inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Span


@dataclass(frozen=True)
class Conditional:
    """The words (lower case) that open the consequence of a condition asked before."""

    openings: frozenset[str]

    def found(self, sentence: Span) -> bool:
        """Whether ``sentence`` opens with one of the openings right after a question, or
        holds a question followed by one."""
        words = [t for t in sentence if not t.is_space]
        if not words:
            return False
        before = sentence.doc[: sentence.start]
        previous = next((t for t in reversed(before) if not t.is_space), None)
        if previous is not None and previous.text == "?" and words[0].lower_ in self.openings:
            return True
        return any(a.text == "?" and b.lower_ in self.openings for a, b in pairwise(words))
