"""spaCy's complaints about a token or dependency pattern, in Dutch.

spaCy validates token patterns with a schema and reports each problem as
``- [pattern -> 0 -> LOWER -> TokenPatternString -> REGEXX] Extra inputs are not
permitted``; dependency patterns get coded errors (``[E101] ...``). The common ones are
said in Dutch, naming the word of the pattern and the key; anything else is passed on
as "spaCy meldt: ...".
"""

from __future__ import annotations

import re

# one problem: "- [pattern -> WORD -> KEY -> schema type] message"; a schema type may hold
# brackets of its own ("str-enum[TokenPatternOperatorSimple]")
ITEM = re.compile(r"- \[pattern -> (\d+)((?: -> [^\s\[\]]+(?:\[[^\]]*\])?)*)\] (.*?)(?= - \[|$)")
# the names of spaCy's schema types in a key path, not keys of the pattern
SCHEMA_TYPE = re.compile(r"^(TokenPattern\w*|str|int|float|bool|constrained-str|str-enum\[.*\])$")

# the start of a schema message -> the Dutch, with {key} for the key it concerns
SCHEMA_MESSAGES = (
    ("Extra inputs are not permitted", "onbekende sleutel '{key}'"),
    ("Input should be a valid dictionary or instance of TokenPatternString",
     "'{key}' moet een tekst zijn, of een blok zoals {{IN: [...]}} of {{REGEX: ...}}"),
    ("Input should be a valid string", "'{key}' moet een tekst zijn"),
    ("Input should be a valid dictionary or instance of TokenPatternNumber",
     "'{key}' moet een getal zijn, of een blok zoals {{\">=\": 3}}"),
    ("Input should be a valid integer", "'{key}' moet een geheel getal zijn"),
    ("Input should be a valid boolean", "'{key}' moet true of false zijn"),
    ("Input should be a valid list", "'{key}' moet een lijst zijn"),
    ("Input should be a valid dictionary or instance of TokenPattern",
     "elk woord van een patroon is een blok tussen {{ en }}, zoals {{LOWER: u}}"),
    ("Input should be '", "'{key}' moet een van deze zijn: {choices}"),
)  # fmt: skip

CODED = {
    "E099": "het eerste knooppunt van een dependency-patroon heeft alleen RIGHT_ID en RIGHT_ATTRS",
    "E100": "elk knooppunt na het eerste heeft LEFT_ID, REL_OP, RIGHT_ID en RIGHT_ATTRS",
    "E101": "elke RIGHT_ID moet nieuw zijn, en elke LEFT_ID moet in een eerder knooppunt "
    "genoemd zijn",
    "E1007": "onbekende REL_OP {operator}",
}
CODE = re.compile(r"^\[(E\d+)\]")


def pattern_problem(spacy_message: str) -> str:
    """What is wrong with a pattern, in Dutch, from spaCy's message."""
    code = CODE.match(spacy_message)
    if code and code.group(1) in CODED:
        operator = re.search(r"operator ('[^']*')", spacy_message)
        return CODED[code.group(1)].format(operator=operator.group(1) if operator else "")
    item = ITEM.search(spacy_message)
    if item is None:
        return f"spaCy meldt: {spacy_message}"
    word, path, message = int(item.group(1)), item.group(2), item.group(3).strip()
    keys = [k for k in path.split(" -> ") if k and not SCHEMA_TYPE.match(k)]
    for english, dutch in SCHEMA_MESSAGES:
        if message.startswith(english):
            choices = message.removeprefix("Input should be ").replace(" or ", " of ")
            said = dutch.format(key=keys[-1] if keys else "?", choices=choices)
            return f"woord {word + 1} van het patroon: {said}"
    return f"woord {word + 1} van het patroon: spaCy meldt: {message}"
