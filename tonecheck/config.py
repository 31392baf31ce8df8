"""Configuration: ``tonecheck.toml`` or ``[tool.tonecheck]`` in ``pyproject.toml``.

Found from the checked file's folder upwards (or given with ``--config``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from tonecheck.errors import TonecheckError

CONFIG_NAME = "tonecheck.toml"
KNOWN_KEYS = {"model"}


class ConfigError(TonecheckError):
    """A configuration file is broken or has unknown keys."""


@dataclass(frozen=True)
class Config:
    model: str = "bundled"
    path: Path | None = None


def find_config(start: Path) -> Path | None:
    """The nearest tonecheck.toml, or pyproject.toml with a [tool.tonecheck] table."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and b"[tool.tonecheck]" in pyproject.read_bytes():
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """Read a config file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tonecheck", {})
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"unknown configuration key '{unknown[0]}'", str(path))
    model = data.get("model", "bundled")
    if not isinstance(model, str):
        raise ConfigError("'model' must be a string", str(path))
    return Config(model=model, path=path)
