"""Roles a sentence gains from the sentence before it (``near`` in
``rules/structure/role-evidence.yml``; the words are there, the mechanism is here).

The parts of an objection clause stand together: "U kunt binnen zes weken bezwaar maken.
Dat kan via delft.nl/bezwaar." The second sentence says where the objection goes, but
alone it reads as little more than a web address, and the model may score it just
under its threshold. A sentence that the model gives at least a little of a role, that
names what the role needs, and that stands in or right after a sentence with one of the
clause's other parts, has the role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class NearGain:
    """A role that a sentence has when its text matches ``words`` and it has one of
    ``with_roles``, or the sentence before it has one and it scores at least
    ``min_score`` for the role (next to the clause, the model must see a little of it;
    within the clause's own sentence the words are enough)."""

    role: str
    gives: str  # in Dutch, what such a sentence gives
    with_roles: frozenset[str]
    min_score: float
    words: re.Pattern[str]
    gains: tuple[str, ...] = ()  # example sentences that name what the role needs
    keeps: tuple[str, ...] = ()  # ... and that do not

    def names_it(self, text: str) -> bool:
        return self.words.search(text) is not None

    def applies(self, own: frozenset[str], before: frozenset[str], score: float, text: str) -> bool:
        """Whether a sentence with roles ``own`` and this ``score`` for the role, after a
        sentence with roles ``before``, gains it."""
        beside = bool(before & self.with_roles) and score >= self.min_score
        return (
            self.role not in own and (bool(own & self.with_roles) or beside) and self.names_it(text)
        )


def near_gained(
    near: Sequence[NearGain],
    roles: Sequence[frozenset[str]],
    scores: Sequence[dict[str, float]],
    texts: Sequence[str],
) -> list[frozenset[str]]:
    """Per sentence, the roles of ``near`` it gains, from the roles the sentences have
    without these gains (a gain never leads to another)."""
    gained = []
    for index, (own, found, text) in enumerate(zip(roles, scores, texts, strict=True)):
        before = roles[index - 1] if index else frozenset()
        gained.append(
            frozenset(g.role for g in near if g.applies(own, before, found.get(g.role, 0.0), text))
        )
    return gained
