"""``terms`` and ``pattern`` checks: report every match (outside excluded zones)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tonecheck.engine.context import LetterContext
from tonecheck.engine.findings import Finding
from tonecheck.engine.matchers import CompiledMatcher


@dataclass
class MatchCheck:
    """Flags each occurrence of a term or token/dependency pattern."""

    kind: str
    matcher: CompiledMatcher

    def run(self, rule, context: LetterContext) -> Iterator[Finding]:
        doc = context.doc
        for start, end, replacement in self.matcher(doc):
            if context.zone_of_token(start) not in rule.zones:
                continue
            span = doc[start:end]
            begin, finish, text = context.trimmed(span)
            trace = {
                "matched_tokens": [t.text for t in span],
                "lemmas": [t.lemma_ for t in span],
                "zone": context.zone_of_token(start),
            }
            yield rule.finding(context, begin, finish, trace, match=text, replacement=replacement)

    def explain(self) -> str:
        return f"{self.kind}: flags each match of {self.matcher.description}"
