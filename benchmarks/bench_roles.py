"""What the sentence roles cost: role scoring (and the learned letter type) against
``nlp.pipe`` on the same letters.

The letters are those of eval/corpus and samples/ (text and .docx), read and zoned as
tonecheck reads them, each round in a fresh order. Per round: the time for the pipeline
(``nlp.pipe`` through tonecheck's batching), then for the roles of every letter
(features, both classifiers), then for the learned letter type. The issue's bound: the
roles add at most 25% to ``nlp.pipe``.

The role model remembers the scores of the sentences it read last (the same sentences
score the same); the memory is emptied before each round, or every round after the first
would only build features.

Usage: python benchmarks/bench_roles.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from tonecheck.documents import read_document
from tonecheck.nlp.analyse import analyse_many
from tonecheck.nlp.letter import sentences_with_text
from tonecheck.nlp.letter_type import classify
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure import load_structure
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES
from tonecheck.nlp.zones import assign_zones

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    nlp = load_pipeline()
    spec = load_structure()
    if spec.roles is None:
        raise SystemExit("no role model in the bundled pipeline")
    paths = sorted((ROOT / "eval" / "corpus").iterdir()) + sorted(
        p for p in (ROOT / "samples").iterdir() if p.suffix in (".docx", ".txt")
    )
    documents = [assign_zones(read_document(p), spec) for p in paths]
    words = sum(len(d.text.split()) for d in documents)
    ratios, letter_type_ratios = [], []
    for round_number in range(args.rounds):
        order = documents[:]
        random.Random(round_number).shuffle(order)
        started = time.perf_counter()
        docs = list(analyse_many(nlp, order))
        parse = time.perf_counter() - started
        types = [classify(d, doc, spec) for d, doc in zip(order, docs, strict=True)]
        # every round scores afresh: the model remembers the scores of recent sentences,
        # and every round reads the same letters
        spec.roles.forget()
        started = time.perf_counter()
        all_roles = [
            spec.roles.assign(
                doc, d, sentences_with_text(d, doc), t.sentence_signals, NON_TEXT_ZONES
            )
            for d, doc, t in zip(order, docs, types, strict=True)
        ]
        roles = time.perf_counter() - started
        started = time.perf_counter()
        if spec.letter_type_model is not None:
            for d, t, r in zip(order, types, all_roles, strict=True):
                spec.letter_type_model.classify(d, t, r)
        learned_type = time.perf_counter() - started
        ratios.append(roles / parse)
        letter_type_ratios.append(learned_type / parse)
        print(
            f"round {round_number + 1}: nlp.pipe {parse:.2f} s ({words / parse:,.0f} words/s), "
            f"roles {roles:.2f} s (+{roles / parse:.0%}), learned type {learned_type:.3f} s"
        )
    print(
        f"{len(documents)} letters, {words:,} words: roles add "
        f"{statistics.median(ratios):.0%} to nlp.pipe (median of {args.rounds}), the learned "
        f"letter type {statistics.median(letter_type_ratios):.1%}"
    )


if __name__ == "__main__":
    main()
