"""The entries of a term list matched in every form (``match: forms``), written in
their dictionary form (docs/woordenlijsten.md):

``additioneel``
    one word: every token whose lemma it is, and every form made from it by rule
    (:mod:`tonecheck.engine.word_forms`): additionele, additioneler; a word ending in -en
    is conjugated as a verb (constateer, beoogt, geconsulteerd).
``aan|wenden``
    a separable verb: also split over the clause ("wendt … aan", "aan te wenden").
``zorg <dragen> voor``
    a phrase with a verb: the verb in any form, anywhere in the same clause; the other
    words in this order and next to each other (only the verb may come between):
    "draagt zorg voor", "zorg voor hem dragen". A separable verb in a phrase needs no
    brackets: "over|gaan tot".
``in geval van``
    a phrase without a verb: these words in a row, each as written or by its lemma.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from tonecheck.engine.word_forms import adjective_forms, plural_forms, verb_forms


def plain_entry(entry: str) -> str:
    """An entry without its markup: 'zorg <dragen> voor' -> 'zorg dragen voor',
    'aan|wenden' -> 'aanwenden'."""
    return " ".join(entry.replace("<", "").replace(">", "").replace("|", "").split())


@dataclass(frozen=True)
class Slot:
    """One word of an entry and the token forms it takes."""

    text: str  # lower case, without markup ("aanwenden")
    kind: str  # "word" (a one-word entry), "fixed" (in a phrase) or "verb" (in a phrase)
    conjugated: bool = False  # a verb: its forms are conjugations
    particle: str = ""  # separable particle ("aan" in aan|wenden)
    forms: frozenset[str] = frozenset()  # whole-token forms (with the particle joined)
    split: frozenset[str] = frozenset()  # forms of the verb without its particle
    inflected: frozenset[str] = frozenset()  # adjective forms (not for verbs)
    plurals: frozenset[str] = frozenset()  # noun plurals (only on nouns)
    keys: frozenset[str] = frozenset()  # every text or lemma that may be this slot

    @property
    def base(self) -> str:
        """The verb without its particle ("wenden")."""
        return self.text[len(self.particle) :]


def _slot(text: str, kind: str, **forms: Any) -> Slot:
    slot = Slot(text, kind, **forms)
    keys = {slot.text, slot.base} | slot.forms | slot.split | slot.inflected | slot.plurals
    return Slot(text, kind, **forms, keys=frozenset(keys))


@dataclass(frozen=True)
class Entry:
    term: str  # as written in the rule file
    slots: tuple[Slot, ...]
    fixed: tuple[int, ...] = ()  # the slots of words in a fixed place
    verbs: tuple[int, ...] = ()  # the slots of a phrase's verbs
    fixed_texts: frozenset[str] = frozenset()
    anchor: int = 0  # the slot looked up first: the longest word

    @classmethod
    def of(cls, term: str, slots: list[Slot]) -> Entry:
        fixed = tuple(i for i, s in enumerate(slots) if s.kind != "verb")
        verbs = tuple(i for i, s in enumerate(slots) if s.kind == "verb")
        # the rarest word is looked up first (only speed depends on it): a fixed word
        # that is no function word ("ten doel hebben" starts from "doel"), else a verb
        anchor = max(range(len(slots)), key=lambda i: _rarity(slots[i]))
        texts = frozenset(slots[i].text for i in fixed)
        return cls(term, tuple(slots), fixed, verbs, texts, anchor)


# words too frequent to look an entry up by
COMMON = frozenset(
    "aan al als bij dan dat de die door een en er het in is met na naar niet of om op "  # noqa: SIM905
    "over te ten ter tot u uit van voor wat wel wij zo".split()
)


def _rarity(slot: Slot) -> tuple[int, int]:
    """A rare fixed word first, then a verb, then a function word; longer first."""
    rank = 1 if slot.kind == "verb" else 0 if slot.text in COMMON else 2
    return rank, len(slot.text)


def _verb_slot(word: str, kind: str) -> Slot:
    particle, _, verb = word.rpartition("|")
    forms = verb_forms(verb, particle)
    joined = forms.joined | {particle + verb}
    return _slot(particle + verb, kind, conjugated=True, particle=particle, forms=joined,
                 split=forms.split)  # fmt: skip


def parse_entry(nlp: Language, term: str) -> Entry:
    """The slots of one entry (see the module docstring)."""
    words = term.lower().split()
    if len(words) == 1 and not words[0].startswith("<"):
        word = words[0]
        if "|" in word or word.endswith(("en", "ën")):
            return Entry.of(term, [_verb_slot(word, "word")])
        pieces = [t.lower_ for t in nlp.make_doc(word)]
        if len(pieces) > 1:  # "m.b.t." or "e-mail" cut in tokens: those tokens in a row
            return Entry.of(term, [_slot(p, "fixed") for p in pieces])
        inflected = frozenset(adjective_forms(word))
        plurals = frozenset(plural_forms(word))
        return Entry.of(term, [_slot(word, "word", inflected=inflected, plurals=plurals)])
    slots: list[Slot] = []
    for word in words:
        if word.startswith("<") and word.endswith(">"):
            slots.append(_verb_slot(word[1:-1], "verb"))
        elif "|" in word:  # a separable verb is a phrase's verb: "over|gaan tot"
            slots.append(_verb_slot(word, "verb"))
        else:
            slots += [_slot(t.lower_, "fixed") for t in nlp.make_doc(word)]
    return Entry.of(term, slots)
