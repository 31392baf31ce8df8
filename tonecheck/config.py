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
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.common.findings import LEVEL_NAMES
from tonecheck.errors import TonecheckError
from tonecheck.nlp.roles import ROLES

CONFIG_NAME = "tonecheck.toml"
KNOWN_KEYS = (
    "model", "rules", "disable", "levels", "min_level", "fail_level", "terms", "default_rules",
    "roles",
)  # fmt: skip


class ConfigError(TonecheckError):
    """A configuration file is broken or has unknown keys."""


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


def _line_of(text: str, key: str) -> int:
    pattern = re.compile(
        rf"^\s*(\[[^\]]*\b{re.escape(key)}\b|{re.escape(key)}\s*=|\"{re.escape(key)}\")"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 1


def _fail(path: Path, text: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{message}", f"{path}:{_line_of(text, key)}")


def load_config(path: Path | None) -> Config:
    """Read and check a config file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tonecheck", {})
    for key in data:
        if key not in KNOWN_KEYS:
            hint = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise _fail(path, text, key, f"unknown configuration key '{key}'{extra}")
    return _typed(data, path, text)


def _typed(data: dict, path: Path, text: str) -> Config:
    def expect(key: str, kind: type, what: str):
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            raise _fail(path, text, key, f"'{key}' must be {what}")
        return value

    def strings(key: str) -> list[str]:
        value = expect(key, list, "a list of strings") or []
        if not all(isinstance(v, str) for v in value):
            raise _fail(path, text, key, f"'{key}' must be a list of strings")
        return value

    for key in ("min_level", "fail_level"):
        value = expect(key, str, "a string")
        if value is not None and value not in LEVEL_NAMES:
            raise _fail(path, text, key, f"'{key}' must be one of {', '.join(LEVEL_NAMES)}")
    levels = expect("levels", dict, "a table of rule id = level") or {}
    for rule_id, level in levels.items():
        if level not in LEVEL_NAMES:
            raise _fail(path, text, rule_id, f"level of '{rule_id}' must be one of "
                        f"{', '.join(LEVEL_NAMES)}")  # fmt: skip
    terms = expect("terms", dict, "a table of rule id = terms") or {}
    for rule_id, extra in terms.items():
        if isinstance(extra, list):
            terms[rule_id] = dict.fromkeys(extra, "")
        elif not isinstance(extra, dict):
            raise _fail(path, text, rule_id, f"extra terms of '{rule_id}' must be a list or table")
    default_rules = expect("default_rules", bool, "true or false")
    roles = expect("roles", dict, "a table of role = threshold") or {}
    for role, threshold in roles.items():
        if role not in ROLES:
            hint = difflib.get_close_matches(role, ROLES, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else f" (known: {', '.join(ROLES)})"
            raise _fail(path, text, role, f"unknown sentence role '{role}'{extra}")
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not (0 < threshold < 1)
        ):
            raise _fail(path, text, role, f"threshold of '{role}' must be a number between 0 and 1")
    return Config(
        model=expect("model", str, "a string") or "bundled",
        rules=tuple((path.parent / p).resolve() for p in strings("rules")),
        disable=frozenset(strings("disable")),
        levels=dict(levels),
        min_level=data.get("min_level", "suggestion"),
        fail_level=data.get("fail_level", "error"),
        terms={k: dict(v) for k, v in terms.items()},
        default_rules=True if default_rules is None else default_rules,
        roles={k: float(v) for k, v in roles.items()},
        path=path,
    )
