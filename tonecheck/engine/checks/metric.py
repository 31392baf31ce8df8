"""``metric`` checks: numbers per sentence, paragraph or letter against a threshold."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span

from tonecheck.documents.model import BlockKind
from tonecheck.engine.context import LetterContext
from tonecheck.engine.findings import Finding
from tonecheck.nlp.readability import flesch_douma, is_word, syllables

CHARS_PER_LINE = 85  # one line of an A4 letter in an 11 pt font
SKIP_KINDS = (BlockKind.TABLE_CELL, BlockKind.HEADING)


def is_passive(sentence: Span) -> bool:
    """A passive clause: a participle with a passive auxiliary, found in the parse."""
    return any(t.dep_ in ("aux:pass", "nsubj:pass", "csubj:pass", "obl:agent") for t in sentence)


def _words(span: Span) -> list[str]:
    return [t.text for t in span if is_word(t)]


@dataclass
class MetricCheck:
    kind: str
    metric: str
    scope: str
    maximum: float | None
    minimum: float | None
    long_word: int = 4

    def value(self, spans: list[Span], context: LetterContext) -> float | None:
        words = [w for s in spans for w in _words(s)]
        if not words:
            return None
        metric = self.metric
        if metric == "words_per_sentence":
            return len(words) / len(spans)
        if metric == "commas_per_sentence":
            return sum(t.text == "," for s in spans for t in s) / len(spans)
        if metric == "flesch_douma":
            return flesch_douma(len(words), len(spans), sum(syllables(w.lower()) for w in words))
        if metric == "long_word_share":
            return sum(syllables(w.lower()) >= self.long_word for w in words) / len(words)
        if metric == "passive_share":
            return sum(is_passive(s) for s in spans) / len(spans)
        text = "".join(s.text_with_ws for s in spans).strip()
        if metric == "lines_per_paragraph":
            return -(-len(text) // CHARS_PER_LINE)
        if metric == "words_per_paragraph":
            return float(len(words))
        raise ValueError(metric)

    def _violates(self, value: float) -> float | None:
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        return None

    def _units(self, rule, context: LetterContext) -> list[list[Span]]:
        blocks = context.letter.document.blocks
        eligible = [
            s for s in context.sentences
            if context.zone_of_char(s.start_char) in rule.zones
            and blocks[context.block_index(s.start_char)].kind not in SKIP_KINDS
            and _words(s)
        ]  # fmt: skip
        if self.scope == "sentence":
            return [[s] for s in eligible]
        if self.scope == "document":
            return [eligible] if eligible else []
        by_block: dict[int, list[Span]] = {}
        for sentence in eligible:
            by_block.setdefault(context.block_index(sentence.start_char), []).append(sentence)
        return list(by_block.values())

    def run(self, rule, context: LetterContext) -> Iterator[Finding]:
        for spans in self._units(rule, context):
            value = self.value(spans, context)
            if value is None:
                continue
            limit = self._violates(value)
            if limit is None:
                continue
            if self.scope == "document":
                begin, finish, text = context.trimmed(spans[0])
            else:
                begin = context.trimmed(spans[0])[0]
                finish = context.trimmed(spans[-1])[1]
                text = context.letter.document.text[begin:finish]
            if self.metric.endswith("_share"):
                shown, limit_shown = f"{value:.0%}", f"{limit:.0%}"
            else:
                shown = (
                    f"{value:.0f}" if value >= 10 or float(value).is_integer() else f"{value:.1f}"
                )
                limit_shown = f"{limit:g}"
            trace = {"metric": self.metric, "scope": self.scope, "value": round(value, 3),
                     "limit": limit}  # fmt: skip
            yield rule.finding(
                context, begin, finish, trace, value=shown, limit=limit_shown, match=text
            )

    def explain(self) -> str:
        bounds = []
        if self.maximum is not None:
            bounds.append(f"at most {self.maximum:g}")
        if self.minimum is not None:
            bounds.append(f"at least {self.minimum:g}")
        return f"metric: {self.metric} per {self.scope} must be {' and '.join(bounds)}"
