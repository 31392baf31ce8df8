"""All token and dependency patterns of a rule set, each run only where it can match.

Token patterns with a gate (see :mod:`tonecheck.engine.gates`) run on the short windows
after the positions that pass their gates, or not at all when there are none; a pattern
that is nothing but gates needs no run (its gate positions are its matches). Patterns
without any gate share one spaCy Matcher over the whole Doc, run only when one of them
can match (the Doc has a token for each gate of a token it needs somewhere: "door" in
the passive patterns, which three letters in four lack). Dependency patterns are
searched from their gated nodes (:mod:`tonecheck.engine.dependency_search`). The
results are exactly a plain Matcher's and DependencyMatcher's (a test compares them on
every letter we have); on the batch benchmark letters the 55 default patterns took 3.5
ms per letter with spaCy's matchers and take about 1 ms this way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from tonecheck.engine.dependency_search import DependencyPattern
from tonecheck.engine.gates import (
    DocColumns,
    Gate,
    GateIndex,
    Reach,
    decided_by_gates,
    max_length,
    needed_gates,
    pattern_gates,
    reach_gates,
)
from tonecheck.engine.regex_predicates import pattern_without_regex

WINDOWS_BEFORE_WHOLE_DOC = 24  # more candidate windows than this: one run on the Doc


@dataclass
class _Gated:
    key: int
    matcher: Matcher
    gates: list[Gate]
    length: float
    decided: bool  # every start that passes the gates is a match of ``length`` tokens
    reach: list[Reach] = field(default_factory=list)  # gates of later fixed tokens


@dataclass
class GatedMatcher:
    """Token and dependency patterns, each run only where it can match.

    Results are ``(match_id, start, end)`` for token patterns and
    ``(match_id, token_ids)`` for dependency patterns, as spaCy's matchers give them.
    """

    vocab: Vocab
    _ungated: Matcher | None = None
    # per pattern of ``_ungated``: the gates some token of a Doc must pass for it to match
    _ungated_needs: list[list[Gate]] = field(default_factory=list)
    _gated: list[_Gated] = field(default_factory=list)
    _dependencies: list[DependencyPattern] = field(default_factory=list)
    _index: GateIndex = field(default_factory=GateIndex)
    count: int = 0

    def __len__(self) -> int:
        return self.count

    def add(self, key: str, pattern: list[dict]) -> None:
        """Add one token pattern (validated by spaCy; raises as Matcher.add does, or
        RegexPatternError). Its REGEX run on RE2 (:mod:`tonecheck.engine.regex_predicates`):
        the gates read them from ``pattern``, spaCy gets the pattern without them."""
        checked = Matcher(self.vocab, validate=True)
        checked.add(key, [pattern])  # spaCy's word on the pattern as written
        runnable = pattern_without_regex(pattern)
        if runnable is not pattern:
            checked = Matcher(self.vocab)
            checked.add(key, [runnable])
        gates = pattern_gates(pattern, self.vocab.strings)
        if gates:
            key_id = self.vocab.strings.add(key)
            decided = decided_by_gates(pattern, self.vocab.strings)
            reach = reach_gates(pattern, self.vocab.strings)
            self._gated.append(_Gated(key_id, checked, gates, max_length(pattern), decided, reach))
            gates = gates + [g for _, _, reach_gates_ in reach for g in reach_gates_]
        else:
            if self._ungated is None:
                self._ungated = Matcher(self.vocab)
            self._ungated.add(key, [runnable])
            gates = needed_gates(pattern, self.vocab.strings)
            self._ungated_needs.append(gates)
        self._want(gates)
        self.count += 1

    def add_dependency(self, key: str, pattern: list[dict]) -> None:
        """Add one dependency pattern (validated by spaCy's DependencyMatcher)."""
        compiled = DependencyPattern.build(self.vocab, key, pattern)
        self._dependencies.append(compiled)
        self._want(compiled.gates)
        self.count += 1

    def _want(self, gates: Iterable[Gate]) -> None:
        self._index.add(gates)

    def __call__(self, doc: Doc) -> tuple[list[tuple[int, int, int]], list[tuple[int, list]]]:
        columns = DocColumns(doc, self._index)
        ungated = self._ungated
        tokens = list(ungated(doc)) if ungated is not None and self._may_run(columns) else []
        for gated in self._gated:
            starts = columns.starts(gated.gates)
            if starts and gated.reach:
                starts = columns.within_reach(starts, gated.reach)
            if starts and gated.decided:
                size = int(gated.length)
                tokens += [(gated.key, s, s + size) for s in starts if s + size <= len(doc)]
            elif starts:
                tokens += _run_windows(gated, doc, sorted(starts))
        dependencies = []
        for pattern in self._dependencies:
            dependencies += pattern(doc, columns)
        return tokens, dependencies

    def _may_run(self, columns: DocColumns) -> bool:
        """Whether a pattern without gates can match: the Doc passes every gate it needs
        (one pass of their shared Matcher cost 0.27 ms per benchmark letter)."""
        return any(all(columns.passed(gate) for gate in needs) for needs in self._ungated_needs)


def _run_windows(gated: _Gated, doc: Doc, starts: list[int]) -> list[tuple[int, int, int]]:
    """Run one pattern on the windows after its possible starts (merged), or on the whole
    Doc when there are many."""
    windows: list[list[int]] = []
    for start in starts:
        end = min(len(doc), start + gated.length) if gated.length != math.inf else len(doc)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], int(end))
        else:
            windows.append([start, int(end)])
    if len(windows) > WINDOWS_BEFORE_WHOLE_DOC:
        return list(gated.matcher(doc, allow_missing=True))
    found = []
    for start, end in windows:
        for match_id, s, e in gated.matcher(doc[start:end], allow_missing=True):
            found.append((match_id, s + start, e + start))
    return found
