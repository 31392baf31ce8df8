"""Train the bad-news model (tonecheck/nlp/bad_news.py) on writers no model saw.

``rows``: every train and dev letter is read as ``evaluate_heldout.py --thresholds folds``
reads it: the sentence roles of a role model that never saw its writer (out-of-fold
scores, thresholds tuned on the other folds) and a letter-type classifier trained on the
other folds' writers; bad news is decided by the rule alone. Each letter's features
(:func:`tonecheck.nlp.bad_news.bad_news_features`), its gold answer (a sentence labelled
``decision-negative``) and its fold are written to ``--rows``.

``fit``: a logistic regression on all rows (as train_aggregate.py fits the letter
aggregator), mark 0.5, written to the model folder as ``roles/bad_news.json``; first the
same fit per fold on the other folds' rows, measured on the fold's letters, against the
rule. The test split takes no part.

Usage:
  python training/roles/train_bad_news.py rows --items /tmp/items.json \
      --oof-scores /tmp/oof.json --rows /tmp/bad_news_rows.json
  python training/roles/train_bad_news.py fit --rows /tmp/bad_news_rows.json [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

import tonecheck.nlp.structure as structure_module
from tonecheck.evaluation import precision_recall
from tonecheck.nlp.bad_news import BAD_NEWS_FILE, FEATURES, BadNewsModel, bad_news_features
from tonecheck.nlp.roles import MODEL_PATH
from tonecheck.runtime import load_checker

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from evaluate_letters import brings_bad_news  # noqa: E402
from heldout_checks import checked_by_fold  # noqa: E402
from oof_roles import ReplayedRoles, load_table  # noqa: E402
from train_aggregate import fit_logistic, letters_of, load_scores  # noqa: E402
from train_letter_types import letter_examples  # noqa: E402
from train_roles import _cached_items  # noqa: E402

SEEN = ("train", "dev")
MARK = 0.5


def rows(items: Path, oof_scores: Path) -> list[dict]:
    """Every train and dev letter's features, gold answer and fold (see the docstring)."""
    # the letters are read with the rule alone: a bundled model fitted on another list of
    # features (the one this step is about to replace) must not stop them from loading
    structure_module.load_bad_news_model = lambda: None
    _, checker = load_checker(HERE)
    checker.verify_rewrites = False
    checker.structure = shipped = replace(checker.structure, bad_news_model=None)
    if shipped.roles is None:
        raise SystemExit("no bundled role model")
    oof = ReplayedRoles(shipped.roles, load_table(items, oof_scores))
    examples = list(letter_examples(None, splits=SEEN))
    scored = letters_of(_cached_items(items), load_scores(oof_scores), set(SEEN))
    found = []
    for fold, held, results in checked_by_fold(checker, oof, examples, scored):
        for letter, result in zip(held, results, strict=True):
            read = result.letter
            if read is None or read.bad_news is None:
                continue
            features = bad_news_features(
                read.roles, read.bad_news, shipped.letter_types, shipped.bad_news_over
            )
            found.append(
                {
                    "id": letter.id,
                    "fold": fold,
                    "gold": brings_bad_news(letter),
                    "features": features,
                }
            )
        print(f"fold {fold}: {len(held)} letters", flush=True)
    return found


def model_of(rows: list[dict]) -> dict:
    x = np.array([r["features"] for r in rows], dtype=float)
    y = np.array([r["gold"] for r in rows], dtype=float)
    return {"features": list(FEATURES), **fit_logistic(x, y), "mark": MARK}


def counts(pairs: list[tuple[bool, bool]]) -> str:
    """Precision and recall of (gold, predicted) pairs, with the counts."""
    tally = Counter(
        {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(pair, "tn")
        for pair in pairs
    )
    precision, recall = precision_recall(tally)
    return (
        f"P {precision:.3f} R {recall:.3f} (tp {tally['tp']}, fp {tally['fp']}, fn {tally['fn']})"
    )


def fit(rows: list[dict], out: Path) -> None:
    rule = FEATURES.index("rule")
    learned, by_rule = [], []
    for fold in sorted({r["fold"] for r in rows}):
        model = BadNewsModel.from_data(model_of([r for r in rows if r["fold"] != fold]))
        for r in rows:
            if r["fold"] == fold:
                learned.append((r["gold"], model.brings_bad_news(r["features"])))
                by_rule.append((r["gold"], bool(r["features"][rule])))
    print(f"by writer folds, {len(rows)} letters: rule {counts(by_rule)}")
    print(f"                      learned {counts(learned)}")
    out.mkdir(parents=True, exist_ok=True)
    (out / BAD_NEWS_FILE).write_text(json.dumps(model_of(rows), indent=2) + "\n", "utf-8")
    print(f"written to {out / BAD_NEWS_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["rows", "fit"])
    parser.add_argument("--items", type=Path, help="items cache of the oof run (rows)")
    parser.add_argument("--oof-scores", type=Path, help="train_aggregate.py oof (rows)")
    parser.add_argument("--rows", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    if args.command == "rows":
        if args.items is None or args.oof_scores is None:
            parser.error("rows needs --items and --oof-scores")
        found = rows(args.items, args.oof_scores)
        args.rows.write_text(json.dumps(found) + "\n", "utf-8")
        print(f"{len(found)} letters written to {args.rows}")
    else:
        fit(json.loads(args.rows.read_text("utf-8")), args.out)


if __name__ == "__main__":
    main()
