"""Rule regular expressions on RE2, a linear-time engine: no expression can hang a check.

Rule files write Python's syntax; Python's ``re`` backtracks, so a shape like
``^(a|aa)+b$`` took 21 s on 40 letters "a", and no guard can tell every such shape.
RE2 never backtracks: time is linear in the text, whatever the expression. Each
expression is parsed by Python's own parser and written out again in RE2's syntax with
Python's meaning: ``\\w``, ``\\d`` and ``\\s`` as Python's Unicode classes, ``$`` also
before a final newline, ``.`` not on a newline. What RE2 cannot run (backreferences,
lookaround, conditional and atomic groups, possessive repeats, Unicode word boundaries,
more than 1000 repeats) raises :class:`Unsupported` with a Dutch reason.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import re2  # type: ignore[import-untyped]

if TYPE_CHECKING:  # typeshed describes re._parser under its old name only
    import sre_parse
else:
    from re import _parser as sre_parse

MAX_REPEAT_COUNT = 1000  # RE2's largest {n,m}
LAST = 0x10FFFF
SURROGATES = (0xD800, 0xDFFF)  # not in UTF-8 text; RE2 cannot name them
Ranges = list[tuple[int, int]]


class Unsupported(ValueError):
    """An expression RE2 cannot run. ``reason`` in Dutch follows "reguliere expressie
    'X' ..."; ``where`` is a 1-based character position in the expression (0: unknown)."""

    def __init__(self, reason: str, where: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where


ENGINE = "de veilige regex-machine (RE2, lineaire tijd)"
# construct -> (Dutch name, where it starts in the expression's source, a hint)
CONSTRUCTS = {
    "backreference": ("een terugverwijzing (\\1 of (?P=naam))", r"\\[1-9]|\(\?P=", ""),
    "lookahead": (
        "vooruitkijken ((?=...) of (?!...))",
        r"\(\?[=!]",
        "; een extra token in het patroon of REGEX: {NOT_IN: [...]} doet vaak hetzelfde",
    ),
    "lookbehind": (
        "terugkijken ((?<=...) of (?<!...))",
        r"\(\?<[=!]",
        "; een extra token in het patroon of REGEX: {NOT_IN: [...]} doet vaak hetzelfde",
    ),
    "conditional": ("een voorwaardelijke groep ((?(1)...|...))", r"\(\?\(", ""),
    "atomic": ("een atomaire groep ((?>...))", r"\(\?>", ""),
    "possessive": ("een bezittelijke herhaling (*+, ++ of ?+)", r"[*+?}]\+", ""),
    "boundary": (
        "een woordgrens (\\b of \\B)",
        r"\\[bB]",
        "; een token is één woord, dus ^ en $ volstaan (of (?a) voor alleen ASCII-letters)",
    ),
    "repeat": (
        f"meer dan {MAX_REPEAT_COUNT} herhalingen (ook samen, in geneste herhalingen)",
        r"\{(?:\d{4,}|\d*,\d{4,})",
        "",
    ),
}


def _unsupported(construct: str, pattern: str) -> Unsupported:
    name, source, hint = CONSTRUCTS[construct]
    where = _locate(pattern, re.compile(source))
    at = f" bij teken {where}" if where else ""
    return Unsupported(f"bevat {name}{at}, en dat kent {ENGINE} niet{hint}", where)


def _locate(pattern: str, needle: re.Pattern[str]) -> int:
    """1-based position of ``needle`` in the expression outside character classes."""
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if not in_class and needle.match(pattern, i):
            return i + 1
        if char == "\\":
            i += 1
        elif char == "[" and not in_class:
            in_class = True
            if pattern.startswith("^]", i + 1):  # a ']' first in a class is a member
                i += 2
            elif pattern.startswith("]", i + 1):
                i += 1
        elif char == "]":
            in_class = False
        i += 1
    return 0


def to_re2(pattern: str) -> str:
    """``pattern`` (Python syntax) in RE2's syntax with the same meaning; raises
    :class:`Unsupported` for what RE2 cannot do and ``re.error`` for invalid syntax."""
    parsed = sre_parse.parse(pattern)
    flags = parsed.state.flags
    body = _Writer(pattern).sequence(parsed, flags)
    return f"(?i){body}" if flags & re.IGNORECASE else body


class _Writer:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def sequence(self, items, flags: int) -> str:
        return "".join(self.item(op, value, flags) for op, value in items)

    def item(self, op, value, flags: int) -> str:
        if op is sre_parse.LITERAL:
            return _char(value)
        if op is sre_parse.NOT_LITERAL:
            return f"[^{_char(value)}]"
        if op is sre_parse.ANY:
            return "(?s:.)" if flags & re.DOTALL else "[^\\n]"
        if op is sre_parse.IN:
            return _class(value, flags)
        if op is sre_parse.CATEGORY:
            return _class([(op, value)], flags)
        if op is sre_parse.BRANCH:
            return "(?:" + "|".join(self.sequence(b, flags) for b in value[1]) + ")"
        if op is sre_parse.SUBPATTERN:
            _group, add, remove, body = value
            inner = (flags | add) & ~remove
            text = self.sequence(body, inner)
            if (inner ^ flags) & re.IGNORECASE:
                return f"(?{'' if inner & re.IGNORECASE else '-'}i:{text})"
            return f"(?:{text})"
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            return self.repeat(op, value, flags)
        if op is sre_parse.AT:
            return self.at(value, flags)
        construct = {
            sre_parse.GROUPREF: "backreference",
            sre_parse.GROUPREF_EXISTS: "conditional",
            sre_parse.ATOMIC_GROUP: "atomic",
            sre_parse.POSSESSIVE_REPEAT: "possessive",
        }.get(op)
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            construct = "lookahead" if value[0] == 1 else "lookbehind"
        if construct is None:
            raise Unsupported(f"bevat iets dat {ENGINE} niet kent ({op})")
        raise _unsupported(construct, self.pattern)

    def repeat(self, op, value, flags: int) -> str:
        low, high, body = value
        unbounded = high == sre_parse.MAXREPEAT
        if low > MAX_REPEAT_COUNT or (not unbounded and high > MAX_REPEAT_COUNT):
            raise _unsupported("repeat", self.pattern)
        if unbounded:
            count = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
        elif (low, high) == (0, 1):
            count = "?"
        else:
            count = f"{{{low}}}" if low == high else f"{{{low},{high}}}"
        lazy = "?" if op is sre_parse.MIN_REPEAT else ""
        return f"(?:{self.sequence(body, flags)}){count}{lazy}"

    def at(self, code, flags: int) -> str:
        multiline = flags & re.MULTILINE
        if code is sre_parse.AT_BEGINNING:
            return "(?m:^)" if multiline else "\\A"
        if code is sre_parse.AT_BEGINNING_STRING:
            return "\\A"
        if code is sre_parse.AT_END:
            # Python's $ also matches before a final newline
            return "(?m:$)" if multiline else "(?:\\n?\\z)"
        if code is sre_parse.AT_END_STRING:
            return "\\z"
        if flags & re.ASCII:  # RE2's word boundaries are ASCII ones
            return "\\b" if code is sre_parse.AT_BOUNDARY else "\\B"
        raise _unsupported("boundary", self.pattern)


def _char(code: int) -> str:
    char = chr(code)
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:x}}}"


