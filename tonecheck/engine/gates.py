"""Gates: where in a Doc a token pattern can possibly start, found without running it.

spaCy's Matcher tries every pattern at every token, so its cost grows with tokens times
patterns (about 0.1 µs each: 2.1 ms per letter for the 48 default token patterns). Most
patterns begin with fixed words ("u kunt", "artikel 4:5", "een beslissing"), and most
letters hold those words a handful of times. A *gate* is such a necessary condition on
one of a pattern's leading fixed tokens (an ORTH/LOWER/NORM/LEMMA value or list, a
regular expression on one of those, or a true flag like LIKE_NUM); the positions that
pass every gate are the only places a match can start (see
:mod:`tonecheck.engine.gated_matcher`, which runs patterns only there).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
from spacy.tokens import Doc

STRING_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA"}
# flags true for few tokens (IS_ALPHA or IS_LOWER hold for most: no use as a gate)
FLAG_ATTRS = {
    "IS_DIGIT", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_CURRENCY", "IS_BRACKET",
    "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
}  # fmt: skip
_REPEAT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")

REGEX_PREFIX = "REGEX:"  # a regex gate's name: "REGEX:LOWER:(ing|atie)$"
Gate = tuple[int, str, frozenset]  # offset in the pattern, attribute, accepted values


def regex_gate_name(attr: str, pattern: str) -> str:
    return f"{REGEX_PREFIX}{attr}:{pattern}"


def _regex_of(name: str) -> tuple[str, str]:
    """(attribute, pattern) of a regex gate's name."""
    attr, pattern = name[len(REGEX_PREFIX) :].split(":", 1)
    return attr, pattern


def _string_values(value) -> list[str] | None:
    """The values a string constraint accepts (``"u"`` or ``{"IN": [...]}``), or None
    for any other constraint (REGEX, NOT_IN, comparisons ...)."""
    if isinstance(value, str):
        return [value]
    listed = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
    if isinstance(listed, list) and all(isinstance(v, str) for v in listed):
        return listed
    return None


def _gate(name: str, value, offset: int, strings) -> Gate | None:
    if name in STRING_ATTRS:
        values = _string_values(value)
        if values is not None:
            return offset, STRING_ATTRS[name], frozenset(strings.add(v) for v in values)
        if isinstance(value, dict) and set(value) == {"REGEX"} and isinstance(value["REGEX"], str):
            return offset, regex_gate_name(STRING_ATTRS[name], value["REGEX"]), frozenset({1})
    elif name in FLAG_ATTRS and value is True:
        return offset, name, frozenset({1})
    return None


def token_gates(spec: dict, offset: int, strings) -> list[Gate]:
    """The gates one token spec implies (none when it constrains nothing gateable).

    Only a plain ``IN`` list or value makes a string gate: a dict that also holds
    NOT_IN or REGEX is left to spaCy."""
    gates = [_gate(str(key).upper(), value, offset, strings) for key, value in spec.items()]
    return [g for g in gates if g is not None]


def pattern_gates(pattern: list[dict], strings) -> list[Gate]:
    """Gates of the fixed tokens a pattern starts with (those before any operator)."""
    gates: list[Gate] = []
    for offset, spec in enumerate(pattern):
        if str(spec.get("OP", "1")) != "1":
            break
        gates += token_gates(spec, offset, strings)
    return gates


def decided_by_gates(pattern: list[dict], strings) -> bool:
    """True when the gates are the whole pattern: fixed tokens, each constrained only by
    gateable values, so a position that passes every gate is a match."""
    for spec in pattern:
        for key, value in spec.items():
            name = str(key).upper()
            if name == "OP" and str(value) == "1":
                continue
            if _gate(name, value, 0, strings) is None:
                return False
    return bool(pattern)


