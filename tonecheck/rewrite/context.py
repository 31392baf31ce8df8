"""What every rewrite of one letter shares: the letter, its rules, the rewrite data and
who the letter speaks as."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc

from tonecheck.engine.loader import RuleSet
from tonecheck.nlp.letter import Letter
from tonecheck.rewrite.spec import RewriteSpec


@dataclass
class RewriteContext:
    letter: Letter
    rules: RuleSet
    spec: RewriteSpec
    # per rule: the term matches of its list in this letter (found once)
    term_matches: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)

    @property
    def doc(self) -> Doc:
        return self.letter.doc

    @property
    def form(self) -> str:
        """How the letter addresses the reader: 'u' or 'je'."""
        return self.letter.facts.form

    @cached_property
    def sender(self) -> str | None:
        """How the letter names its sender as a subject ('wij', 'we' or 'ik', the form it
        uses most), or 'wij' in a letter from an organisation that never says; None when
        neither shows."""
        senders: dict[str, list[str]] = self.spec.passive.get("senders", {})
        word_of = {w: name for name, words in senders.items() for w in words}
        counts = Counter(word_of[t.lower_] for t in self.doc if t.lower_ in word_of)
        if counts:
            singular = counts.get("ik", 0)
            plural = sum(n for name, n in counts.items() if name != "ik")
            if singular > plural:
                return "ik"
            spelled = Counter(t.lower_ for t in self.doc if t.lower_ in ("wij", "we"))
            return "we" if spelled["we"] > spelled["wij"] else "wij"
        if "organisation" in self.letter.facts.read:
            return "wij"
        return None
