"""Where the words of a term list's entry stand together in a letter: one view of the
Doc shared by every list, the clause a phrase's verb must stay in, the particle of a split
verb, and the spans where all words of an entry are found (for
:mod:`tonecheck.engine.lemma_terms`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, ORTH, POS, SENT_START
from spacy.tokens import Doc

from tonecheck.engine.term_entries import Entry, Slot
from tonecheck.nlp.token_texts import lower_texts, norm_texts

WINDOW = 10  # tokens at most between a phrase's verb and its other words
# tokens a clause ends or begins at: a phrase's verb is not looked for beyond them
BOUNDARY_TEXTS = frozenset({",", ";", ":", "(", ")", "\u2013", "\u2014", '"', "\u201c", "\u201d"})
BOUNDARY_POS = frozenset({"SCONJ", "CCONJ"})
# what a separable particle is not followed by (else it is a preposition: "aan de balie")
NOUN_PHRASE = frozenset({"DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ"})
VIEW_KEY = "tonecheck.forms.view"


def user_data(doc: Doc) -> dict[Hashable, Any]:
    return cast("dict[Hashable, Any]", doc.user_data)


@dataclass
class DocView:
    """What matching needs of a Doc, read once and shared by every term list."""

    doc: Doc
    lower: list[str]
    norm: list[str]
    pos: list[str]
    sentence: list[int]  # sentence number of each token
    boundary: list[bool]
    where: dict[str, list[int]]  # each text and lemma -> the tokens that have it

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        data = user_data(doc)
        view = data.get(VIEW_KEY)
        if view is None or len(view.lower) != len(doc):
            view = data[VIEW_KEY] = cls._read(doc)
        return cast("DocView", view)

    @classmethod
    def _read(cls, doc: Doc) -> DocView:
        strings = doc.vocab.strings
        columns = doc.to_array([POS, DEP, ORTH, SENT_START]) if len(doc) else np.zeros((0, 4))
        pos_ids = columns[:, 0].tolist()
        names = {p: strings[int(p)] if p else "" for p in set(pos_ids)}  # a few parts of speech
        pos = [names[p] for p in pos_ids]
        starts = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        sentence = np.cumsum(columns[:, 3] == 1).tolist() if starts else [0] * len(doc)
        lower = lower_texts(doc)
        mark = strings["mark"]
        boundary = [
            text in BOUNDARY_TEXTS
            or part in BOUNDARY_POS
            or (text == "om" and dep == mark)  # "om … te" starts a clause
            for text, part, dep in zip(lower, pos, columns[:, 1].tolist(), strict=True)
        ]
        norm = norm_texts(doc)
        where: dict[str, list[int]] = defaultdict(list)
        for i, (text, lemma) in enumerate(zip(lower, norm, strict=True)):
            where[text].append(i)
            if lemma != text:
                where[lemma].append(i)
        return cls(doc, lower, norm, pos, sentence, boundary, dict(where))

    def clear(self, a: int, b: int, allowed: set[int]) -> bool:
        """Tokens a and b share a clause: same sentence, close, no boundary between."""
        low, high = min(a, b), max(a, b)
        if self.sentence[low] != self.sentence[high] or high - low > WINDOW:
            return False
        return not any(self.boundary[i] for i in range(low + 1, high) if i not in allowed)

    def noun_phrase_before(self, first: int, allowed: set[int]) -> bool:
        """An article or possessive before a phrase's first word makes it a noun phrase:
        "uw voornemens" are plans, "de zorg" is care, not the fixed phrase ("geen" is a
        negation: "geen gevolg geven aan"; the phrase's own verb, in ``allowed``, is no
        article: "wij zijn voornemens")."""
        if first == 0 or self.pos[first] == "ADP" or first - 1 in allowed:
            return False
        if self.lower[first - 1] == "geen":
            return False
        before = self.doc[first - 1]
        return self.pos[first - 1] == "DET" or "Yes" in before.morph.get("Poss", [])


def _particle_for(slot: Slot, verb: int, view: DocView) -> int | None:
    """The token of the separable particle that belongs to a verb form: after it in the
    clause and not the start of a prepositional phrase ("wendt het geld aan"), or just
    before it ("aan te wenden")."""
    lower, size = view.lower, len(view.lower)
    for j in range(verb + 1, min(size, verb + WINDOW + 1)):
        if not view.clear(verb, j, set()):
            break
        if lower[j] != slot.particle or view.noun_phrase_before(j, set()):
            continue  # "dragen de kosten van uw zorg": a noun, no particle
        if j + 1 < size and (lower[j + 1] == "te" or view.pos[j + 1] == "VERB"):
            continue  # the particle of the next verb: "ziet … af te wijken"
        if j + 1 == size or view.pos[j + 1] not in NOUN_PHRASE:
            return j
        if view.doc[j].dep_ == "compound:prt":
            return j
    j = verb - 1  # "aan te wenden", "aan moeten wenden"
    while j >= 0 and verb - j <= 3 and (lower[j] == "te" or view.pos[j] == "AUX"):
        j -= 1
    if j >= 0 and verb - j <= 3 and lower[j] == slot.particle:
        return None if view.noun_phrase_before(j, set()) else j
    return None


def _verb_places(
    slot: Slot, hits: list[int], split: list[int], view: DocView
) -> list[tuple[int, ...]]:
    """Every place a verb slot stands: one token, or a split verb with its particle."""
    places: list[tuple[int, ...]] = []
    for i in hits:
        # a split verb the pipeline joined to its particle ("wendt … aan": aanwenden)
        particle = None
        if slot.particle and view.lower[i] not in slot.forms:
            particle = _particle_for(slot, i, view)
        places.append((i,) if particle is None else (i, particle))
    for i in split:
        particle = _particle_for(slot, i, view)
        if particle is not None:
            places.append((i, particle))
    return places


def assemble(
    entry: Entry, hits: dict[int, list[int]], split: dict[int, list[int]], view: DocView
) -> list[tuple[int, int]]:
    """Token spans where all slots of the entry stand together."""
    if len(entry.slots) == 1:
        places = _verb_places(entry.slots[0], hits.get(0, []), split.get(0, []), view)
        return [(min(p), max(p) + 1) for p in places]
    verb_places = {
        v: _verb_places(entry.slots[v], hits.get(v, []), split.get(v, []), view)
        for v in entry.verbs
    }
    verb_tokens = {i for places in verb_places.values() for place in places for i in place}
    # only verbs: the first one anchors the others
    groups = _fixed_groups(entry, hits, verb_tokens, view) if entry.fixed else [()]
    spans: list[tuple[int, int]] = []
    for group in groups:
        used = set(group)
        anchor: tuple[int, ...] | None = group or None
        chosen = list(group)
        for v in entry.verbs:
            place = _nearest(verb_places[v], anchor, used, view)
            if place is None:
                break
            chosen += place
            used |= set(place)
            anchor = anchor or place
        else:
            if chosen:
                spans.append((min(chosen), max(chosen) + 1))
    return spans


def _fixed_groups(
    entry: Entry, hits: dict[int, list[int]], verb_tokens: set[int], view: DocView
) -> list[tuple[int, ...]]:
    """The fixed words in their order, next to each other; only tokens that are the
    entry's verbs may stand between them."""
    first, *rest = entry.fixed
    groups: list[tuple[int, ...]] = []
    for start in hits.get(first, []):
        group = [start]
        for slot in rest:
            nxt = group[-1] + 1
            while nxt in verb_tokens:
                nxt += 1
            if nxt not in hits.get(slot, []) or view.sentence[nxt] != view.sentence[start]:
                break
            group.append(nxt)
        else:
            if not view.noun_phrase_before(group[0], verb_tokens):
                groups.append(tuple(group))
    return groups


def _nearest(
    places: list[tuple[int, ...]], anchor: tuple[int, ...] | None, used: set[int],
    view: DocView,
) -> tuple[int, ...] | None:  # fmt: skip
    """The verb place closest to the words found so far, in the same clause."""
    best: tuple[int, tuple[int, ...]] | None = None
    for place in places:
        if used & set(place):
            continue
        if anchor is None:
            return place
        a, b = min(((i, j) for i in place for j in anchor), key=lambda p: abs(p[0] - p[1]))
        if not view.clear(a, b, set(anchor) | set(place)):
            continue
        if best is None or abs(a - b) < best[0]:
            best = (abs(a - b), place)
    return best[1] if best else None
