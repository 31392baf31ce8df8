"""Roles a sentence gains by how it opens (``openings`` in
``rules/structure/role-evidence.yml``; the phrases are there, the mechanism is here).

Some openings say what the sentence is, whatever the words after them: "De reden is dat
…" and "Dat komt doordat …" give the reason, "Volgens de Basisregistratie Personen …" and
"Uit onze administratie blijkt dat …" a fact of the case with its source. The role model
reads the words of the whole sentence and sometimes scores such a sentence low ("Volgens
onze gegevens ben je niet meer verzekerd bij een Nederlandse zorgverzekeraar", 0.20).
A sentence that opens so has the role, unless it lacks what the role needs (a question,
a hollow formula: checked by the caller).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span


@dataclass(frozen=True)
class OpeningGain:
    """A role that a sentence has when it opens with one of ``phrases``."""

    role: str
    gives: str  # in Dutch, what such a sentence gives
    phrases: re.Pattern[str]  # anchored at the start of the sentence
    gains: tuple[str, ...] = ()  # example sentences that gain the role
    keeps: tuple[str, ...] = ()  # ... and that do not

    def opens(self, sentence: Span) -> bool:
        """Whether ``sentence`` opens with one of the phrases."""
        return self.phrases.match(sentence.text) is not None
