"""Train and measure the letter-type classifier that reads the sentence roles.

Uses the same annotated letters and splits as train_roles.py (their ``type:``), reads
each letter as tonecheck does (rule-based letter type, sentence roles from the bundled
role model) and trains a spaCy ``textcat`` on
:func:`tonecheck.nlp.letter_type_model.letter_type_features`. Run after train_roles.py
(it reads that model's roles).

With ``--oof-scores`` (the out-of-fold sentence scores of ``train_aggregate.py oof``
and the items cache they belong to) the train and dev letters are read with the roles a
model that never saw their writer gives them (:mod:`oof_roles`), the other letters with
the bundled model's, as when checking.

Usage:
  python training/roles/train_letter_types.py dev            # train on train, measure on dev
  python training/roles/train_letter_types.py final [--out DIR]   # train+dev, test once
  ... [--oof-scores /tmp/oof_scores.json --items /tmp/items5.json] [--leave-out 26-31]
  ... [--add-unseen 65-70]   # also learn from these writers of unseen/ (as train letters)

The letters of ``--add-unseen`` writers are read with the bundled role model, which never
saw them: their roles are as noisy as those of any letter tonecheck checks. The letter
type learns more from more writers than the roles do (model card, round six: on writers
it never saw it scores about 0.80, on writers it learned from 0.95); the rounds added
this way stay unseen for the role model, not for the letter type.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Collection, Iterator
from dataclasses import replace
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import minibatch

from tonecheck.documents.read import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.letter import understand
from tonecheck.nlp.letter_type_model import MODEL_PATH, choose, letter_type_features
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure import load_structure

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from oof_roles import ReplayedRoles, load_table  # noqa: E402
from roles_data import LETTER_TYPES, Letter  # noqa: E402
from train_roles import (  # noqa: E402
    SEED,
    load_letters,
    load_unseen_letters,
    split_of,
    writer_number,
    writer_range,
)

MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 1,
    "no_output_layer": False,
    "length": 65536,
}


# features, our label, the rule-based label, the types the letter cannot be (`mentions`)
TypeExample = tuple[list[str], str, str, tuple[str, ...]]


def letter_examples(
    oof: ReplayedRoles | None = None,
    left_out: frozenset[int] = frozenset(),
    splits: Collection[str] = (),
    added: frozenset[int] = frozenset(),
) -> Iterator[tuple[Letter, TypeExample]]:
    """Every annotated letter (of ``splits``, when given) with its example; the letters of
    the ``left_out`` writers are left out altogether (to measure on them afterwards), the
    unseen letters of the ``added`` writers come after the others."""
    nlp = load_pipeline()
    # the rule-based reading and the roles, without a learned letter type
    structure = replace(load_structure(), letter_type_model=None)
    replayed = structure if oof is None else replace(structure, roles=oof)
    unseen = load_unseen_letters(added) if added else []
    for letter in load_letters() + unseen:
        if writer_number(letter.id) in left_out or (splits and split_of(letter) not in splits):
            continue
        if letter.source.endswith(".roles"):
            document = read_text(letter.text, letter.id)
        else:
            document = read_document(letter.source)
        seen = split_of(letter) in ("train", "dev")
        understood = understand(nlp, replayed if seen else structure, document)
        features = letter_type_features(
            understood.document, understood.letter_type, understood.roles
        )
        kind = understood.letter_type
        yield letter, (features, letter.letter_type, kind.label, kind.ruled_out)


def examples_by_split(
    oof: ReplayedRoles | None = None,
    left_out: frozenset[int] = frozenset(),
    added: frozenset[int] = frozenset(),
) -> dict[str, list[TypeExample]]:
    """The examples of :func:`letter_examples`, by split (the ``added`` unseen writers'
    letters under "train")."""
    splits: dict[str, list[TypeExample]] = {}
    for letter, example in letter_examples(oof, left_out, added=added):
        split = split_of(letter)
        splits.setdefault("train" if split == "unseen" else split, []).append(example)
    return splits


def train(examples: list[TypeExample], epochs: int = 30):
    nlp = spacy.blank("nl")
    textcat = nlp.add_pipe("textcat", config={"model": MODEL})
    for label in LETTER_TYPES:
        textcat.add_label(label)
    data = [
        Example.from_dict(
            Doc(nlp.vocab, words=words), {"cats": {t: float(t == gold) for t in LETTER_TYPES}}
        )
        for words, gold, _, _ in examples
    ]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(data)
        for batch in minibatch(data, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def accuracy(nlp, examples: list[TypeExample]) -> tuple[float, float]:
    """Accuracy of the model as tonecheck uses it (:func:`choose`: its most likely label
    of the types the letter can be, unless an unsure one brings bad news the rule-based
    reading does not) and of the rule-based reading alone."""
    bad_types = load_structure().bad_news_types
    right = rule_right = 0
    textcat = nlp.get_pipe("textcat")
    for words, gold, rule_based, ruled_out in examples:
        cats = textcat(Doc(nlp.vocab, words=words)).cats
        learned = choose(cats, rule_based, ruled_out, bad_types)
        right += (rule_based if learned is None else learned[0]) == gold
        rule_right += rule_based == gold
    return right / len(examples), rule_right / len(examples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["dev", "final"])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--oof-scores", type=Path, help="out-of-fold sentence scores")
    parser.add_argument("--items", type=Path, help="the items cache they belong to")
    parser.add_argument(
        "--leave-out", default="", help="writers whose letters are left out, e.g. 26-31"
    )
    parser.add_argument(
        "--add-unseen", default="", help="writers of unseen/ to learn from too, e.g. 65-70"
    )
    args = parser.parse_args()
    oof = None
    if args.oof_scores:
        base = load_structure().roles
        assert base is not None and args.items, "--oof-scores needs --items and a role model"
        oof = ReplayedRoles(base, load_table(args.items, args.oof_scores))
    splits = examples_by_split(oof, writer_range(args.leave_out), writer_range(args.add_unseen))
    if oof is not None:
        print(f"out-of-fold roles for {oof.found} sentences, bundled for {oof.missed}")
    if args.command == "dev":
        model = train(splits["train"])
        learned, rules = accuracy(model, splits["dev"])
        print(f"dev ({len(splits['dev'])} letters): learned {learned:.2f}, rule-based {rules:.2f}")
        return
    model = train(splits["train"] + splits["dev"])
    for name in ("test", "devletters"):
        if splits.get(name):
            learned, rules = accuracy(model, splits[name])
            print(f"{name} ({len(splits[name])} letters): learned {learned:.2f}, "
                  f"rule-based {rules:.2f}")  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    model.to_disk(args.out)
    print(f"saved to {args.out}")


if __name__ == "__main__":
    main()
