"""Read and check sentence-role annotations (training/roles/GUIDE.md).

Two sources: written letters (``letters/*.roles``: the text is in the file) and
annotations of letters kept outside the repository (``external/*.jsonl``: file name and
character offsets into ``../shared``, never the text). Both become ``Letter`` objects:
paragraphs of annotated sentences with character offsets into the letter's text.

``python training/roles/roles_data.py check FILE...`` reports format errors with
file:line and prints counts per role.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.nlp.roles import ROLES  # the one list of roles

LETTER_TYPES = (
    "afwijzing",
    "toekenning",
    "gedeeltelijke-toekenning",
    "informatieverzoek",
    "voornemen",
    "handhaving",
    "boete",
    "terugvordering",
    "beslissing-op-bezwaar",
    "ontvangstbevestiging",
    "overig",
)


@dataclass
class Sentence:
    start: int  # character offsets into Letter.text
    end: int
    roles: frozenset[str]


@dataclass
class Letter:
    id: str
    source: str  # file it was read from
    meta: dict[str, str]
    text: str = ""
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def letter_type(self) -> str:
        return self.meta.get("type", "overig")


class FormatError(ValueError):
    pass


def parse_roles(field_text: str, where: str) -> frozenset[str]:
    roles = frozenset(r.strip() for r in field_text.split(",") if r.strip())
    unknown = sorted(roles - set(ROLES))
    if unknown:
        raise FormatError(f"{where}: unknown role(s) {', '.join(unknown)}")
    if not roles:
        raise FormatError(f"{where}: no role (write 'other')")
    if "other" in roles and len(roles) > 1:
        raise FormatError(f"{where}: 'other' cannot be combined with another role")
    return roles


def parse_header(line: str, where: str) -> dict[str, str]:
    meta = {}
    for part in line[3:].split("|"):
        key, sep, value = part.partition(":")
        if not sep:
            raise FormatError(f"{where}: header part {part.strip()!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    if "id" not in meta:
        raise FormatError(f"{where}: header without id")
    if meta.get("type") not in LETTER_TYPES:
        raise FormatError(f"{where}: letter type {meta.get('type')!r} is not one of the list")
    return meta


def read_roles_file(path: Path) -> list[Letter]:
    """Letters of one ``.roles`` file.

    Paragraphs are joined by a blank line; within one, a sentence follows a full stop,
    question or exclamation mark with a space, anything else (an address line) on a new line.
    """
    letters: list[Letter] = []
    paragraphs: list[list[tuple[str, frozenset[str]]]] = []
    current: list[tuple[str, frozenset[str]]] = []

    def finish() -> None:
        if current:
            paragraphs.append(list(current))
            current.clear()
        if letters and paragraphs:
            _assemble(letters[-1], paragraphs)
        paragraphs.clear()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{number}"
        line = raw.rstrip("\n\r")
        if line.startswith("==="):
            finish()
            meta = parse_header(line, where)
            letters.append(Letter(id=meta["id"], source=str(path), meta=meta))
            continue
        if not line.strip():
            if current:
                paragraphs.append(list(current))
                current.clear()
            continue
        if not letters:
            raise FormatError(f"{where}: sentence before the first '=== id: …' header")
        roles_text, tab, sentence = line.partition("\t")
        if not tab or not sentence.strip():
            raise FormatError(f"{where}: expected 'roles<TAB>sentence'")
        current.append((sentence.strip(), parse_roles(roles_text, where)))
    finish()
    seen = Counter(letter.id for letter in letters)
    doubles = [i for i, n in seen.items() if n > 1]
    if doubles:
        raise FormatError(f"{path}: letter id used twice: {', '.join(doubles)}")
    return letters


def _assemble(letter: Letter, paragraphs: list[list[tuple[str, frozenset[str]]]]) -> None:
    parts: list[str] = []
    offset = 0
    for p_index, paragraph in enumerate(paragraphs):
        if p_index:
            parts.append("\n\n")
            offset += 2
        for s_index, (sentence, roles) in enumerate(paragraph):
            if s_index:
                # sentences run on; address and signature lines stay lines
                parts.append(" " if paragraph[s_index - 1][0][-1] in ".?!" else "\n")
                offset += 1
            letter.sentences.append(Sentence(offset, offset + len(sentence), roles))
            parts.append(sentence)
            offset += len(sentence)
    letter.text = "".join(parts)


def read_external(path: Path, shared: Path) -> list[Letter]:
    """Letters annotated by offsets into files under ``shared`` (one JSON object a line)."""
    letters = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        entry = json.loads(raw)
        source = shared / entry["file"]
        text = source.read_text(encoding="utf-8")
        where = f"{path}:{number}"
        letter = Letter(
            id=entry["id"], source=str(source), meta=dict(entry.get("meta", {})), text=text
        )
        for start, end, roles in entry["sentences"]:
            if not (0 <= start < end <= len(text)):
                raise FormatError(f"{where}: offsets {start}-{end} outside {entry['file']}")
            letter.sentences.append(Sentence(start, end, parse_roles(",".join(roles), where)))
        letters.append(letter)
    return letters


def summary(letters: list[Letter]) -> str:
    counts: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for letter in letters:
        types[letter.letter_type] += 1
        for sentence in letter.sentences:
            counts.update(sentence.roles)
    n_sentences = sum(len(letter.sentences) for letter in letters)
    lines = [f"{len(letters)} letters, {n_sentences} sentences"]
    lines += [f"  {role:18} {counts[role]}" for role in ROLES]
    lines += [f"  type {t:24} {n}" for t, n in sorted(types.items())]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        print("usage: roles_data.py check FILE...", file=sys.stderr)
        return 2
    letters: list[Letter] = []
    failed = False
    for name in argv[1:]:
        try:
            letters += read_roles_file(Path(name))
        except FormatError as error:
            print(error, file=sys.stderr)
            failed = True
    print(summary(letters))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
