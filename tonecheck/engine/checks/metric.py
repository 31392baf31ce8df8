"""``metric`` checks: numbers per sentence, paragraph or letter against a threshold."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, ORTH
from spacy.tokens import Doc

from tonecheck.common.findings import Finding
from tonecheck.documents.model import BlockKind
from tonecheck.engine.checks.base import Builder, CheckKind, Path
from tonecheck.engine.context import LetterContext
from tonecheck.engine.matchers import CompiledMatcher
from tonecheck.engine.schema import MATCHER
from tonecheck.nlp.participles import is_past_participle
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
    # tokens inside a match of this matcher are not counted (the commas of an address or
    # a legal reference); only for the metrics that count marked tokens (SENTENCE_MEANS)
    ignore: CompiledMatcher | None = None
    name: str = ""

    def _marks(self) -> tuple[str, Callable[[Doc], np.ndarray]]:
        """The cache key and the token marks of this check's metric, without the tokens
        its ``ignore`` matcher covers."""
        marks = SENTENCE_MEANS[self.metric][1]
        ignore = self.ignore
        if ignore is None:
            return self.metric, marks

        def kept(doc: Doc) -> np.ndarray:
            marked = marks(doc).copy()
            for start, end, _ in ignore(doc):
                marked[start:end] = False
            return marked

        return f"{self.metric}|{self.name}", kept

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
            how = SENTENCE_MEANS[metric][0]
            counts = context.sentence_sums(*self._marks())
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
            bounds.append(f"hoogstens {self.maximum:g}")
        if self.minimum is not None:
            bounds.append(f"minstens {self.minimum:g}")
        scope = SCOPES_NL[self.scope]
        return f"metric: {self.metric} per {scope} moet {' en '.join(bounds)} zijn"

    def why_quiet(self, rule, context: LetterContext) -> list[str]:
        units = self._units(rule, context)
        scope = SCOPES_NL[self.scope]
        if not units:
            return [f"geen {scope} met woorden in de zones waar de regel kijkt"]
        values = [v for v in (self.value(u, context) for u in units) if v is not None]
        shown = f"{min(values):.3g} tot {max(values):.3g}" if values else "geen"
        return [f"binnen de grens bij elke {scope} (waarden {shown})"]


def _syllables(sentence, words: list[str]) -> int:
    return sum(syllables(w.lower()) for w in words)


def _passive_marks(doc: Doc) -> np.ndarray:
    """1 for each token whose dependency marks a passive clause: the auxiliary, subject
    or door-phrase of a past participle (not of "zijn … uiteenlopend", "zijn er
    uitleggen", where the parser guessed a passive)."""
    labels = doc.to_array(DEP)
    marks = np.zeros(len(labels), dtype=bool)
    for label in PASSIVE_DEPS:
        marks |= labels == doc.vocab.strings.add(label)
    for i in np.flatnonzero(marks):
        marks[i] = is_past_participle(doc[int(i)].head)
    return marks


def _comma_marks(doc: Doc) -> np.ndarray:
    """1 for each comma (which ones do not separate parts of a sentence, as in an address
    or a legal reference, is the rule's ``ignore``)."""
    return doc.to_array(ORTH) == doc.vocab.strings[","]


# metric -> (what the mean is over, how the sentence's tokens are marked)
SENTENCE_MEANS = {
    "commas_per_sentence": ("sum", _comma_marks),
    "passive_share": ("any", _passive_marks),
}


METRICS = (
    "words_per_sentence", "commas_per_sentence", "flesch_douma", "long_word_share",
    "passive_share", "lines_per_paragraph", "words_per_paragraph",
)  # fmt: skip
SCOPES = ("sentence", "paragraph", "document")
SCOPES_NL = {"sentence": "zin", "paragraph": "alinea", "document": "brief"}


def _build(builder: Builder, where: Path, raw: dict, name: str) -> MetricCheck | None:
    ignore = None
    if "ignore" in raw:
        if raw["metric"] not in SENTENCE_MEANS:
            counted = ", ".join(SENTENCE_MEANS)
            builder.problem(
                [*where, "ignore"],
                f"'ignore' werkt alleen bij metingen die woorden tellen ({counted}), "
                f"niet bij {raw['metric']}",
            )
            return None
        ignore = builder.matcher([*where, "ignore"], raw["ignore"], f"{name}:ignore")
        if ignore is None:
            return None
    return MetricCheck(
        raw["kind"],
        metric=raw["metric"],
        scope=raw["scope"],
        maximum=raw.get("max"),
        minimum=raw.get("min"),
        long_word=int(raw.get("long_word", 4)),
        ignore=ignore,
        name=name,
    )


KINDS = (
    CheckKind(
        name="metric",
        summary="Meet een getal (zinslengte, leesbaarheid, …) en meldt waar het boven of "
        "onder de grens komt.",
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
                # what a counting metric leaves out: a matcher spec (patterns, terms, lists)
                "ignore": MATCHER,
            },
            "anyOf": [{"required": ["max"]}, {"required": ["min"]}],
        },
        placeholders=frozenset({"value", "limit", "match"}),
        build=_build,
    ),
)
