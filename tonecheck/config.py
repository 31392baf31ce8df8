"""Configuration: ``tonecheck.toml`` or ``[tool.tonecheck]`` in ``pyproject.toml``.

Found from the checked file's folder upwards (or given with ``--config``). Keys:

``model``       "bundled", an installed spaCy package name, or a path
``rules``       extra rule files or folders (relative to the config file)
``disable``     rule ids or categories to switch off
``levels``      per-rule level overrides: ``{ "taal.ambtelijk" = "warning" }``
``min_level``   lowest level to report (suggestion, warning, error)
``fail_level``  lowest level that makes the exit code 1
``terms``       extra terms for ``terms`` rules: ``[terms."taal.ambtelijk"] conform = "volgens"``
``default_rules`` false to leave out tonecheck's own rule set
``roles``       thresholds of the sentence roles: ``[roles] empathy = 0.4`` (default 0.5)
``rewrites``    "checked" (default: each rewrite is checked again in its letter),
                "unchecked" (faster, no second check) or "off" (advice only)
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tonecheck.common.findings import ACCEPTED_LEVEL_NAMES
from tonecheck.common.yamlfile import DataFileError, Problem
from tonecheck.nlp.roles import ROLES

CONFIG_NAME = "tonecheck.toml"
KNOWN_KEYS = (
    "model", "rules", "disable", "levels", "min_level", "fail_level", "terms", "default_rules",
    "roles", "rewrites",
)  # fmt: skip
REWRITE_MODES = ("checked", "unchecked", "off")


class ConfigError(DataFileError):
    """A configuration file is broken or has unknown keys: every problem at once."""


@dataclass(frozen=True)
class Config:
    model: str = "bundled"
    rules: tuple[Path, ...] = ()
    disable: frozenset[str] = frozenset()
    levels: dict[str, str] = field(default_factory=dict)
    min_level: str = "suggestion"
    fail_level: str = "error"
    terms: dict[str, dict[str, str]] = field(default_factory=dict)
    default_rules: bool = True
    roles: dict[str, float] = field(default_factory=dict)  # role -> threshold
    rewrites: str = "checked"  # one of REWRITE_MODES
    path: Path | None = None


def find_config(start: Path) -> Path | None:
    """The nearest tonecheck.toml, or pyproject.toml with a [tool.tonecheck] table."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and b"[tool.tonecheck" in pyproject.read_bytes():
            return pyproject
    return None


def line_of(text: str, key: str) -> int:
    """The line of the configuration text where ``key`` is set (1 when not found)."""
    pattern = re.compile(
        rf"^\s*(\[[^\]]*\b{re.escape(key)}\b|{re.escape(key)}\s*=|\"{re.escape(key)}\")"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 1


class _Problems:
    """The problems of one configuration file, each at the line of its key."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self.found: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        self.found.append(Problem(str(self.path), line_of(self.text, key), 1, message))


TOML_ERRORS_NL = {
    "Expected '=' after a key": "na een sleutel hoort een '=' met een waarde",
    "Unclosed array": "een lijst met '[' wordt niet gesloten met ']'",
    "Unterminated string": "een aanhalingsteken wordt niet gesloten",
    "Invalid value": "de waarde klopt niet (tekst hoort tussen aanhalingstekens)",
    "Cannot declare": "deze tabel of sleutel staat er twee keer in",
    "Cannot overwrite a value": "deze sleutel staat er twee keer in",
}
TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _toml_problem(path: Path, error: tomllib.TOMLDecodeError) -> ConfigError:
    """A TOML syntax error in plain Dutch at its line and column."""
    text = str(error)
    if text.endswith("(at end of document)"):
        line = path.read_text(encoding="utf-8", errors="replace").count("\n") + 1
        message = "het bestand houdt op midden in een waarde ('[' of '\"' niet gesloten)"
        return ConfigError([Problem(str(path), line, 1, f"ongeldige TOML: {message}")])
    found = TOML_POSITION.search(text)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    english = TOML_POSITION.sub("", text)
    plain = next((nl for en, nl in TOML_ERRORS_NL.items() if english.startswith(en)), None)
    message = f"ongeldige TOML: {plain or english}"
    return ConfigError([Problem(str(path), line, column, message)])


def load_config(path: Path | None) -> Config:
    """Read and check a config file; ``None`` gives the defaults. Raises ConfigError with
    every problem of the file."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        message = f"kan de configuratie niet lezen: {exc}"
        raise ConfigError([Problem(str(path), 1, 1, message)]) from None
    except tomllib.TOMLDecodeError as exc:
        raise _toml_problem(path, exc) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tonecheck", {})
    problems = _Problems(path, text)
    for key in data:
        if key not in KNOWN_KEYS:
            hint = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            extra = f" (bedoelt u '{hint[0]}'?)" if hint else ""
            problems.add(key, f"onbekende instelling '{key}'{extra}")
    config = _typed({k: v for k, v in data.items() if k in KNOWN_KEYS}, path, problems)
    if problems.found:
        raise ConfigError(sorted(problems.found, key=lambda p: (p.line, p.message)))
    return config


def _typed(data: dict, path: Path, problems: _Problems) -> Config:
    def expect(key: str, kind: type, what: str) -> Any:
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            problems.add(key, f"'{key}' moet {what} zijn")
            return None
        return value

    def strings(key: str) -> list[str]:
        value = expect(key, list, "een lijst met teksten") or []
        if not all(isinstance(v, str) for v in value):
            problems.add(key, f"'{key}' moet een lijst met teksten zijn")
            return []
        return value

    levels_shown = ", ".join(ACCEPTED_LEVEL_NAMES)
    for key in ("min_level", "fail_level"):
        value = expect(key, str, "een tekst")
        if value is not None and value not in ACCEPTED_LEVEL_NAMES:
            problems.add(key, f"'{key}' moet een van deze zijn: {levels_shown}")
    levels = expect("levels", dict, "een tabel met regel-id = niveau") or {}
    for rule_id, level in levels.items():
        if level not in ACCEPTED_LEVEL_NAMES:
            problems.add(rule_id, f"het niveau van '{rule_id}' moet een van deze zijn: "
                         f"{levels_shown}")  # fmt: skip
    terms = expect("terms", dict, "een tabel met regel-id = woorden") or {}
    for rule_id, extra in list(terms.items()):
        if isinstance(extra, list):
            terms[rule_id] = dict.fromkeys(extra, "")
        elif not isinstance(extra, dict):
            problems.add(
                rule_id, f"de extra woorden van '{rule_id}' moeten een lijst of tabel zijn"
            )
            del terms[rule_id]
    default_rules = expect("default_rules", bool, "true of false")
    roles = expect("roles", dict, "een tabel met rol = drempel") or {}
    for role, threshold in list(roles.items()):
        if role not in ROLES:
            hint = difflib.get_close_matches(role, ROLES, n=1)
            extra = f" (bedoelt u '{hint[0]}'?)" if hint else f" (bekend: {', '.join(ROLES)})"
            problems.add(role, f"onbekende zinsrol '{role}'{extra}")
            del roles[role]
        elif (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not (0 < threshold < 1)
        ):
            problems.add(role, f"de drempel van '{role}' moet een getal tussen 0 en 1 zijn")
            del roles[role]
    rewrites = expect("rewrites", str, "een tekst")
    if rewrites is not None and rewrites not in REWRITE_MODES:
        problems.add("rewrites", f"'rewrites' moet een van deze zijn: {', '.join(REWRITE_MODES)}")
        rewrites = None
    return Config(
        model=expect("model", str, "een tekst") or "bundled",
        rules=tuple((path.parent / p).resolve() for p in strings("rules")),
        disable=frozenset(strings("disable")),
        levels={k: v for k, v in levels.items() if v in ACCEPTED_LEVEL_NAMES},
        min_level=data.get("min_level", "suggestion"),
        fail_level=data.get("fail_level", "error"),
        terms={k: dict(v) for k, v in terms.items()},
        default_rules=True if default_rules is None else default_rules,
        roles={k: float(v) for k, v in roles.items()},
        rewrites=rewrites or "checked",
        path=path,
    )
