"""tonecheck's findings on writers neither learned model saw: the train and dev letters,
checked with out-of-fold models.

The test split is measured once; our own dev letters were written by the writers the
models learned from. For a large development set of *unseen writers*, the writers of the
train and dev letters are dealt into the folds of ``train_aggregate.py oof``. For each
fold, tonecheck checks that fold's letters (the letters of the ``--writers`` asked, or
all) with

- the sentence roles of the role model that never saw those writers (the out-of-fold
  scores, replayed by :class:`oof_roles.ReplayedRoles`), at the shipped thresholds or
  (``--thresholds folds``) at thresholds tuned on the other folds' out-of-fold scores;
- a letter-type classifier trained, as ``train_letter_types.py final`` trains the
  shipped one, on the train and dev letters of the other folds' writers.

Bad news is learned per fold too (``--bad-news-rows``, from ``train_bad_news.py rows``:
the model fitted on the other folds' letters), or decided by the rule alone when the
bundled pipeline has no bad-news model. Rules, zones and facts are the shipped ones. The
letters of all folds are counted together, as ``evaluate_letters.py`` counts them. The
test split takes no part.

Usage:
  python training/roles/evaluate_heldout.py --items /tmp/items.json --oof-scores /tmp/oof.json
      [--bad-news-rows /tmp/bad_news_rows.json] [--writers 26-31] [--mistakes] [--config TOML]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tonecheck.nlp.bad_news import BadNewsModel
from tonecheck.runtime import load_checker

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from evaluate_letters import Tally  # noqa: E402
from heldout_checks import checked_by_fold  # noqa: E402
from oof_roles import ReplayedRoles, load_table  # noqa: E402
from train_aggregate import letters_of, load_scores  # noqa: E402
from train_bad_news import model_of  # noqa: E402
from train_letter_types import letter_examples  # noqa: E402
from train_roles import _cached_items, writer_range  # noqa: E402

SEEN = ("train", "dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=Path, required=True, help="items cache of the oof run")
    parser.add_argument("--oof-scores", type=Path, required=True, help="train_aggregate.py oof")
    parser.add_argument("--writers", default="", help="only these writers, e.g. 26-31")
    parser.add_argument(
        "--type-roles",
        choices=["bundled", "oof"],
        default="bundled",
        help="the roles the letter-type classifier learns from: the bundled model's (as "
        "shipped) or the out-of-fold ones",
    )
    parser.add_argument(
        "--thresholds",
        choices=["shipped", "folds"],
        default="shipped",
        help="the role thresholds: the shipped ones (tuned on our dev letters) or, per fold, "
        "tuned on the other folds' out-of-fold scores",
    )
    parser.add_argument(
        "--bad-news-rows", type=Path, default=None, help="train_bad_news.py rows: fit per fold"
    )
    parser.add_argument("--mistakes", action="store_true")
    parser.add_argument("--config", type=Path, default=None, help="tonecheck.toml to use")
    args = parser.parse_args()
    _, checker = load_checker(HERE, config_path=args.config)
    # findings only: the second check of rewrites changes no finding and would read new
    # sentences with the bundled role model
    checker.verify_rewrites = False
    shipped = checker.structure
    if shipped.roles is None:
        raise SystemExit("no bundled role model")
    bad_news_rows = json.loads(args.bad_news_rows.read_text("utf-8")) if args.bad_news_rows else []
    if shipped.bad_news_model is not None and not bad_news_rows:
        raise SystemExit(
            "the bundled bad-news model learned from these letters: pass --bad-news-rows "
            "(train_bad_news.py rows) so that each fold's is fitted without its writers"
        )
    oof = ReplayedRoles(shipped.roles, load_table(args.items, args.oof_scores))
    started = time.time()
    # the letter-type examples as the shipped classifier learns them (bundled roles), or
    # read with the out-of-fold roles (--type-roles oof)
    replay = oof if args.type_roles == "oof" else None
    examples = list(letter_examples(replay, splits=SEEN))
    print(f"letters read in {time.time() - started:.0f} s", flush=True)
    oof.found = oof.missed = 0
    scored = None
    if args.thresholds == "folds":
        scored = letters_of(_cached_items(args.items), load_scores(args.oof_scores), set(SEEN))
    wanted = writer_range(args.writers) if args.writers else None

    def bad_news_for(fold: int) -> BadNewsModel | None:
        others = [row for row in bad_news_rows if row["fold"] != fold]
        return BadNewsModel.from_data(model_of(others)) if others else None

    tally = Tally()
    for fold, held, results in checked_by_fold(
        checker, oof, examples, scored, wanted, bad_news_for
    ):
        for letter, result in zip(held, results, strict=True):
            tally.add(letter, result)
        print(
            f"fold {fold}: {len(held)} letters checked ({time.time() - started:.0f} s)", flush=True
        )
    print(f"out-of-fold roles for {oof.found} sentences, bundled for {oof.missed}")
    tally.show("train+dev by writers no model saw", args.mistakes)


if __name__ == "__main__":
    main()
