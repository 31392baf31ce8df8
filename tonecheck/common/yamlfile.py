"""Load YAML data files safely, keep line numbers, and validate them with JSON Schema.

Errors are reported as ``path:line:column: message``, all of a file's errors at once.
Rule files never execute code (ruamel's round-trip loader builds plain maps and lists)
and may not use anchors/aliases (the "billion laughs" YAML bomb needs them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from tonecheck.common.schema_messages import describe
from tonecheck.errors import TonecheckError

MAX_YAML_BYTES = 5 * 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One problem in a data file, with its place."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DataFileError(TonecheckError):
    """A rule or structure file is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self):
        return (type(self), (self.problems,))


def _yaml(typ: str = "rt") -> YAML:
    # the fast "safe" loader uses ruamel.yaml.clib (libyaml) when installed
    yaml = YAML(typ=typ, pure=typ == "rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _shares_nodes(data: Any) -> bool:
    """True when a map or list occurs twice: the mark of a YAML alias."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:
                return True
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    return False


def load_yaml_fast(path: Path) -> Any:
    """Parse a YAML file quickly into plain maps and lists, without positions.

    Falls back to :func:`load_yaml` (which reports the place) for anything unusual:
    invalid YAML, aliases, unreadable files. The round-trip parser that keeps
    positions costs ten times as much, so it runs only when a problem must be located.
    """
    try:
        text = path.read_text(encoding="utf-8")
        if len(text) > MAX_YAML_BYTES:
            return load_yaml(path)
        data = _yaml("safe").load(text)
    except (OSError, UnicodeDecodeError, YAMLError):
        return load_yaml(path)
    if _shares_nodes(data):
        return load_yaml(path)
    return data


def load_checked(path: Path, build: Callable[[Any], T], data: Any = None) -> T:
    """``build`` the file's data loaded fast (or ``data``, when the caller has loaded it
    so already); when ``build`` finds problems (DataFileError), load again with positions
    and build once more, so the problems point at their place."""
    if data is None:
        data = load_yaml_fast(path)
    try:
        return build(data)
    except DataFileError:
        if isinstance(data, CommentedBase):
            raise
    return build(load_yaml(path))


# ruamel's messages in plain Dutch; where something was left open (a quote, a list, a
# key without its colon), the place it was opened is where the writer must look
YAML_ERRORS_NL = (
    ("could not find expected ':'", "hier ontbreekt een ':' achter de sleutel", True),
    ("found unexpected end of stream", "een aanhalingsteken wordt niet gesloten", True),
    ("found character '\\t'", "een tab: spring in met spaties", False),
    ("expected ',' or ']'", "een lijst met '[' wordt niet gesloten met ']'", True),
    ("expected ',' or '}'", "een blok met '{' wordt niet gesloten met '}'", True),
    ("mapping values are not allowed here",
     "een ':' op een plek waar dat niet kan; zet de tekst tussen aanhalingstekens", False),
    ("found duplicate key", "deze sleutel staat twee keer in hetzelfde blok", False),
    ("found undefined alias", "een verwijzing (*naam) naar iets dat niet bestaat", False),
)  # fmt: skip


def _yaml_problem(name: str, exc: MarkedYAMLError) -> Problem:
    """A YAML syntax error in plain Dutch, at the place the writer must look."""
    problem = str(exc.problem or exc.context or "")
    plain, at_opening = next(
        ((nl, opening) for en, nl, opening in YAML_ERRORS_NL if problem.startswith(en)),
        (None, False),
    )
    mark = (exc.context_mark if at_opening else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(name, line, column, f"ongeldige YAML: {plain or problem}")


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into maps/lists that remember their line and column."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = f"kan het bestand niet lezen: {exc.strerror}"
        raise DataFileError([Problem(name, 1, 1, message)]) from None
    if len(raw) > MAX_YAML_BYTES:
        raise DataFileError([Problem(name, 1, 1, "het bestand is te groot voor een regelbestand")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"het bestand is geen UTF-8-tekst ({exc.reason})"
        raise DataFileError([Problem(name, 1, 1, message)]) from None
    yaml = _yaml()
    try:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent):
                mark = event.start_mark
                message = "verwijzingen (*naam) zijn in deze YAML-bestanden niet toegestaan"
                line, column = mark.line + 1, mark.column + 1
                raise DataFileError([Problem(name, line, column, message)])
        return yaml.load(text)
    except MarkedYAMLError as exc:
        raise DataFileError([_yaml_problem(name, exc)]) from None
    except YAMLError as exc:
        raise DataFileError([Problem(name, 1, 1, f"ongeldige YAML: {exc}")]) from None


def position(data: Any, path: list[Any]) -> tuple[int, int]:
    """1-based line and column of the node at ``path`` (key path) in loaded YAML."""
    node = data
    line, column = 1, 1
    for key in path:
        in_map = isinstance(node, CommentedMap) and key in node
        in_seq = isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node)
        if not (in_map or in_seq):
            break
        try:
            line0, col0 = node.lc.key(key) if in_map else node.lc.item(key)
            line, column = line0 + 1, col0 + 1
        except (KeyError, TypeError):
            pass
        node = node[key]
    return line, column


def validate(data: Any, schema: dict, path: Path) -> list[Problem]:
    """Every JSON Schema violation in ``data``, located in the file, in file order."""
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in validator.iter_errors(plain(data)):
        key_path, message = describe(error)
        line, column = position(data, key_path)
        problems.append(Problem(str(path), line, column, message))
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


def plain(data: Any) -> Any:
    """ruamel containers as plain dicts/lists (jsonschema checks types strictly)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data
