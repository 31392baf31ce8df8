"""A benefit the reader does not get is a refusal (``refusals`` in
``rules/structure/role-evidence.yml``; the words are there, the reading of the parse is
here): the mirror of :mod:`tonecheck.nlp.role_relief`.

"De kap en de tweede accu worden niet verstrekt.", "Voor de overige anderhalf uur krijgt u
geen hulp.": in a partial grant the role model reads the letter's good news and often
scores the refused part low. In such a main clause the organisation gives nothing
("wij geven u geen …", "wordt niet vergoed") or the reader gets nothing ("u krijgt geen
…"). A question, a condition ("Als u … , krijgt u geen …"), a rule in general ("Een
vrijstelling geven we alleen als …"), something past ("In dat besluit kreeg u geen
verlof") or a burden that does not come ("Een boete krijgt u niet": relief) is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

NEGATIONS = frozenset({"niet", "geen", "nooit", "niets"})
# a main clause after a condition: "Doet u dat niet, dan …", "Dan krijgt u geen …"
AFTER_CONDITION = re.compile(r"^\W*dan\b|,\s*dan\b", re.IGNORECASE)
ARGUMENTS = frozenset({"obj", "nsubj", "nsubj:pass", "obl"})


@dataclass(frozen=True)
class Refusal:
    """What makes a main clause a benefit withheld: one of ``verbs`` with one of
    ``givers`` as subject or in the passive with 'worden', or one of ``receive`` with one
    of ``receivers`` as subject; negated; present tense. Not when a negated argument is
    one of ``burdens`` (a sanction that does not come is good news)."""

    role: str
    gives: str  # in Dutch, what such a sentence gives
    verbs: frozenset[str]
    givers: frozenset[str]
    receive: frozenset[str]
    receivers: frozenset[str]
    # words that make a clause a condition: at the start of the sentence, leading a
    # clause on the verb ("… als u …"), or on the verb itself ("alleen")
    conditions: frozenset[str] = frozenset()
    burdens: re.Pattern[str] | None = None
    gains: tuple[str, ...] = ()  # example sentences that gain the role
    keeps: tuple[str, ...] = ()  # ... and that do not

    def found(self, sentence: Span) -> bool:
        """Whether a main clause of ``sentence`` withholds a benefit from the reader."""
        text = sentence.text.rstrip()
        first = next((t for t in sentence if t.is_alpha), None)
        if (
            text.endswith("?")
            or AFTER_CONDITION.search(text)
            or (first is not None and first.lower_ in self.conditions)
        ):
            return False
        root = sentence.root
        clauses = [root] + [c for c in root.children if c.dep_ == "conj"]
        return any(self._refuses(verb) for verb in clauses)

    def _refuses(self, verb: Token) -> bool:
        """Whether this main clause withholds a benefit from the reader."""
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        if _past(verb, children) or self._conditional(children):
            return False
        subjects = {c.lemma_.lower() for c in children if c.dep_ == "nsubj"}
        if lemma in self.receive:
            if not subjects & self.receivers:
                return False
        elif lemma in self.verbs:
            passive = any(c.dep_ in ("aux", "aux:pass") and c.lemma_ == "worden" for c in children)
            if not (subjects & self.givers or passive):
                return False
        else:
            return False
        arguments = [c for c in children if c.dep_ in ARGUMENTS]
        if self.burdens is not None and any(
            self.burdens.fullmatch(c.lemma_) or self.burdens.fullmatch(c.text) for c in arguments
        ):
            return False
        return any(c.dep_ == "advmod" and c.lower_ in NEGATIONS for c in children) or any(
            d.lower_ == "geen" for c in arguments for d in c.children
        )

    def _conditional(self, children: list[Token]) -> bool:
        """A clause with a condition on it: "U krijgt geen kwijtschelding als u …",
        "Een vrijstelling geven we alleen als …"."""
        return any(
            (c.dep_ == "advmod" and c.lower_ in self.conditions)
            or (
                c.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in self.conditions for m in c.children)
            )
            for c in children
        )


def _past(verb: Token, children: list[Token]) -> bool:
    """A retold decision ("In dat besluit kreeg u geen verlof", "is niet verleend")."""
    return "Past" in verb.morph.get("Tense", []) or any(
        c.dep_ in ("aux", "aux:pass") and c.lemma_ in ("hebben", "zijn") for c in children
    )
