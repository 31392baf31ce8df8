"""Measure tonecheck on the 48 letters in ../shared/dev-letters, written and labelled by others.

Usage: python eval/dev_letters.py [--mistakes] [--min-level warning] [--letters DIR] [--config TOML]

Their labels (../shared/dev-letters/README.md) become expectations per category
(``tonecheck.evaluation.expectations``): a finding
of empathy, reasons or alternatives is expected exactly on a bad-news letter labelled
absent / unexplained, an objection finding on a letter whose clause is absent or
incomplete. Only findings at --min-level or above count (a suggestion claims no defect).
The letters stay in ../shared; this script reads them from there. By default only the
numbers are printed: look at the mistakes (--mistakes) only after measuring, and say so.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from tonecheck.common.findings import Level
from tonecheck.evaluation import category_table, evaluate, load_dev_labels, score
from tonecheck.runtime import load_checker

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "shared" / "dev-letters"
CATEGORIES = ("empathy", "reasons", "alternatives", "objection")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--min-level", default="warning", choices=[lv.name.lower() for lv in Level])
    parser.add_argument("--mistakes", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--config", type=Path, default=None, help="tonecheck.toml to use")
    args = parser.parse_args()
    labels = load_dev_labels(args.letters)
    _, checker = load_checker(args.letters / "letters", config_path=args.config)
    result = evaluate(args.letters / "letters", labels, checker)
    floor = Level[args.min_level.upper()]
    for outcome in result.letters:
        outcome.findings = [f for f in outcome.findings if Level[f["level"].upper()] >= floor]
    result = score(result.letters, labels, checker.rules)
    print(f"dev-letters: {len(labels)} letters, findings at {args.min_level} or above")
    print(
        f"letter type: {result.types_right}/{len(labels)} = {result.types_right / len(labels):.2f}"
    )
    # types of ours that their label set lacks (voornemen): named, not mapped onto theirs
    theirs = {entry["type"] for entry in labels.values()}
    outside = Counter(
        o.found_type
        for o in result.letters
        if o.found_type not in theirs and o.found_type != o.expected_type
    )
    if outside:
        named = ", ".join(f"{label} ({count})" for label, count in sorted(outside.items()))
        print(f"  of the misses, a type their label set does not have: {named}")
    measured = {c: result.by_category[c] for c in CATEGORIES if c in result.by_category}
    print("\n".join(category_table(measured)))
    if args.mistakes:
        print("\n".join(m for m in result.mistakes if m.split()[1] in CATEGORIES or "TYPE" in m))


if __name__ == "__main__":
    main()
