"""How much of a sentence's role should come from its neighbours? Measured on held-out
letters, at the level the rules ask about.

The role classifier reads each sentence's own words and, as context, eight words of the
sentences before and after it (``p:``/``n:`` features). A reason sentence's neighbours
then look like reasons too, so when the reasons are cut from a letter, the sentences
left beside the gap may still score as reasons and the finding stays away. This script
trains the same architecture on the train letters with the context features in several
forms (read from the parsed-items cache, so nothing is parsed again) and reports, on the
dev letters and on ../shared/dev-letters (another writer, never trained on):

- macro F over the roles at the thresholds tuned on dev (as ``train_roles.py final``);
- per question (reasons, empathy, alternatives), P / R of "the letter lacks it" on the
  letters with bad news;
- the sharp test, simulated: in each bad-news letter that has the thing, its sentences
  are cut, the neighbours' context features are rebuilt from the new neighbours, and the
  letter counts as caught when no sentence left reaches the role's threshold.

Usage: python training/roles/compare_context.py --cache /tmp/items.json [--variants ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from train_roles import (  # noqa: E402
    ARCHITECTURES,
    Item,
    _cached_items,
    by_split,
    measure,
    predict,
    train,
    tune_thresholds,
)

NEIGHBOUR = ("p:", "n:")
QUESTIONS = {
    "reasons": ("reason-case", "reason-rule"),
    "empathy": ("empathy",),
    "alternatives": ("alternative",),
}


def _own_words(item: Item) -> list[str]:
    """The alphabetic words of a sentence, as a neighbour's context is built from them."""
    return [w for w in item.features if ":" not in w and w.isalpha()]


def _context(item: Item, before: Item | None, after: Item | None, words: int) -> list[str]:
    kept = [f for f in item.features if not f.startswith(NEIGHBOUR)]
    if words and before is not None:
        kept += [f"p:{w}" for w in _own_words(before)[:words]]
    if words and after is not None:
        kept += [f"n:{w}" for w in _own_words(after)[:words]]
    return kept or ["<empty>"]


def rebuild(items: list[Item], words: int) -> list[Item]:
    """The items of one letter (in order) with their context from their neighbours in
    this list, ``words`` words each (0: no neighbour words)."""
    return [
        replace(
            item,
            features=_context(
                item,
                items[i - 1] if i else None,
                items[i + 1] if i + 1 < len(items) else None,
                words,
            ),
        )
        for i, item in enumerate(items)
    ]


def by_letter(items: list[Item]) -> dict[str, list[Item]]:
    letters: dict[str, list[Item]] = {}
    for item in items:
        letters.setdefault(item.letter, []).append(item)
    return letters


VARIANTS: dict[str, Callable[[list[Item]], list[Item]]] = {
    "context 8 words": lambda letter: rebuild(letter, 8),
    "context 3 words": lambda letter: rebuild(letter, 3),
    "no neighbour words": lambda letter: rebuild(letter, 0),
    # training letters also seen with one thing cut (with_cuts); measured like the first
    "cut augmentation": lambda letter: rebuild(letter, 8),
}


def letter_level(
    letters: dict[str, list[Item]],
    scorer: Callable[[list[Item]], list[dict[str, float]]],
    thresholds: dict[str, float],
    variant: Callable[[list[Item]], list[Item]],
) -> dict[str, str]:
    """Per question: P / R of 'lacks it' on bad-news letters, and the simulated cut."""
    rows = {}
    for question, roles in QUESTIONS.items():
        tp = fp = fn = caught = cut_letters = 0
        for items in letters.values():
            if not any("decision-negative" in i.roles for i in items):
                continue
            has = any(set(roles) & i.roles for i in items)
            scores = scorer(variant(items))
            found = any(s[r] >= thresholds[r] for s in scores for r in roles)
            tp += not has and not found
            fp += has and not found
            fn += not has and found
            if has and found:
                left = [i for i in items if not set(roles) & i.roles]
                if left:
                    cut_letters += 1
                    cut_scores = scorer(variant(left))
                    caught += not any(s[r] >= thresholds[r] for s in cut_scores for r in roles)
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        share = caught / cut_letters if cut_letters else float("nan")
        rows[question] = f"P {p:.2f} R {r:.2f}  cut caught {caught}/{cut_letters} = {share:.2f}"
    return rows


def with_cuts(letters: dict[str, list[Item]], seed: int = 20261204) -> list[Item]:
    """The training letters (context 8 words), and for each bad-news letter that has a
    reason, empathy or alternative, one more copy with one of those things cut out (chosen
    at random) and the neighbours' context rebuilt: the sentences left beside the gap keep
    their own roles, so the model learns that a gap's neighbours are not the thing."""
    import random

    rng = random.Random(seed)
    result: list[Item] = []
    for items in letters.values():
        result += rebuild(items, 8)
        if not any("decision-negative" in i.roles for i in items):
            continue
        present = [
            roles for roles in QUESTIONS.values() if any(set(roles) & i.roles for i in items)
        ]
        if present:
            roles = set(rng.choice(present))
            left = [i for i in items if not roles & i.roles]
            result += rebuild(left, 8) if left else []
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    args = parser.parse_args()
    splits = by_split(_cached_items(args.cache))
    for name in args.variants:
        variant = VARIANTS[name]
        started = time.time()
        prepared = {
            split: [i for items in by_letter(group).values() for i in variant(items)]
            for split, group in splits.items()
        }
        if name == "cut augmentation":
            prepared["train"] = with_cuts(by_letter(splits["train"]))
        model = train(prepared["train"], ARCHITECTURES["small"], args.epochs)
        thresholds = tune_thresholds(prepared["dev"], predict(model, prepared["dev"]))
        print(f"\n== {name} (trained in {time.time() - started:.0f} s)")
        for split in ("dev", "devletters"):
            table = measure(prepared[split], predict(model, prepared[split]), thresholds)
            print(f"{split:10} macro F {table['macro-f']:.3f}")
            rows = letter_level(
                by_letter(splits[split]), partial(predict, model), thresholds, variant
            )
            for question, row in rows.items():
                print(f"  {question:12} {row}")


if __name__ == "__main__":
    main()
