"""Letters built for measuring, shared by the benchmarks and the tests
(``from benchmarks.letters import long_letter`` in a test, ``from letters import
long_letter`` in a benchmark script, whose own folder is on the path)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def long_letter(chars: int) -> str:
    """A letter of about ``chars`` characters: the evaluation and sample letters'
    paragraphs, repeated with their numbers changed (each round new ones), between a
    salutation and a closing."""
    sources = sorted((ROOT / "eval" / "corpus").iterdir()) + sorted(
        (ROOT / "samples" / "src").glob("*.md")
    )
    paragraphs = [
        p.strip().lstrip("#").strip()
        for source in sources
        for p in source.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 60 and not p.lstrip().startswith("|")
    ]
    parts, size = ["Geachte heer De Groot,"], 0
    while size < chars:
        shift, index = divmod(len(parts) - 1, len(paragraphs))
        text = re.sub(r"\d+", lambda m, k=shift: str(int(m.group()) + k), paragraphs[index])
        parts.append(text)
        size += len(text) + 2
    return "\n\n".join([*parts, "Met vriendelijke groet,", "J. Hoekstra\nteamleider Inkomen"])


LETTER_START = "Geachte heer De Vries,\n\nWij hebben uw aanvraag ontvangen.\n\n"


def emoji_letter(count: int) -> str:
    """A short letter with a line of ``count`` emoji (one space-free stretch: one token
    each, and no place where a sentence or a word would end)."""
    return LETTER_START + "\U0001f600" * count + "\n"
