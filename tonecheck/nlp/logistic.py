"""A trained logistic regression kept as data: weights on standardised features and the
probability from which its answer is yes (the letter aggregator and the bad-news model)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Self

FLOOR = 1e-4  # scores are read as log-odds between FLOOR and 1 - FLOOR


def logit(p: float) -> float:
    """The log-odds of a score, kept between :data:`FLOOR` and 1 - :data:`FLOOR`."""
    p = min(1 - FLOOR, max(FLOOR, p))
    return math.log(p / (1 - p))


def features_mismatch(data: Mapping, features: Sequence[str], source: str, script: str) -> str:
    """The Dutch error for a data file trained on other features than ``features`` ('' when
    they agree); ``script`` retrains it."""
    if list(data.get("features", [])) == list(features):
        return ""
    return (
        f"{source}: de kenmerken {data.get('features')} passen niet bij deze versie van "
        f"tonecheck ({list(features)}); train opnieuw met {script}"
    )


@dataclass(frozen=True)
class Logistic:
    """Weights on standardised features, a bias and the decision mark."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    mark: float

    @classmethod
    def of(cls, raw: Mapping, size: int) -> Self:
        """From its JSON object; ValueError when it has not ``size`` weights."""
        mean, scale, weights = (tuple(map(float, raw[k])) for k in ("mean", "scale", "weights"))
        if any(len(p) != size for p in (mean, scale, weights)):
            raise ValueError("verkeerd aantal gewichten")
        return cls(mean, scale, weights, float(raw["bias"]), float(raw["mark"]))

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(
            w * (x - m) / s
            for x, m, s, w in zip(features, self.mean, self.scale, self.weights, strict=True)
        )
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
