"""Fill in the {placeholders} of a message or suggestion template.

Two kinds of fields: ``{name}`` takes a value (a fact read from the letter, the matched
words, ...), and ``{u-form|je-form}`` chooses by the letter's form of address: the text
before the bar for a letter that says "u", after it for one that says "je". The field
syntax is Python's (``{{`` and ``}}`` are the braces themselves), so a broken template
raises the same ValueError as :meth:`str.format`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache

FORMS = ("u", "je")  # the order of the two sides of a {u-form|je-form} choice
CHOICE = "|"


Fields = tuple[tuple[str, str | None], ...]


# a rule's two templates are filled in for each of its findings (and again in each
# rewrite check): parsed once, 8,400 fills take 3.3 ms instead of 8.5
@lru_cache(maxsize=4096)
def _fields(template: str) -> Fields:
    """(literal text, field or None) in order; raises ValueError on broken braces or a
    choice that has not exactly two sides."""
    fields: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            fields.append((literal, None))
            continue
        field = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        if CHOICE in field and field.count(CHOICE) != 1:
            raise ValueError(f"een keuze '{{{field}}}' heeft precies twee kanten nodig: u|je")
        fields.append((literal, field))
    return tuple(fields)


def field_names(template: str) -> set[str]:
    """The ``{name}`` fields of a template (choices left out); raises ValueError."""
    return {f for _, f in _fields(template) if f is not None and CHOICE not in f}


def fill(template: str, values: Mapping[str, str], form: str = "u") -> str:
    """The template with every field filled in; a name without a value becomes ''."""
    side = FORMS.index(form) if form in FORMS else 0
    parts: list[str] = []
    for literal, field in _fields(template):
        parts.append(literal)
        if field is None:
            continue
        if CHOICE in field:
            parts.append(field.split(CHOICE)[side])
        else:
            parts.append(str(values.get(field, "")))
    return "".join(parts)
