"""What the reader said or asked is the reader's account, not the organisation's reason
(``reported`` in ``rules/structure/role-evidence.yml``; the words are there, the reading
of the parse is here).

"U vertelde dat u het huishouden niet meer zelf kunt doen.", "In uw bezwaarschrift voert u
aan dat …", "U vroeg om hulp bij de was.": the role model reads the facts in such a
sentence as the facts behind the decision. Its main clause is a verb of saying or asking
whose subject is the reader (or the reader's representative), so it retells the reader's
side: the verb has what was said or asked as a clause ("dat …") or as "om …". Every main
clause must do so ("U stelt dat u het niet wist, maar dat is niet juist, want …" answers
the reader and gives a reason); a negated verb ("U meldde ons niet dat u inkomsten had")
states what the reader failed to do, and a modal ("U moet werk direct melden", "U kunt ons
vertellen …") a rule or an offer: neither retells the reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

SUBJECTS = frozenset({"nsubj", "nsubj:pass"})
# what was said or asked: "dat …" (ccomp), "te …" (xcomp), "om …" (obl:arg)
COMPLEMENTS = frozenset({"ccomp", "xcomp", "obl:arg"})
NEGATIONS = frozenset({"niet", "nooit", "niets"})
# a clause opened by one of these is subordinate, also where the parser coordinates it
# with the main verb ("U verklaarde dat u … had gebruikt en dat u … was vergeten")
SUBORDINATORS = frozenset({"dat", "of", "om"})


@dataclass(frozen=True)
class Reported:
    """The verbs (lemmas, particles joined) and speakers (subjects, by lemma or word) of
    a sentence that retells what the reader said or asked."""

    verbs: frozenset[str]
    speakers: frozenset[str]
    modals: frozenset[str] = frozenset()  # a clause with one states a rule or an offer

    def found(self, sentence: Span) -> bool:
        """Whether every main clause of ``sentence`` is the reader saying or asking."""
        if sentence.text.rstrip().endswith("?"):
            return False
        root = sentence.root
        clauses = [root] + [c for c in root.children if c.dep_ == "conj" and not _subordinate(c)]
        return all(self._retold(clause) for clause in clauses)

    def _retold(self, verb: Token) -> bool:
        if verb.lemma_.lower() not in self.verbs:
            return False
        children = list(verb.children)
        said = [c for c in children if c.dep_ in COMPLEMENTS]
        if not said or not any(
            c.dep_ in SUBJECTS and {c.lemma_.lower(), c.lower_} & self.speakers for c in children
        ):
            return False
        # a negation before what was said ("U meldde ons niet dat …"); the parser sometimes
        # hangs the negation of the clause itself on the verb
        said_from = min(c.left_edge.i for c in said)
        return not any(
            (c.dep_ in ("advmod", "obj") and c.lower_ in NEGATIONS and c.i < said_from)
            or (c.dep_ == "aux" and c.lemma_.lower() in self.modals)
            for c in children
        )


def _subordinate(clause: Token) -> bool:
    """A clause the parser coordinated with the main verb that opens with a subordinator:
    in "U verklaarde dat u … had gebruikt en dat u … was vergeten" the second 'dat'-clause
    hangs on 'verklaarde', but it is more of what was said, not a main clause of its own."""
    return any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in clause.children)
