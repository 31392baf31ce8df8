"""A burden that does not come is good news (``relief`` in
``rules/structure/role-evidence.yml``; the words are there, the reading of the parse is
here).

"U krijgt geen boete." and "Wij leggen die last onder dwangsom niet op." name a sanction,
and the role model reads them as decisions against the reader. In their main clause the
burden is negated: 'geen' with a burden noun, or 'niet' with a verb that imposes one; or
its verb is a modal that lifts a duty ("U hoeft dit bedrag niet terug te betalen"); or a
verb that takes a burden away has a burden noun as its object or subject, without 'niet'
("Wij trekken de boete in", "De naheffingsaanslag wordt vernietigd").
Every main clause of the sentence must say so ("U krijgt geen boete, maar wij vorderen
€ 500 terug" is still bad news), and a condition ("Doet u dat niet, dan verbeurt u …")
or a question is no relief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tonecheck.nlp.role_earlier import AUXILIARY_DEPS

ARGUMENTS = frozenset({"obj", "nsubj", "nsubj:pass"})  # where a burden noun can stand
# what negates a verb of a burden: "leggen … niet op", "vorderen niets terug"
NEGATIONS = frozenset({("advmod", "niet"), ("advmod", "nooit"), ("obj", "niets")})
MAIN_CLAUSE_VERBS = frozenset({"VERB", "AUX"})
NOUN_TAGS = frozenset({"NOUN", "PROPN"})
# a main clause that follows a condition: "Doet u dat niet, dan …"
CONDITION = re.compile(r",\s*dan\b", re.IGNORECASE)


@dataclass(frozen=True)
class Relief:
    """The burdens whose negation in every main clause makes a sentence good news:
    ``nouns`` with 'geen', ``verbs`` (lemmas, particles joined) with 'niet', or a main
    clause of one of the ``modals`` ('hoeven'); such a sentence has the role ``instead``
    (when given)."""

    nouns: re.Pattern[str]
    verbs: frozenset[str]
    instead: str | None = None  # the role such a sentence has: a decision for the reader
    # verbs that speak of a duty only to lift or lessen it ("U hoeft … niet te betalen",
    # "Je hoeft nog maar € 1.445 terug te betalen"): such a main clause is relief as it is
    modals: frozenset[str] = frozenset()
    # verbs (lemmas, particles and a bare predicative adjective joined: 'schelden … kwijt'
    # is kwijtschelden) that take a burden away: with a burden noun as an argument, relief
    # without a negation ("Wij trekken de boete in", "De boete vervalt") and none with
    # one ("Wij trekken de boete niet in"), also where the verb is one of ``verbs``
    lifts: frozenset[str] = frozenset()

    def found(self, sentence: Span) -> bool:
        """Whether every main clause of ``sentence`` says a burden does not come."""
        text = sentence.text.rstrip()
        if text.endswith("?") or CONDITION.search(text):
            return False
        root = sentence.root
        clauses = [root] + [
            c for c in root.children if c.dep_ == "conj" and c.pos_ in MAIN_CLAUSE_VERBS
        ]
        return all(self._relieved(verb) for verb in clauses)

    def _relieved(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        if lemma in self.modals or any(
            c.dep_ == "aux" and c.lemma_.lower() in self.modals for c in verb.children
        ):
            return True
        negated = any((c.dep_, c.lower_) in NEGATIONS for c in verb.children)
        if _joined_lemma(verb) in self.lifts and any(
            c.dep_ in ARGUMENTS and self._burden(c) for c in _with_auxiliaries(verb)
        ):  # "Wij trekken de boete niet in": the burden stays
            return not negated
        if lemma in self.verbs and negated:
            return True
        # 'geen' with the burdens: every burden the clause names ("U krijgt geen
        # waarschuwing en geen boete"; not "U krijgt geen boete, maar een waarschuwing")
        burdens = [n for n in _named(verb) if self._burden(n)]
        return bool(burdens) and all(any(d.lower_ == "geen" for d in n.children) for n in burdens)

    def _burden(self, token: Token) -> bool:
        return bool(self.nouns.fullmatch(token.lemma_) or self.nouns.fullmatch(token.text))


def _named(verb: Token) -> list[Token]:
    """The verb's arguments with the nouns coordinated with them, also where the parser
    hung a coordinated noun on the verb itself ('geen waarschuwing en geen boete')."""
    heads = [
        c
        for c in verb.children
        if c.dep_ in ARGUMENTS or (c.dep_ == "conj" and c.pos_ in NOUN_TAGS)
    ]
    return [*heads, *(c for h in heads for c in h.children if c.dep_ == "conj")]


def _with_auxiliaries(verb: Token) -> list[Token]:
    """The verb's dependents and those the parser hung on its auxiliaries ('Wij laten de
    boete vervallen': 'boete' under 'laten')."""
    auxiliaries = [c for c in verb.children if c.dep_ in AUXILIARY_DEPS]
    return [*verb.children, *(c for a in auxiliaries for c in a.children)]


def _joined_lemma(verb: Token) -> str:
    """The verb's lemma with a bare predicative adjective before it, as the lemmatizer
    already joins a separable particle ('trekken … in' is intrekken): 'schelden … kwijt'
    is kwijtschelden."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ == "ADJ" and not any(child.children):
            return child.lower_ + lemma
    return lemma
