"""The check kinds: general mechanisms that rule files configure.

Each module here that declares ``KINDS`` (see :mod:`tonecheck.engine.checks.base`) adds
its kinds; nothing else needs to change for a new kind.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from tonecheck.engine.checks.base import Check, CheckKind

__all__ = ["Check", "CheckKind", "check_kinds"]


@cache
def check_kinds() -> dict[str, CheckKind]:
    """Every check kind by name, collected from the modules of this package."""
    kinds: dict[str, CheckKind] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for kind in getattr(module, "KINDS", ()):
            if kind.name in kinds:
                raise RuntimeError(f"check kind '{kind.name}' is declared twice")
            kinds[kind.name] = kind
    return kinds
