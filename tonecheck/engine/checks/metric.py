"""``metric`` checks: numbers per sentence, paragraph or letter against a threshold."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_DIGIT, ORTH
from spacy.tokens import Doc

from tonecheck.common.findings import Finding
from tonecheck.documents.model import BlockKind
from tonecheck.engine.checks.base import Builder, CheckKind, Path
from tonecheck.engine.context import LetterContext
from tonecheck.nlp.readability import flesch_douma, syllables

CHARS_PER_LINE = 85  # one line of an A4 letter in an 11 pt font
SKIP_KINDS = (BlockKind.TABLE_CELL, BlockKind.HEADING)
PASSIVE_DEPS = frozenset({"aux:pass", "nsubj:pass", "csubj:pass", "obl:agent"})


@dataclass
class MetricCheck:
    kind: str
    metric: str
    scope: str
    maximum: float | None
    minimum: float | None
    long_word: int = 4

    def value(self, units: list[int], context: LetterContext) -> float | None:
        """The metric over the sentences with these indexes (per-sentence counts come
        from the context, worked out once for all metric rules)."""
        word_counts = context.sentence_word_counts
        n_words = sum(word_counts[i] for i in units)
        if not n_words:
            return None
        metric = self.metric
        if metric == "words_per_sentence":
            return n_words / len(units)
        if metric in SENTENCE_MEANS:  # the mean of a count per sentence
            how, marks = SENTENCE_MEANS[metric]
            counts = context.sentence_sums(metric, marks)
            if how == "any":
                return sum(counts[i] > 0 for i in units) / len(units)
            return sum(counts[i] for i in units) / len(units)
        if metric == "flesch_douma":
            counts = context.sentence_counts("syllables", _syllables)
            return flesch_douma(n_words, len(units), sum(counts[i] for i in units))
        if metric == "long_word_share":
            counts = context.long_words(self.long_word)
            return sum(counts[i] for i in units) / n_words
        text = "".join(context.text_with_ws(i) for i in units).strip()
        if metric == "lines_per_paragraph":
            return -(-len(text) // CHARS_PER_LINE)
        if metric == "words_per_paragraph":
            return float(n_words)
        raise ValueError(metric)

    def _violates(self, value: float) -> float | None:
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        return None

    def _units(self, rule, context: LetterContext) -> list[list[int]]:
        blocks = context.letter.document.blocks
        eligible = [
            i
            for i, block_index in enumerate(context.sentence_blocks)
            if blocks[block_index].zone in rule.zones
            and blocks[block_index].kind not in SKIP_KINDS
            and context.sentence_words[i]
        ]
        if self.scope == "sentence":
            return [[i] for i in eligible]
        if self.scope == "document":
            return [eligible] if eligible else []
        by_block: dict[int, list[int]] = {}
        for i in eligible:
            by_block.setdefault(context.sentence_blocks[i], []).append(i)
        return list(by_block.values())

    def run(self, rule, context: LetterContext) -> Iterator[Finding]:
        for units in self._units(rule, context):
            value = self.value(units, context)
            if value is None:
                continue
            limit = self._violates(value)
            if limit is None:
                continue
            first, last = context.sentences[units[0]], context.sentences[units[-1]]
            if self.scope == "document":
                begin, finish, text = context.trimmed(first)
            else:
                begin, finish = context.trimmed(first)[0], context.trimmed(last)[1]
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

    def why_quiet(self, rule, context: LetterContext) -> list[str]:
        units = self._units(rule, context)
        if not units:
            return [f"no {self.scope} with words in the zones it looks at"]
        values = [v for v in (self.value(u, context) for u in units) if v is not None]
        shown = f"{min(values):.3g} to {max(values):.3g}" if values else "none"
        return [f"every {self.scope} is within bounds (values {shown})"]


def _syllables(sentence, words: list[str]) -> int:
    return sum(syllables(w.lower()) for w in words)


def _passive_marks(doc: Doc) -> np.ndarray:
    """1 for each token whose dependency marks a passive clause."""
    labels = doc.to_array(DEP)
    marks = np.zeros(len(labels), dtype=bool)
    for label in PASSIVE_DEPS:
        marks |= labels == doc.vocab.strings.add(label)
    return marks


def _clause_comma_marks(doc: Doc) -> np.ndarray:
    """1 for each comma that separates parts of a sentence; not those in an address or a
    number ("Postbus 12, 1510 AA Haverdam", "1.150, 25"): the comma before a number."""
    columns = doc.to_array([ORTH, IS_DIGIT])
    commas = columns[:, 0] == doc.vocab.strings[","]
    before_digit = np.append(columns[1:, 1] == 1, False)
    return commas & ~before_digit


# metric -> (what the mean is over, how the sentence's tokens are marked)
SENTENCE_MEANS = {
    "commas_per_sentence": ("sum", _clause_comma_marks),
    "passive_share": ("any", _passive_marks),
}


METRICS = (
    "words_per_sentence", "commas_per_sentence", "flesch_douma", "long_word_share",
    "passive_share", "lines_per_paragraph", "words_per_paragraph",
)  # fmt: skip
SCOPES = ("sentence", "paragraph", "document")


def _build(builder: Builder, where: Path, raw: dict, name: str) -> MetricCheck:
    return MetricCheck(
        raw["kind"],
        metric=raw["metric"],
        scope=raw["scope"],
        maximum=raw.get("max"),
        minimum=raw.get("min"),
        long_word=int(raw.get("long_word", 4)),
    )


KINDS = (
    CheckKind(
        name="metric",
        summary="Meet een getal (zinslengte, leesbaarheid, …) en meldt waar het boven of "
        "onder de grens komt. / Measures a number against a threshold.",
        schema={
            "required": ["metric", "scope"],
            "additionalProperties": False,
            "properties": {
                "kind": True,
                "metric": {"enum": list(METRICS)},
                "scope": {"enum": list(SCOPES)},
                "max": {"type": "number"},
                "min": {"type": "number"},
                "long_word": {"type": "integer", "minimum": 1},
            },
            "anyOf": [{"required": ["max"]}, {"required": ["min"]}],
        },
        placeholders=frozenset({"value", "limit", "match"}),
        build=_build,
    ),
)
