"""Sentence roles as a model that never saw the letter would give them, for training
what reads the roles (the letter type).

The bundled role model was trained on the train and dev letters, so on those letters its
roles are nearly perfect, and a letter-type classifier trained on them learns to trust
roles more than it should on letters it has not seen. ``train_aggregate.py oof`` scores
every train and dev sentence with a model trained on the other writers (grouped
cross-validation). :class:`ReplayedRoles` gives those out-of-fold scores back wherever
a sentence's features match, and the bundled model's scores elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from tonecheck.nlp.roles import RoleModel

Features = tuple[str, ...]


class ReplayedRoles(RoleModel):
    """A role model that answers from a table of (out-of-fold) scores by features."""

    def __init__(self, base: RoleModel, table: dict[Features, dict[str, float]]) -> None:
        self.__dict__.update(base.__dict__)
        self.table = table
        self.found = self.missed = 0

    def score(self, features: Iterable[list[str]]) -> list[dict[str, float]]:
        keys = [tuple(words) for words in features]
        missing = [list(key) for key in keys if key not in self.table]
        fresh = iter(super().score(missing))
        self.found += len(keys) - len(missing)
        self.missed += len(missing)
        return [dict(self.table[key]) if key in self.table else next(fresh) for key in keys]


def load_table(items_file: Path, scores_file: Path) -> dict[Features, dict[str, float]]:
    """Out-of-fold scores by sentence features (items cache of train_roles.py and the
    scores of ``train_aggregate.py oof``, in the same order)."""
    items = json.loads(items_file.read_text(encoding="utf-8"))
    scores = json.loads(scores_file.read_text(encoding="utf-8"))
    if len(items) != len(scores):
        raise SystemExit(f"{items_file} and {scores_file} do not belong together")
    return {
        tuple(item["features"]): score
        for item, score in zip(items, scores, strict=True)
        if score is not None
    }
