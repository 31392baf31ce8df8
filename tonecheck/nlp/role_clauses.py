"""Roles a sentence gains by its parse (``gains`` in ``rules/structure/role-evidence.yml``;
the words are there, the reading of the parse is here).

A sentence the model reads as a decision, with a causal clause on its main clause ("Wij
wijzen uw aanvraag af, omdat uw inkomen hoger is dan de grens"), also gives its reason,
however low the model scores it as one: the model reads such a sentence as the decision
it also is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

# how a clause word hangs in the parse: it leads a subordinate clause ("omdat", "doordat")
# or joins a main clause ("want")
CLAUSE_LINKS = frozenset({"mark", "cc"})
# a clause inside one of these is what a verb says or thinks, not a reason for a decision
EMBEDDING_DEPS = frozenset({"ccomp", "xcomp", "csubj", "csubj:pass"})
MIN_CLAUSE_TOKENS = 3  # the clause word, a subject and a verb


@dataclass(frozen=True)
class RoleGain:
    """A role that a sentence with one of ``with_roles`` also has when a clause led by
    one of ``clause_words`` hangs on its main clause, unless that clause only names the
    rules in general (``hollow``)."""

    role: str
    gives: str  # in Dutch, what such a sentence gives
    with_roles: frozenset[str]
    clause_words: frozenset[str]
    hollow: re.Pattern[str] | None = None
    gains: tuple[str, ...] = ()  # example sentences that gain the role
    keeps: tuple[str, ...] = ()  # ... and that do not

    def clause_in(self, sentence: Span) -> Span | None:
        """The first clause of ``sentence`` that gives the role, or None."""
        root = sentence.root
        for token in sentence:
            if token.lower_ not in self.clause_words or token.dep_ not in CLAUSE_LINKS:
                continue
            clause = _clause_of(token, root, sentence)
            if clause is not None and not (self.hollow and self.hollow.search(clause.text)):
                return clause
        return None


def _clause_of(word: Token, root: Token, sentence: Span) -> Span | None:
    """The clause that ``word`` leads, unless it sits inside a clause that is itself what
    a verb says or thinks ("Wij begrijpen dat dit hard aankomt, omdat …"): a clause
    after the main verb runs to the end of the sentence, one before it to the end of
    what its word leads ("Omdat u te laat was, …"). The parse of where such a clause
    hangs is often off by a word, so only the embedding is checked."""
    if word.head.i == word.i:
        return None
    for ancestor in word.ancestors:
        if ancestor.i == root.i:
            break
        if ancestor.dep_ in EMBEDDING_DEPS:
            return None
    end = sentence.end if word.i > root.i else min(word.head.right_edge.i + 1, sentence.end)
    return sentence.doc[word.i : end] if end - word.i >= MIN_CLAUSE_TOKENS else None
