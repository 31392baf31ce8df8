"""Where the default rule set lives: inside the installed package, or in the checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def default_rules_dir() -> Path:
    """``tonecheck/rules`` in an installed wheel; ``rules/`` beside the package in a checkout."""
    installed = PACKAGE_DIR / "rules"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "rules"


def structure_dir() -> Path:
    """The folder with the letter structure data (zones, letter types)."""
    return default_rules_dir() / "structure"
