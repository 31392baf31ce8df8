"""Letter-level results on the annotated letters of one split: the four core categories
(empathy, reasons, alternatives, objection clause) and the letter type.

What a letter should get follows from its sentence annotations, by the same definitions
as ../shared/dev-letters/README.md:
- bad news: a sentence with role decision-negative;
- empathy expected missing: bad news and no empathy sentence;
- reasons expected missing: bad news and no reason-case or reason-rule sentence;
- alternatives expected missing: bad news and no alternative sentence;
- objection clause expected incomplete: a decision (decision-negative or -positive) in a
  letter of a decision type, and the right, the term or the where missing.
Findings count at warning level or above (a suggestion claims no defect).
Each precision and recall comes with its 95% Wilson interval: on a few dozen letters a
difference of one letter moves a figure by several hundredths.

``--split unseen`` checks the letters of training/roles/unseen/: writers no shipped
model learned from (every one of their letters, whatever its hash).

Usage: python training/roles/evaluate_letters.py [--split test|dev|unseen] [--writers 26-31]
       [--mistakes] [--config TOML]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.common.findings import Level
from tonecheck.evaluation import category_table
from tonecheck.runtime import load_checker

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from roles_data import Letter  # noqa: E402
from train_roles import letters_in, writer_number, writer_range  # noqa: E402

DECISION_TYPES = {
    "afwijzing", "toekenning", "gedeeltelijke-toekenning", "boete", "terugvordering",
    "handhaving", "beslissing-op-bezwaar",
}  # fmt: skip
CATEGORIES = ("empathy", "reasons", "alternatives", "objection")
# letters whose clause has all three roles but no place to send the objection (see the file)
WITHOUT_PLACE_FILE = Path(__file__).with_name("objection-clauses-without-place.txt")


def clauses_without_place(path: Path = WITHOUT_PLACE_FILE) -> frozenset[str]:
    """The ids of the letters whose objection clause names no place, though annotated
    with all three of its roles (only what to put in the objection)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


WITHOUT_PLACE = clauses_without_place()


def brings_bad_news(letter: Letter) -> bool:
    """By its annotations: a sentence states a decision against the reader."""
    return any("decision-negative" in s.roles for s in letter.sentences)


def expected(letter: Letter) -> dict[str, bool]:
    roles = Counter(r for s in letter.sentences for r in s.roles)
    bad = brings_bad_news(letter)
    decision = bad or roles["decision-positive"] > 0
    clause = letter.id not in WITHOUT_PLACE and all(
        roles[r] for r in ("objection-right", "objection-term", "objection-where")
    )
    return {
        "empathy": bad and not roles["empathy"],
        "reasons": bad and not (roles["reason-case"] or roles["reason-rule"]),
        "alternatives": bad and not roles["alternative"],
        "objection": decision and letter.letter_type in DECISION_TYPES and not clause,
    }


def letter_paths(letters: list[Letter], folder: str) -> list[str]:
    """Where tonecheck reads each letter: written letters as text files in ``folder``,
    the others where they are."""
    paths = []
    for letter in letters:
        if letter.source.endswith(".roles"):
            path = Path(folder, f"{letter.id}.txt")
            path.write_text(letter.text, encoding="utf-8")
            paths.append(str(path))
        else:
            paths.append(letter.source)
    return paths


@dataclass
class Tally:
    """Letter-level counts of the core categories, bad news and the letter type."""

    counts: dict[str, Counter] = field(
        default_factory=lambda: {c: Counter() for c in (*CATEGORIES, "bad news")}
    )
    letters: int = 0
    types_right: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, letter: Letter, result) -> None:
        found = {f.category for f in result.findings if f.level >= Level.WARNING}
        label = result.letter.letter_type.label if result.letter else ""
        self.letters += 1
        self.types_right += label == letter.letter_type
        if label != letter.letter_type:
            self.mistakes.append(f"TYPE {label} (expected {letter.letter_type}) {letter.id}")
        bad = result.letter is not None and result.letter.letter_type.bad_news
        for category, wanted, got in [
            *((c, w, c in found) for c, w in expected(letter).items()),
            ("bad news", brings_bad_news(letter), bad),
        ]:
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (wanted, got), "tn"
            )
            self.counts[category][key] += 1
            if key in ("fp", "fn"):
                self.mistakes.append(f"{key.upper()} {category:12} {letter.id}")

    def show(self, title: str, mistakes: bool = False) -> None:
        print(f"{title}: {self.letters} letters; findings at warning or above")
        share = self.types_right / max(self.letters, 1)
        print(f"letter type: {self.types_right}/{self.letters} = {share:.2f}")
        print("\n".join(category_table(self.counts)))
        if mistakes:
            print("\n".join(self.mistakes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test")
    parser.add_argument("--mistakes", action="store_true")
    parser.add_argument("--config", type=Path, default=None, help="tonecheck.toml to use")
    parser.add_argument(
        "--writers",
        default="",
        help="only these writer files, e.g. 26-31 (the writers the shipped role model never saw)",
    )
    args = parser.parse_args()
    letters = letters_in(args.split)
    if args.writers:
        wanted = writer_range(args.writers)
        letters = [letter for letter in letters if writer_number(letter.id) in wanted]
    _, checker = load_checker(HERE, config_path=args.config)
    with tempfile.TemporaryDirectory() as folder:
        results = list(checker.check_paths(letter_paths(letters, folder)))
    tally = Tally()
    for letter, result in zip(letters, results, strict=True):
        tally.add(letter, result)
    tally.show(args.split, args.mistakes)


if __name__ == "__main__":
    main()
