"""Check regular expressions before they run, with the reason in Dutch.

Rule files' REGEX run on RE2 (:mod:`tonecheck.common.linear_regex`), in time linear in
the text whatever their shape; :func:`refused` says why one cannot: invalid syntax, or a
construct RE2 lacks (a backreference, lookaround ...). The letter structure files
(``rules/structure/``, tonecheck's own) keep Python's ``re``, which backtracks: a
repeated group that itself repeats (``(a+)+``, ``(\\w*)*``) can take minutes on a
short string, and :func:`dangerous` refuses that shape there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tonecheck.common.linear_regex import Unsupported, compile_re2

if TYPE_CHECKING:  # typeshed describes re._parser under its old name only
    import sre_parse
else:
    try:  # Python 3.11+
        from re import _parser as sre_parse
    except ImportError:  # pragma: no cover
        import sre_parse

REPEATS = {
    sre_parse.MAX_REPEAT,
    sre_parse.MIN_REPEAT,
    getattr(sre_parse, "POSSESSIVE_REPEAT", None),
}
UNBOUNDED = sre_parse.MAXREPEAT
LONG_REPEAT = 10  # a repeat of more than this counts as 'many' for nesting


# Python's messages for the mistakes people make most, in Dutch
RE_ERRORS_NL = {
    "missing ), unterminated subpattern": "een '(' zonder ')'",
    "unbalanced parenthesis": "een ')' zonder '('",
    "unterminated character set": "een '[' zonder ']'",
    "nothing to repeat": "een herhaling (*, + of ?) zonder iets ervoor",
    "multiple repeat": "twee herhalingen achter elkaar",
    "bad escape": "een onbekende escape met \\",
    "bad character range": "een bereik dat niet klopt (zoals [z-a])",
}


def invalid(pattern: str) -> str | None:
    """Why ``pattern`` is no valid regular expression (in Dutch), or None when it is."""
    try:
        re.compile(pattern)
    except re.error as error:
        message = next(
            (nl for en, nl in RE_ERRORS_NL.items() if error.msg.startswith(en)),
            f"Python meldt: {error.msg}",
        )
        where = f" (bij teken {error.pos + 1})" if error.pos is not None else ""
        return f"ongeldige reguliere expressie '{pattern}': {message}{where}"
    return None


def refused(pattern: str) -> str | None:
    """Why ``pattern`` cannot run on the linear-time engine (in Dutch), or None."""
    broken = invalid(pattern)
    if broken:
        return broken
    try:
        compile_re2(pattern)
    except Unsupported as error:
        return f"reguliere expressie '{pattern}' {error.reason}"
    return None


def dangerous(pattern: str) -> str | None:
    """Why ``pattern`` is dangerous, or None when it is safe (or not a valid regex)."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None  # spaCy reports invalid expressions itself
    return _walk(parsed, inside_repeat=False)


def _walk(items, inside_repeat: bool) -> str | None:
    for op, value in items:
        if op in REPEATS:
            _low, high, body = value
            many = high == UNBOUNDED or high > LONG_REPEAT
            if many and inside_repeat and _can_repeat(body):
                return "een herhaald deel in een ander herhaald deel (kan exponentieel lang duren)"
            found = _walk(body, inside_repeat or many)
            if found:
                return found
        elif op == sre_parse.SUBPATTERN:
            found = _walk(value[-1], inside_repeat)
            if found:
                return found
        elif op == sre_parse.BRANCH:
            for branch in value[1]:
                found = _walk(branch, inside_repeat)
                if found:
                    return found
    return None


def _can_repeat(body) -> bool:
    """The repeated body matches something non-empty (so nesting multiplies paths)."""
    return any(op not in (sre_parse.AT,) for op, _ in body)
