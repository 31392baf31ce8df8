"""Evaluate a pipeline on alpino-test.conllu (held out: never trained on).

The pipeline is loaded as tonecheck runs it (with its lemma normalisation: lower case,
separable verbs joined). Lemmas are compared after removing Alpino's ``_`` marks from
the gold lemmas. Two
groupings are reported: one sentence per document (as ``spacy convert`` does by default,
where sentence F measures wrong splits inside a sentence) and ten sentences per document
(where the parser must also find the boundaries between sentences).

Usage: python training/evaluate.py MODEL_DIR [--ud-dir DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy
from spacy.training import Example

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import prepare

from tonecheck.nlp.pipeline import load_pipeline

KEYS = {
    "pos_acc": "UPOS", "morph_acc": "morph", "lemma_acc": "lemma", "tag_acc": "CGN tag",
    "dep_uas": "UAS", "dep_las": "LAS", "sents_f": "sentence F",
}  # fmt: skip


def evaluate(nlp, sentences, per_doc: int) -> dict[str, float]:
    docs = [prepare.to_doc(nlp.vocab, g) for g in prepare.chunk(sentences, per_doc)]
    start = time.perf_counter()
    predicted = list(nlp.pipe(d.text for d in docs))
    seconds = time.perf_counter() - start
    examples = [Example(p, g) for p, g in zip(predicted, docs, strict=True)]
    scores = spacy.scorer.Scorer(nlp).score(examples)
    result = {key: float(scores[key]) for key in KEYS}
    result["words_per_second"] = sum(len(d) for d in docs) / seconds
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--ud-dir", type=Path, default=Path("../shared/ud-dutch"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    # loaded as tonecheck loads it: with its line-break and lemma components
    nlp = load_pipeline(str(args.model))
    sentences = prepare.read_conllu(args.ud_dir / prepare.TEST_FILE)
    results = {f"{n} per doc": evaluate(nlp, sentences, n) for n in (1, 10)}
    print(f"{'':12s}" + "".join(f"{k:>16s}" for k in results))
    for key, label in KEYS.items():
        print(f"{label:12s}" + "".join(f"{r[key]:16.3f}" for r in results.values()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
