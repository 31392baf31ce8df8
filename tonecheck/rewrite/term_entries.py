"""The entries of a term list as the rewrites read them: which words are verbs (with
their separable particle) and which are fixed ('zorg <dragen> voor', 'aan|leveren')."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """One word of a term entry: a verb (infinitive, particle) or a fixed word."""

    text: str
    verb: bool = False
    particle: str = ""


def entry_slots(term: str) -> list[Slot]:
    """The slots of a term as written in the list ('zorg <dragen> voor', 'aan|leveren')."""
    words = term.lower().split()
    slots = []
    for word in words:
        bare = word.strip("<>")
        particle, _, verb = bare.rpartition("|")
        is_verb = word.startswith("<") or bool(particle)
        if len(words) == 1 and not is_verb and bare.endswith(("en", "ën")):
            is_verb = True
        slots.append(Slot(particle + verb, is_verb, particle))
    return slots
