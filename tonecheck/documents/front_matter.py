"""Metadata at the top of a text letter, which is no part of the letter itself.

Two shapes are recognised, only at the very start of the file:

- YAML front matter (Jekyll, Hugo, Pandoc): a line ``---``, then ``key: value`` lines (with
  list items, indented continuations, comments or blank lines), closed by ``---`` or
  ``...``;
- a metadata header as document pipelines and letter collections write it: one or more
  ``key: value`` lines whose keys are lower-case identifiers (``source:``, ``kind:``),
  closed by a line ``---``.

Both must close within :data:`MAX_LINES` lines, so a letter is never searched further.
Lines such as ``Onderwerp: uw aanvraag`` or ``Datum: 3 maart`` are letter text: their
keys are capitalised, and a letter's own lines are not followed by ``---``.
"""

from __future__ import annotations

import re

MAX_LINES = 60
YAML_LINE = re.compile(r"^(?:[\w.-]+\s*:(?:\s.*)?|\s+\S.*|-\s.*|#.*|)$")
HEADER_LINE = re.compile(r"^[a-z][a-z0-9_-]*:(?:\s.*)?$")
CLOSE = {"---", "..."}


def front_matter_lines(lines: list[str]) -> int:
    """How many of the first ``lines`` are metadata (0: none), closing line included."""
    head = [line.rstrip() for line in lines[:MAX_LINES]]
    if head and head[0] == "---":
        for number, line in enumerate(head[1:], start=1):
            if line in CLOSE:
                return number + 1 if number > 1 else 0
            if not YAML_LINE.match(line):
                return 0
        return 0
    for number, line in enumerate(head):
        if line == "---":
            return number + 1 if number > 0 else 0
        if not HEADER_LINE.match(line):
            return 0
    return 0