def _class(items, flags: int) -> str:
    """A character class: its members' ranges, negated by RE2 itself (so that case
    folding works as in Python: ``(?i)[^a]`` matches neither 'a' nor 'A')."""
    negate = False
    ranges: Ranges = []
    for op, value in items:
        if op is sre_parse.NEGATE:
            negate = True
        elif op is sre_parse.LITERAL:
            ranges.append((value, value))
        elif op is sre_parse.RANGE:
            ranges.append(value)
        elif op is sre_parse.CATEGORY:
            ranges += _category(value.name, bool(flags & re.ASCII))
    members = "".join(
        _char(low) if low == high else f"{_char(low)}-{_char(high)}"
        for low, high in _merged(_without_surrogates(ranges))
    )
    if not members:  # matches nothing (or, negated, any character)
        return "(?s:.)" if negate else "[^\\x{0}-\\x{10ffff}]"
    return f"[{'^' if negate else ''}{members}]"


@cache
def _category(name: str, ascii_only: bool) -> Ranges:
    """The characters of ``\\d``, ``\\w``, ``\\s`` or their negations as Python's ``re``
    reads them, as ranges (found once by running ``re`` over every character)."""
    positive = name.replace("CATEGORY_NOT_", "CATEGORY_")
    escape = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}
    found = _matching(escape[positive], ascii_only)
    return _complement(found) if positive != name else found


@cache
def _every_character() -> str:
    """Every character but the surrogates, in order (built in C: 0.1 s, not 0.4 s)."""
    low, high = SURROGATES
    codes = array("I", range(low))
    codes.extend(range(high + 1, LAST + 1))
    return codes.tobytes().decode(f"utf-32-{sys.byteorder[0]}e")


def _matching(escape: str, ascii_only: bool) -> Ranges:
    low, high = SURROGATES
    every = _every_character()
    regex = re.compile(escape + "+", re.ASCII if ascii_only else 0)
    ranges = []
    for match in regex.finditer(every):
        start, end = match.span()
        first, last = ord(every[start]), ord(every[end - 1])
        if last - first == end - 1 - start:  # no jump over the surrogates
            ranges.append((first, last))
        else:
            ranges += [(first, low - 1), (high + 1, last)]
    return ranges


def _merged(ranges: Ranges) -> Ranges:
    merged: Ranges = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _complement(ranges: Ranges) -> Ranges:
    result: Ranges = []
    start = 0
    for low, high in _merged(ranges):
        if low > start:
            result.append((start, low - 1))
        start = high + 1
    if start <= LAST:
        result.append((start, LAST))
    return _without_surrogates(result)


def _without_surrogates(ranges: Ranges) -> Ranges:
    low, high = SURROGATES
    kept: Ranges = []
    for first, last in ranges:
        if last < low or first > high:
            kept.append((first, last))
            continue
        if first < low:
            kept.append((first, low - 1))
        if last > high:
            kept.append((high + 1, last))
    return kept


OPTIONS = re2.Options()
OPTIONS.log_errors = False  # a refused expression is reported in Dutch, not on stderr
OPTIONS.never_capture = True  # only whether it matches counts


def compile_re2(pattern: str):
    """The RE2 program for a Python expression; raises Unsupported (also when RE2 finds
    it too large) or ``re.error``."""
    try:
        return re2.compile(to_re2(pattern), OPTIONS)
    except re2.error as error:
        detail = str(error)
        if "repetition" in detail:
            raise _unsupported("repeat", pattern) from None
        raise Unsupported(f"is te groot voor {ENGINE}") from None


@cache
def searcher(pattern: str) -> Callable[[str], bool]:
    """Whether a text contains a match of ``pattern`` (Python syntax), in linear time."""
    search = compile_re2(pattern).search

    def found(text: str) -> bool:
        try:
            return search(text) is not None
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for it
            return search(text.encode("utf-8", "replace").decode("utf-8")) is not None

    return found
