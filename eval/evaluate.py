"""Precision and recall per category (and letter-type accuracy) on a labelled corpus.

Usage: python eval/evaluate.py [--corpus eval/corpus] [--labels eval/labels.yml]

A letter counts as "flagged" for a category when tonecheck reports at least one finding
of that category (any level). Only categories named in a letter's labels are scored.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from ruamel.yaml import YAML

from tonecheck.documents import read_document
from tonecheck.engine.loader import load_rules
from tonecheck.engine.runner import check_letter
from tonecheck.nlp.letter import understand
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure_spec import load_structure
from tonecheck.paths import default_rules_dir

HERE = Path(__file__).resolve().parent
QUIET_ZONES = {"address", "reference", "signature"}  # rules must never report here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--labels", type=Path, default=HERE / "labels.yml")
    parser.add_argument(
        "--only", metavar="FIRST-LAST", help="score only letters numbered FIRST to LAST, e.g. 21-30"
    )
    args = parser.parse_args()
    labels = YAML(typ="safe").load(args.labels.read_text(encoding="utf-8"))["letters"]
    if args.only:
        first, last = (int(n) for n in args.only.split("-"))
        labels = {k: v for k, v in labels.items() if first <= int(k.split("-")[0]) <= last}
    nlp, structure = load_pipeline(), load_structure()
    rules = load_rules([default_rules_dir()], nlp, structure)
    counts: dict[str, Counter] = {}
    mistakes, types_right, good_letters = [], 0, 0
    for name, label in sorted(labels.items()):
        letter = understand(nlp, structure, read_document(args.corpus / name))
        types_right += letter.letter_type.label == label["type"]
        if letter.letter_type.label != label["type"]:
            mistakes.append(f"TYPE {letter.letter_type.label} (expected {label['type']}) {name}")
        findings = check_letter(letter, rules)
        found = Counter(f.category for f in findings)
        if not any(label["expect"].values()):  # a good letter: nothing expected
            errors = [f.rule for f in findings if f.level.name.lower() == "error"]
            if errors:
                mistakes.append(f"ERROR-LEVEL FINDING ON A GOOD LETTER {name}: {errors}")
            good_letters += 1
        for f in findings:
            zone = letter.document.blocks[f.location.paragraph].zone
            if zone in QUIET_ZONES:
                mistakes.append(f"FINDING IN {zone.upper()} {f.rule} {name}: {f.excerpt[:60]}")
        for category, expected in label["expect"].items():
            got = found[category] > 0
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (expected, got), "tn"
            )
            counts.setdefault(category, Counter())[key] += 1
            if key in ("fp", "fn"):
                mistakes.append(f"{key.upper()} {category:14} {name}")
    print(f"letters: {len(labels)} ({good_letters} good: nothing expected)")
    print(f"letter type right: {types_right}/{len(labels)}")
    print(f"{'category':14} {'precision':>9} {'recall':>7}   tp fp fn tn")
    for category, c in sorted(counts.items()):
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        print(f"{category:14} {precision:9.2f} {recall:7.2f}   "
              f"{c['tp']:2} {c['fp']:2} {c['fn']:2} {c['tn']:2}")  # fmt: skip
    print("\n".join(mistakes))


if __name__ == "__main__":
    main()
