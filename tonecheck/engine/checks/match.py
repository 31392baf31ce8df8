"""``terms`` and ``pattern`` checks: report every match (outside excluded zones)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tonecheck.common.findings import Finding
from tonecheck.engine.checks.base import Builder, CheckKind, Path, quiet_default
from tonecheck.engine.context import LetterContext
from tonecheck.engine.matchers import CompiledMatcher
from tonecheck.engine.schema import MATCHER


@dataclass
class MatchCheck:
    """Flags each occurrence of a term or token/dependency pattern.

    ``first_only``: only the first occurrence of each term (e.g. an abbreviation).
    ``unless_explained``: skip a term whose replacement (e.g. the spelled-out form of an
    abbreviation) already occurs before it or in its sentence.
    """

    kind: str
    matcher: CompiledMatcher
    first_only: bool = False
    unless_explained: bool = False

    def run(self, rule, context: LetterContext) -> Iterator[Finding]:
        doc = context.doc
        lowered = ""  # the letter's text in lower case, made when first needed
        seen: set[str] = set()
        for start, end, replacement in self.matcher(doc):
            if context.zone_of_token(start) not in rule.zones:
                continue
            span = doc[start:end]
            begin, finish, text = context.trimmed(span)
            key = text.lower()
            if self.first_only and key in seen:
                continue
            seen.add(key)
            if self.unless_explained and replacement:
                sentence_end = context.sentences[context.sentence_of_token[start]].end_char
                lowered = lowered or context.letter.document.text.lower()
                if replacement.lower() in lowered[:sentence_end]:
                    continue
            trace = {
                "matched_tokens": [t.text for t in span],
                "lemmas": [t.lemma_ for t in span],
                "zone": context.zone_of_token(start),
            }
            yield rule.finding(context, begin, finish, trace, match=text, replacement=replacement)

    def explain(self) -> str:
        extra = " (alleen de eerste keer)" if self.first_only else ""
        return f"{self.kind}: meldt elke plek waar iets past uit {self.matcher.description}{extra}"

    def why_quiet(self, rule, context: LetterContext) -> list[str]:
        return quiet_default(rule, context)


def _build(builder: Builder, where: Path, raw: dict, name: str) -> MatchCheck | None:
    matcher = builder.matcher(where, raw, name)
    if matcher is None:
        return None
    return MatchCheck(
        raw["kind"],
        matcher,
        first_only=bool(raw.get("first_only", False)),
        unless_explained=bool(raw.get("unless_explained", False)),
    )


_MATCHER_FIELDS = {
    "additionalProperties": False,
    "properties": {"kind": True, **MATCHER["properties"]},
}

KINDS = (
    CheckKind(
        name="terms",
        summary="Zoekt woorden of woordgroepen uit een lijst (op de woordvorm of op het lemma) "
        "en meldt elke plek waar er een staat.",
        schema={**_MATCHER_FIELDS, "anyOf": [{"required": ["terms"]}, {"required": ["lists"]}]},
        placeholders=frozenset({"match", "replacement"}),
        build=_build,
    ),
    CheckKind(
        name="pattern",
        summary="Zoekt patronen van woorden met hun kenmerken (woordsoort, lemma, zinsbouw) "
        "of zinnen met een rol, en meldt elke plek waar een patroon past.",
        schema={
            **_MATCHER_FIELDS,
            "anyOf": [
                {"required": ["patterns"]},
                {"required": ["dependency"]},
                {"required": ["roles"]},
            ],
        },
        placeholders=frozenset({"match"}),
        build=_build,
    ),
)