def max_length(pattern: list[dict]) -> float:
    """The most tokens a match of the pattern can span (``inf`` when unbounded)."""
    total = 0.0
    for spec in pattern:
        op = str(spec.get("OP", "1"))
        if op in ("1", "?", "!"):
            total += 1
        elif op in ("*", "+"):
            return math.inf
        else:
            repeat = _REPEAT.match(op)
            if not repeat:
                return math.inf
            low, comma, high = repeat.groups()
            if high:
                total += int(high)
            elif comma:
                return math.inf
            else:
                total += int(low or 0)
    return total


class RegexCache:
    """Whether a regular expression finds a match in a string, by the string's id.

    spaCy's REGEX predicate is ``re.search`` on the token's attribute, a function of the
    string alone: each distinct string is tried once per worker, not once per token."""

    LIMIT = 200_000  # strings remembered per expression (a long batch meets millions)

    def __init__(self) -> None:
        self._results: dict[str, dict[int, bool]] = {}
        self._compiled: dict[str, Callable] = {}

    def flags(self, name: str, unique: list[int], strings) -> np.ndarray:
        """For each distinct string id: does the gate's expression find a match?"""
        known = self._results.setdefault(name, {})
        if len(known) > self.LIMIT:
            known.clear()
        search = self._compiled.get(name)
        if search is None:
            search = self._compiled[name] = re.compile(_regex_of(name)[1]).search
        result = np.empty(len(unique), dtype=bool)
        for i, value in enumerate(unique):
            hit = known.get(value)
            if hit is None:
                hit = known[value] = search(strings[value]) is not None
            result[i] = hit
        return result


REGEX_CACHE = RegexCache()


class DocColumns:
    """Token positions per gate for one Doc, computed once and shared by all patterns."""

    def __init__(self, doc: Doc, wanted: dict[str, np.ndarray]) -> None:
        """``wanted``: per attribute, the sorted values some gate accepts (for a regex
        gate: any; its positions are those whose string the expression matches)."""
        self.length = len(doc)
        self._positions: dict[tuple[str, int], list[int]] = {}
        if not wanted or not self.length:
            return
        names = sorted(wanted)
        attrs = sorted({_regex_of(n)[0] if n.startswith(REGEX_PREFIX) else n for n in names})
        array = doc.to_array(attrs)
        if array.ndim == 1:
            array = array.reshape(-1, 1)
        distinct: dict[str, tuple[list[int], np.ndarray]] = {}
        for name in names:
            if name.startswith(REGEX_PREFIX):
                attr = _regex_of(name)[0]
                if attr not in distinct:
                    unique, inverse = np.unique(array[:, attrs.index(attr)], return_inverse=True)
                    distinct[attr] = unique.tolist(), inverse
                unique, inverse = distinct[attr]
                flags = REGEX_CACHE.flags(name, unique, doc.vocab.strings)
                self._positions[(name, 1)] = np.flatnonzero(flags[inverse]).tolist()
                continue
            values = array[:, attrs.index(name)]
            if name in FLAG_ATTRS:  # only true flags are gates
                self._positions[(name, 1)] = np.flatnonzero(values).tolist()
                continue
            accepted = wanted[name]  # sorted: membership by binary search
            found = accepted[np.minimum(np.searchsorted(accepted, values), len(accepted) - 1)]
            hits = np.flatnonzero(found == values)
            for i, value in zip(hits.tolist(), values[hits].tolist(), strict=True):
                self._positions.setdefault((name, value), []).append(i)

    def starts(self, gates: list[Gate]) -> set[int]:
        """Positions where a match could start: every gate holds at its offset."""
        result: set[int] | None = None
        for offset, name, values in sorted(gates, key=lambda g: self._count(g)):
            found = {
                p - offset
                for value in values
                for p in self._positions.get((name, value), ())
                if p >= offset
            }
            result = found if result is None else result & found
            if not result:
                return set()
        return result or set()

    def _count(self, gate: Gate) -> int:
        _, name, values = gate
        return sum(len(self._positions.get((name, v), ())) for v in values)
