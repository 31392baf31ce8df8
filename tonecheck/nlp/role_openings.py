"""Roles a sentence gains by how it opens (``openings`` in
``rules/structure/role-evidence.yml``; the phrases are there, the mechanism is here).

Some openings say what the sentence is, whatever the words after them: "De reden is dat
…" and "Dat komt doordat …" give the reason, "Volgens de Basisregistratie Personen …" and
"Uit onze administratie blijkt dat …" a fact of the case with its source. The role model
reads the words of the whole sentence and sometimes scores such a sentence low ("Volgens
onze gegevens ben je niet meer verzekerd bij een Nederlandse zorgverzekeraar", 0.20).
A sentence that opens so has the role, unless it lacks what the role needs (a question,
a hollow formula: checked by the caller), says one of the ``unless`` phrases anywhere
("Wij begrijpen uw teleurstelling, maar de regels zijn voor iedereen gelijk": a yes-but),
or the model reads it as one of the ``unless_roles`` (a formula of regret).
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
    unless: re.Pattern[str] | None = None  # anywhere in the sentence: no gain
    unless_roles: frozenset[str] = frozenset()  # the model reads one of these: no gain

    def opens(self, sentence: Span) -> bool:
        """Whether ``sentence`` opens with one of the phrases and says none of ``unless``."""
        text = sentence.text
        if self.phrases.match(text) is None:
            return False
        return self.unless is None or self.unless.search(text) is None

    def gives_to(self, roles: frozenset[str], sentence: Span) -> bool:
        """Whether a sentence the model gave ``roles`` gains the role by how it opens."""
        return not roles & self.unless_roles and self.opens(sentence)
