"""How well does the role model carry over to writers it never saw? Measured without the
test split.

Writers 26-31 (the fifth round) wrote in voices the first 25 lacked; they are the
held-out writers here. This script trains the shipped architecture on the train
letters of writers 1-25 (and the real letters' train split), tunes the thresholds on their
dev letters, and measures on the train and dev letters of writers 26-31 (held-out writers)
and on ../shared/dev-letters (another writer), as ``compare_context.py`` does:

- role macro F at the tuned thresholds;
- per question (reasons, empathy, alternatives), P / R of "the letter lacks it" on the
  letters with bad news, and the simulated cut (the thing's sentences taken out, the
  neighbours' context rebuilt; caught when no sentence left reaches the threshold).

Training knobs, each measured against the shipped recipe (see the model card):
``--seeds 1,2`` averages the scores of one model per seed (an ensemble; it costs one
model's scoring time per seed); ``--dropout``; ``--averages`` predicts with the
optimiser's moving averages of the weights; ``--min-writers K`` keeps only the features
that at least K training writers used (no writer's own words); ``--writers K`` trains
on a seeded sample of K of writers 1-25 only (a learning curve over writers: does one
more voice still help on voices never seen?); ``--add-writers 32-40`` trains on later
rounds' writers too (writers 26-31 stay held out).

Usage: python training/roles/heldout_writers.py --cache /tmp/items.json [--seeds 1]
       [--dropout 0.1] [--averages] [--min-writers 0] [--writers 25] [--add-writers 32-40]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from compare_context import by_letter, letter_level, rebuild  # noqa: E402
from train_roles import (  # noqa: E402
    ARCHITECTURES,
    FIRST_ROUNDS,
    Item,
    _cached_items,
    measure,
    predict,
    train_ensemble,
    tune_thresholds,
    writer_of,
    writer_range,
)

WRITER_SAMPLE_SEED = 7
HELD_OUT = range(FIRST_ROUNDS + 1, 32)  # writers 26-31: never trained on here
SHOWN_ROLES = (
    "decision-negative", "reason-case", "reason-rule", "empathy", "alternative",
    "objection-right", "objection-term", "objection-where",
)  # fmt: skip


def groups(
    items: list[Item], writers: int = FIRST_ROUNDS, extra: frozenset[int] = frozenset()
) -> dict[str, list[Item]]:
    """Training, threshold and evaluation letters of the protocol (no test letters):
    training and thresholds on a seeded sample of ``writers`` of writers 1-25, the
    ``extra`` writers (later rounds) and the real letters; measured on writers 26-31."""
    sample = set(random.Random(WRITER_SAMPLE_SEED).sample(range(1, FIRST_ROUNDS + 1), writers))
    known = [i for i in items if writer_of(i) == 0 or writer_of(i) in sample | extra]
    return {
        "train": [i for i in known if i.split == "train"],
        "dev": [i for i in known if i.split == "dev"],
        "held-out writers": [
            i for i in items if writer_of(i) in HELD_OUT and i.split in ("train", "dev")
        ],
        "dev-letters": [i for i in items if i.split == "devletters"],
    }


def shared_features(items: list[Item], writers: int) -> set[str]:
    """The features that at least ``writers`` of the items' writers used."""
    used: dict[str, set[str]] = {}
    for item in items:
        who = str(writer_of(item)) if writer_of(item) else "real"
        for feature in {*item.features, *item.context_free}:
            used.setdefault(feature, set()).add(who)
    return {feature for feature, who in used.items() if len(who) >= writers}


def keep_only(items: list[Item], kept: set[str]) -> list[Item]:
    def filtered(features: list[str]) -> list[str]:
        return [f for f in features if f in kept] or ["<empty>"]

    return [
        replace(i, features=filtered(i.features), context_free=filtered(i.context_free))
        for i in items
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--seeds", default="1")
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--averages", action="store_true")
    parser.add_argument("--min-writers", type=int, default=0)
    parser.add_argument("--writers", type=int, default=FIRST_ROUNDS)
    parser.add_argument("--add-writers", default="", help="later writers to train on, e.g. 32-40")
    args = parser.parse_args()
    extra = writer_range(args.add_writers)
    if extra & set(HELD_OUT):
        parser.error("writers 26-31 are the held-out writers")
    parts = groups(_cached_items(args.cache), args.writers, extra)
    if args.min_writers:
        kept = shared_features(parts["train"], args.min_writers)
        parts = {name: keep_only(items, kept) for name, items in parts.items()}
    started = time.time()
    seeds = tuple(int(seed) for seed in args.seeds.split(","))
    model = train_ensemble(
        parts["train"],
        ARCHITECTURES["small"],
        epochs=args.epochs,
        seeds=seeds,
        dropout=args.dropout,
        averages=args.averages,
    )
    scorer = partial(predict, model)
    thresholds = tune_thresholds(parts["dev"], scorer(parts["dev"]))
    print(f"{vars(args)}: trained in {time.time() - started:.0f} s")
    for name in ("dev", "held-out writers", "dev-letters"):
        items = parts[name]
        table = measure(items, scorer(items), thresholds)
        roles = " ".join(f"{r} {table[r]['f']:.2f}" for r in SHOWN_ROLES)
        print(f"{name:17} macro F {table['macro-f']:.3f}  {roles}")
        rows = letter_level(by_letter(items), scorer, thresholds, partial(rebuild, words=8))
        for question, row in rows.items():
            print(f"  {question:12} {row}")


if __name__ == "__main__":
    main()
