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

import bisect
import math
import re
from collections.abc import Callable, Iterable

from spacy.attrs import IDS
from spacy.tokens import Doc

from tonecheck.common.linear_regex import searcher

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


def needed_gates(pattern: list[dict], strings) -> list[Gate]:
    """Gates of the tokens every match holds somewhere (those without an operator, or
    with ``+``): a Doc without a token passing each of them has no match."""
    gates: list[Gate] = []
    for spec in pattern:
        if str(spec.get("OP", "1")) in ("1", "+"):
            gates += token_gates(spec, 0, strings)
    return gates


Reach = tuple[int, float, list[Gate]]  # fewest and most tokens after the start, gates


def _op_range(op: str) -> tuple[int, float] | None:
    """How many tokens a spec with this operator consumes (None: unknown, e.g. '!')."""
    if op == "1":
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, math.inf
    if op == "+":
        return 1, math.inf
    repeat = _REPEAT.match(op)
    if not repeat:
        return None
    low, comma, high = repeat.groups()
    if not comma:
        return int(low or 0), int(low or 0)
    return int(low or 0), int(high) if high else math.inf


def reach_gates(pattern: list[dict], strings) -> list[Reach]:
    """Gates of fixed tokens after the first operator: a match starting at s needs a
    token passing them between s + fewest and s + most ("u … vragen": a form of
    'vragen' at most seven tokens after the 'u')."""
    reach: list[Reach] = []
    low, high = 0, 0.0
    started = False  # past the leading fixed tokens (those are ordinary gates)
    for spec in pattern:
        op = str(spec.get("OP", "1"))
        consumed = _op_range(op)
        if consumed is None:
            break
        if op != "1":
            started = True
        elif started:
            gates = token_gates(spec, 0, strings)
            if gates:
                reach.append((low, high, gates))
        low, high = low + consumed[0], high + consumed[1]
    return reach


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


TOKEN_ATTRS = ("NORM", "LEMMA")  # set per token by the pipeline


class GateIndex:
    """Every distinct gate of a set of patterns, and which gates each string passes.

    Whether a token passes a gate depends on one of its strings only: its spelling
    (ORTH; LOWER, the flags and regular expressions on them follow from it), its NORM or
    its LEMMA. Value gates are looked up by value, so a new string costs a few
    dictionary lookups, a flag test per flag gate and a search per regex gate; each
    string's gates are remembered (up to a limit), and a Doc's gate positions come from
    one pass over its tokens' string ids."""

    LIMIT = 50_000  # strings remembered per column (a long batch meets millions)

    def __init__(self) -> None:
        self.ids: dict[tuple[str, frozenset], int] = {}
        # attribute -> value id -> gates accepting it (ORTH, LOWER, NORM, LEMMA)
        self._by_value: dict[str, dict[int, list[int]]] = {}
        self._flags: list[tuple[int, int]] = []  # (gate, flag attribute id)
        self._regexes: dict[str, list[tuple[int, Callable]]] = {}  # attribute -> gates
        self._passed: dict[str, dict[int, tuple[int, ...]]] = {"ORTH": {}, "NORM": {}, "LEMMA": {}}
        self.by_strings: dict[tuple[int, ...], tuple[int, ...]] = {}  # all columns' ids

    def add(self, gates: Iterable[Gate]) -> None:
        for _, name, values in gates:
            key = (name, values)
            if key in self.ids:
                continue
            gate_id = self.ids[key] = len(self.ids)
            if name.startswith(REGEX_PREFIX):
                attr, pattern = _regex_of(name)
                # on RE2: linear time, whatever the rule file holds
                self._regexes.setdefault(attr, []).append((gate_id, searcher(pattern)))
            elif name in FLAG_ATTRS:
                self._flags.append((gate_id, IDS[name]))
            else:
                for value in values:
                    self._by_value.setdefault(name, {}).setdefault(value, []).append(gate_id)
            for known in self._passed.values():
                known.clear()
            self.by_strings.clear()

    def columns(self) -> list[str]:
        """The string columns some gate reads."""
        used = set(self._by_value) | set(self._regexes)
        spelling = bool(self._flags or used & {"ORTH", "LOWER"})
        return (["ORTH"] if spelling else []) + [c for c in TOKEN_ATTRS if c in used]

    def passed(self, column: str, value: int, vocab) -> tuple[int, ...]:
        """The gates a token passes whose ``column`` string has id ``value``."""
        known = self._passed[column]
        found = known.get(value)
        if found is not None:
            return found
        if len(known) > self.LIMIT:
            known.clear()
        by_value, regexes = self._by_value, self._regexes
        gates = list(by_value.get(column, {}).get(value, ()))
        if column == "ORTH":  # what follows from the spelling: LOWER, flags, regexes
            lexeme = vocab[value]
            gates += by_value.get("LOWER", {}).get(lexeme.lower, ())
            gates += [gate for gate, flag in self._flags if lexeme.check_flag(flag)]
            texts = {"ORTH": lexeme.orth_, "LOWER": lexeme.lower_}
            for attr, text in texts.items():
                gates += [gate for gate, search in regexes.get(attr, ()) if search(text)]
        elif column in regexes:
            text = vocab.strings[value]
            gates += [gate for gate, search in regexes[column] if search(text)]
        found = known[value] = tuple(gates)
        return found


class DocColumns:
    """Token positions per gate for one Doc, computed once and shared by all patterns."""

    def __init__(self, doc: Doc, index: GateIndex) -> None:
        self.length = len(doc)
        self._index = index
        self._positions: dict[int, list[int]] = {}
        columns = index.columns()
        if not columns or not self.length:
            return
        array = doc.to_array([*columns])  # spaCy's stub asks for a list[int | str]
        rows = [array.tolist()] if array.ndim == 1 else array.T.tolist()
        vocab = doc.vocab
        positions = self._positions
        # one lookup per token: the gates its (spelling, norm, lemma) ids pass
        known = index.by_strings
        if len(known) > index.LIMIT:
            known.clear()
        for i, key in enumerate(zip(*rows, strict=True)):
            gates = known.get(key)
            if gates is None:
                gates = known[key] = tuple(
                    gate_id
                    for column, value in zip(columns, key, strict=True)
                    for gate_id in index.passed(column, value, vocab)
                )
            for gate_id in gates:
                found = positions.get(gate_id)
                if found is None:
                    positions[gate_id] = [i]
                else:
                    found.append(i)

    def within_reach(self, starts: set[int], reach: list[Reach]) -> set[int]:
        """The starts with a token passing each reach gate at a distance it allows."""
        for low, high, gates in reach:
            positions = sorted(self.starts(gates))
            if not positions:
                return set()
            kept = set()
            for start in starts:
                first = bisect.bisect_left(positions, start + low)
                if first < len(positions) and positions[first] <= start + high:
                    kept.add(start)
            starts = kept
            if not starts:
                break
        return starts

    def passed(self, gate: Gate) -> bool:
        """Whether any token passes ``gate`` (wherever it stands)."""
        _, name, values = gate
        return bool(self._positions.get(self._index.ids[(name, values)]))

    def starts(self, gates: list[Gate]) -> set[int]:
        """Positions where a match could start: every gate holds at its offset."""
        ids = self._index.ids
        found = [
            (self._positions.get(ids[(name, values)], []), offset) for offset, name, values in gates
        ]
        if any(not f for f, _ in found):
            return set()
        found.sort(key=lambda f: len(f[0]))
        first, offset = found[0]
        result = {p - offset for p in first if p >= offset}
        for positions, offset in found[1:]:
            result &= {p - offset for p in positions if p >= offset}
            if not result:
                break
        return result
