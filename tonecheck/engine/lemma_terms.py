"""Term lists matched in every form a Dutch word or phrase takes (``match: forms``).

How an entry is written is in :mod:`tonecheck.engine.term_entries`; where its words stand
together, in :mod:`tonecheck.engine.term_places`. Here: which token is which word of an
entry. The pipeline's lemma says it, or one of the forms made by rule; the pipeline's part
of speech keeps apart forms that look alike: a verb form the tagger calls a noun counts
only when the pipeline does not know that noun ("bericht" and "verzoeken" it knows;
"medegedeeld" it does not), a number never ("acht"), and a plural only on a noun.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.engine.term_entries import Entry, Slot, parse_entry, plain_entry
from tonecheck.engine.term_places import WINDOW, DocView, assemble, user_data
from tonecheck.nlp.components import LEMMA_FIXES

__all__ = ["FormTerms", "known_words", "parse_entry", "plain_entry"]

NOUNS = frozenset({"NOUN", "PROPN"})
FUNCTION_WORDS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", "NUM", "PUNCT", "SYM"})
CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})

Match = tuple[str, int, int]  # term, token start, token end


def known_words(nlp: Language) -> frozenset[str] | None:
    """The words of the pipeline's training data, as tonecheck's lemma fixer keeps them
    (None for a pipeline without it). A token tagged as a noun whose lemma is one of them
    is a noun, not a verb form the tagger missed ("verzoeken": verzoek; but
    "medegedeeld", "specificeren" it never saw)."""
    if LEMMA_FIXES not in nlp.pipe_names:
        return None
    known = getattr(nlp.get_pipe(LEMMA_FIXES), "known_words", None)
    return known if isinstance(known, frozenset) else None


@dataclass
class FormTerms:
    """A term list matched in every form; called like a PhraseMatcher (match keys are
    the terms as written)."""

    entries: list[Entry]
    known: frozenset[str] | None = None  # the words the pipeline learnt (lower case)
    _anchors: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        anchors: dict[str, set[int]] = defaultdict(set)
        for e, entry in enumerate(self.entries):
            for key in entry.slots[entry.anchor].keys:
                anchors[key].add(e)
        self._anchors = {key: sorted(found) for key, found in anchors.items()}
        self._slot = ("tonecheck.forms", id(self))

    @classmethod
    def compile(cls, nlp: Language, terms: list[str]) -> FormTerms:
        return cls([parse_entry(nlp, term) for term in terms], known_words(nlp))

    def __call__(self, doc: Doc) -> list[Match]:
        data = user_data(doc)
        found = data.get(self._slot)
        if found is None:
            found = data[self._slot] = self._find(DocView.of(doc))
        return cast("list[Match]", found)

    def _find(self, view: DocView) -> list[Match]:
        """Look up each token's text and lemma among the entries' anchor words; around
        each anchor found, look for the entry's other words in the sentence."""
        candidates: set[tuple[int, int]] = set()  # (entry, token)
        for key in self._anchors.keys() & view.where.keys():
            candidates |= {(e, i) for e in self._anchors[key] for i in view.where[key]}
        anchored: dict[int, list[int]] = defaultdict(list)
        for e, i in sorted(candidates):
            entry = self.entries[e]
            slot = entry.slots[entry.anchor]
            if self._hits(slot, i, entry, view) or (slot.particle and _split_hit(slot, i, view)):
                anchored[e].append(i)
        found: list[Match] = []
        for e, positions in anchored.items():
            entry = self.entries[e]
            hits, split = self._slot_hits(entry, positions, view)
            found += [(entry.term, s, end) for s, end in assemble(entry, hits, split, view)]
        return found

    def _slot_hits(
        self, entry: Entry, anchors: list[int], view: DocView
    ) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        """Where each slot of the entry stands near its anchors (split: a separable
        verb without its particle)."""
        if len(entry.slots) == 1:  # the anchors themselves
            slot = entry.slots[0]
            found = [i for i in anchors if self._hits(slot, i, entry, view)]
            return {0: found}, {0: [i for i in anchors if i not in found]}
        reach = WINDOW + len(entry.slots)
        near: set[int] = set()
        for i in anchors:
            sentence = view.sentence[i]
            near |= {
                j
                for j in range(max(0, i - reach), min(len(view.lower), i + reach + 1))
                if view.sentence[j] == sentence
            }
        hits: dict[int, list[int]] = defaultdict(list)
        split: dict[int, list[int]] = defaultdict(list)
        for j in sorted(near):
            for s, slot in enumerate(entry.slots):
                if view.lower[j] not in slot.keys and view.norm[j] not in slot.keys:
                    continue
                if self._hits(slot, j, entry, view):
                    hits[s].append(j)
                elif slot.particle and _split_hit(slot, j, view):
                    split[s].append(j)
        return hits, split

    def _hits(self, slot: Slot, i: int, entry: Entry, view: DocView) -> bool:
        """Whether token i is this slot in one of its forms (the particle of a split verb
        apart)."""
        lower, norm, pos = view.lower[i], view.norm[i], view.pos[i]
        if slot.kind == "fixed":
            if lower == "te" == slot.text and entry.verbs:
                return _infinitive_after(i, view)  # "dienen te": te with an infinitive
            return lower == slot.text or (norm == slot.text and pos in CONTENT)
        if norm == slot.text:
            return slot.kind != "verb" or pos not in ("DET", "PRON") or _after_subject(i, view)
        if slot.conjugated:
            if lower not in slot.forms:
                return False
            if pos in NOUNS and (self.known is None or norm in self.known):
                return False  # a noun the pipeline knows: "bericht", "verzoeken" (verzoek)
            if pos in FUNCTION_WORDS and not (lower == slot.text or _after_subject(i, view)):
                return False  # "acht" as a number, "zijn" as a possessive
            return not _other_particle_verb(slot.text, i, entry.fixed_texts, view)
        if lower == slot.text:
            return True
        if lower in slot.inflected:
            return pos not in FUNCTION_WORDS
        return lower in slot.plurals and pos in NOUNS


def _infinitive_after(i: int, view: DocView) -> bool:
    """ "te" before a verb ("dient op te geven"), not before an adjective ("dient als
    buffer voor te hoge kosten")."""
    return i + 1 < len(view.pos) and view.pos[i + 1] in ("VERB", "AUX")


def _after_subject(i: int, view: DocView) -> bool:
    """A word right after a personal pronoun is its verb: "wij zijn voornemens" (the
    tagger takes that "zijn" for a possessive)."""
    if i == 0 or view.pos[i - 1] != "PRON":
        return False
    morph = view.doc[i - 1].morph
    return "Prs" in morph.get("PronType", []) and "Yes" not in morph.get("Poss", [])


def _other_particle_verb(verb: str, i: int, fixed_texts: frozenset[str], view: DocView) -> bool:
    """The pipeline joined a particle in the same clause to this form that makes it
    another verb ("dient … in" is indienen, not dienen), unless the entry itself has
    that particle ("stellen … in kennis")."""
    norm = view.norm[i]
    if norm == verb or not norm.endswith(verb) or norm[: -len(verb)] in fixed_texts:
        return False
    particles = [c.i for c in view.doc[i].children if c.dep_ == "compound:prt"]
    return not particles or view.clear(i, particles[0], set())


def _split_hit(slot: Slot, i: int, view: DocView) -> bool:
    """A form of a separable verb without its particle ("wendt", "wenden")."""
    if view.pos[i] in NOUNS or view.pos[i] in FUNCTION_WORDS:
        return False
    return view.lower[i] in slot.split or view.norm[i] == slot.base
