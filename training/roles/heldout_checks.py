"""The train and dev letters checked fold by fold, each with models that never saw its
writer (evaluate_heldout.py measures the findings, train_bad_news.py learns from them).

The writers are dealt into the folds of ``train_aggregate.py oof``. A fold's letters are
checked with the out-of-fold sentence roles (:class:`oof_roles.ReplayedRoles`), a
letter-type classifier trained on the other folds' letters, optionally role thresholds
tuned on the other folds' out-of-fold scores and a bad-news model fitted without the fold.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace

from evaluate_letters import letter_paths
from oof_roles import ReplayedRoles
from roles_data import Letter
from train_aggregate import FOLDS, tune_thresholds, writer_folds, writer_of
from train_letter_types import TypeExample, train
from train_roles import writer_number

from tonecheck.checker import Checker
from tonecheck.nlp.bad_news import BadNewsModel
from tonecheck.nlp.letter_type_model import LetterTypeModel
from tonecheck.report.result import DocumentResult


def checked_by_fold(
    checker: Checker,
    oof: ReplayedRoles,
    examples: list[tuple[Letter, TypeExample]],
    scored: dict | None = None,
    wanted: Collection[int] | None = None,
    bad_news_for: Callable[[int], BadNewsModel | None] = lambda fold: None,
) -> Iterator[tuple[int, list[Letter], list[DocumentResult]]]:
    """Per fold: its letters (of the ``wanted`` writers, or all) and their results.
    ``scored`` (``train_aggregate.letters_of``): tune the role thresholds on the other
    folds' letters; ``bad_news_for(fold)``: the bad-news model for the fold (None: the
    rule). The checker's structure is restored afterwards."""
    shipped = checker.structure
    assert shipped.roles is not None
    fold_of = writer_folds({letter.id: "" for letter, _ in examples}, FOLDS)
    try:
        for fold in range(FOLDS):
            held = [
                letter
                for letter, _ in examples
                if fold_of[writer_of(letter.id)] == fold
                and (wanted is None or writer_number(letter.id) in wanted)
            ]
            if not held:
                continue
            kept = [e for letter, e in examples if fold_of[writer_of(letter.id)] != fold]
            if scored is not None:
                tuning = [n for n in scored if fold_of[writer_of(n)] != fold]
                oof.thresholds = {**shipped.roles.thresholds, **tune_thresholds(scored, tuning)}
                print(f"fold {fold} thresholds: {oof.thresholds}", flush=True)
            checker.structure = replace(
                shipped,
                roles=oof,
                letter_type_model=LetterTypeModel(train(kept)),
                bad_news_model=bad_news_for(fold),
            )
            with tempfile.TemporaryDirectory() as folder:
                results = list(checker.check_paths(letter_paths(held, folder)))
            yield fold, held, results
    finally:
        checker.structure = shipped
