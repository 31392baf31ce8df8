"""Measure tonecheck's rewrites (``Finding.replacement``) on a corpus and on real letters.

Usage:
    python eval/rewrites.py                    # the corpus: exact / equivalent / wrong
    python eval/rewrites.py --show             # ... and every rewrite that is not exact
    python eval/rewrites.py --recheck samples ../shared/real-letters ../shared/dev-letters
    python eval/rewrites.py --corpus eval/rewrites/heldout.tsv   # written later, not tuned on

The corpus (``eval/rewrites/corpus.tsv``: id, rule, voice, sentence, expected) was written
before the rewriting code. Each sentence is checked as a small letter (after one sentence in
the letter's voice: ``wij``, ``ik``, ``we`` or ``none``); the first finding of the row's rule
in the sentence gives the rewrite. ``expected`` is ``-`` where no safe rewrite exists.
Every rewrite that differs from the expected text is reviewed in
``eval/rewrites/review.tsv`` (id, rewrite, verdict, why); only those judged ``equivalent``
count as such.

Outcomes: exact (as expected, also a correct "no rewrite"), equivalent (listed in the
review), missed (a rewrite was expected, none came), wrong (a different rewrite, or one
where none was expected), not flagged (the rule did not fire: no rewrite to judge).

Every rewrite is also checked for protected tokens (numbers, amounts, dates, names, article
numbers, placeholders): each must stand in the rewrite exactly as in the sentence. The
check here is written apart from the one in tonecheck, so a mistake in one shows in the
other.

``--recheck`` puts each rewrite of each letter back into the letter and checks it again:
the rewritten words must no longer trigger the rule, and no rule may report more findings
at warning level or above than before. A letter labelled like ../shared/dev-letters
(``labels.yaml`` beside its folder) may gain a warning its label expects: the first check
missed it, which eval/dev_letters.py counts; the rewrite added no false alarm. It also runs
the protected-token check. Letters are checked as plain text (a .docx by its text), before
and after, so like is compared with like.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tonecheck.checker import Checker
from tonecheck.common.findings import Finding
from tonecheck.documents import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.evaluation import load_dev_labels
from tonecheck.rewrite.verify import overlapping, warning_counts
from tonecheck.runtime import load_checker

HERE = Path(__file__).resolve().parent / "rewrites"
CORPUS = HERE / "corpus.tsv"
REVIEW = HERE / "review.tsv"
VOICES = {
    "wij": "Wij hebben uw brief van 2 mei gelezen.",
    "ik": "Ik heb uw brief van 2 mei gelezen.",
    "we": "We hebben je bericht van 2 mei gelezen.",
    "none": "",
}
# the rest of a complete letter around the sentence (--frame letter): what a letter needs
# besides it (empathy, reasons, what the reader can do, objection, contact), so that
# letter-level rules judge the rewrite as they would in a real letter; in the voice of
# the row ('none': the sentence alone, a letter without a known sender)
FRAMES = {
    "wij": (
        "Geachte heer De Vries,\n\n{voice}\n\n{sentence}\n\n"
        "Wij begrijpen dat dit voor u een lastige situatie is. Uw inkomen is € 1.812 per maand. "
        "De grens voor u is € 1.650.\n\nWat kunt u wel doen? U kunt een lening "
        "aanvragen bij de Kredietbank. Wij sturen u binnen twee weken een nieuw overzicht.\n\n"
        "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken. "
        "Stuur uw bezwaar naar het college van burgemeester en wethouders, Postbus 100, "
        "1000 AA Ons Dorp.\n\nHeeft u vragen? Bel ons dan op 14 020.\n\n"
        "Met vriendelijke groet,\n\nHet college van burgemeester en wethouders"
    ),
    "ik": (
        "Geachte heer De Vries,\n\n{voice}\n\n{sentence}\n\n"
        "Ik begrijp dat dit voor u een lastige situatie is. De schuur is 4,20 meter hoog. "
        "Volgens het omgevingsplan mag dat hoogstens 3 meter zijn.\n\nWat kunt u wel doen? "
        "U kunt een nieuwe vergunning aanvragen. Ik stuur u binnen twee weken een nieuw "
        "overzicht.\n\nBent u het niet eens met dit besluit? Dan kunt u binnen zes weken "
        "bezwaar maken. Stuur uw bezwaar naar het college van burgemeester en wethouders, "
        "Postbus 100, 1000 AA Ons Dorp.\n\n"
        "Heeft u vragen? Bel mij dan op 14 020.\n\nMet vriendelijke groet,\n\n"
        "J. Smit, toezichthouder"
    ),
    "we": (
        "Beste Sam,\n\n{voice}\n\n{sentence}\n\n"
        "We begrijpen dat dit voor je een lastige situatie is. Je inkomen is € 1.812 per maand. "
        "De grens voor jou is € 1.650.\n\nWat kun je wel doen? Je kunt een lening "
        "aanvragen bij DUO. We sturen je binnen twee weken een nieuw overzicht.\n\nBen je "
        "het niet eens met dit besluit? Dan kun je binnen zes weken bezwaar maken. Stuur je "
        "bezwaar naar DUO, Postbus 50061, 9702 EB Groningen.\n\nHeb je vragen? Bel ons dan "
        "op 050 599 77 55.\n\nGroeten,\n\nDUO"
    ),
}
FRAME = "letter"  # or "sentence": the voice sentence and the sentence alone (--frame)


def letter_of(row: Row) -> tuple[str, int]:
    """The letter a row's sentence is checked in, and where the sentence starts."""
    voice = VOICES[row.voice]
    if FRAME == "letter" and row.voice in FRAMES:
        text = FRAMES[row.voice].format(voice=voice, sentence=row.sentence)
    else:
        text = f"{voice}\n\n{row.sentence}" if voice else row.sentence
    return text, text.index(row.sentence)


OUTCOMES = ("exact", "equivalent", "missed", "wrong", "not flagged")
LETTER_SUFFIXES = (".txt", ".md", ".docx")

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
# what a rewrite must leave exactly as it stands
PROTECTED = re.compile(
    r"""
    \[[^\]]*\]|\{\{[^}]*\}\}|\{[^}]*\}|%[A-Z_.]+%|<<[^>]*>>   # placeholders
    | (?:€|EUR)\s?\d+(?:[.,]\d+)*(?:,-)?                       # amounts
    | \b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}\b                 # IBAN
    | \d+(?:[.,:/-]\d+)*[a-z]?                                 # numbers, dates, articles
    """,
    re.VERBOSE,
)
# capitalised words that are no names: how sentences may start after a rewrite
NOT_NAMES = {
    "u", "uw", "wij", "we", "ik", "je", "jij", "jouw", "zij", "ze", "hij", "die", "dat",
    "dit", "deze", "daar", "daarin", "daarmee", "daarbij", "daarom", "maar", "wilt", "wil",
    "de", "het", "een", "als", "omdat", "voordat", "vanaf", "volgens", "over", "nu",
    "misschien", "hierbij",
}  # fmt: skip


@dataclass
class Row:
    id: str
    rule: str
    voice: str
    sentence: str
    expected: str | None  # None: no rewrite expected


@dataclass
class Judged:
    row: Row
    outcome: str
    produced: str | None
    protected_lost: list[str]


def load_corpus(path: Path = CORPUS) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(
                r["id"],
                r["rule"],
                r["voice"],
                r["sentence"],
                None if r["expected"] == "-" else r["expected"],
            )
            for r in reader
        ]


def load_review(path: Path = REVIEW) -> dict[str, str]:
    """Row id -> the rewrite judged equivalent (review.tsv: id, rewrite, verdict, why; only
    the verdict 'equivalent' counts)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {r["id"]: r["rewrite"] for r in reader if r["verdict"] == "equivalent"}


def protected_tokens(text: str) -> Counter[str]:
    """Numbers, amounts, dates, IBANs, article numbers, placeholders and names in ``text``."""
    found: Counter[str] = Counter(m.group(0) for m in PROTECTED.finditer(text))
    words = re.findall(r"[\w'-]+|[^\w\s]", text)
    for index, word in enumerate(words):
        at_start = index == 0 or words[index - 1] in (".", "?", "!", ":")
        if (
            word[:1].isupper() and not at_start and word.lower() not in NOT_NAMES
        ) or word.lower() in MONTHS:
            found[word] += 1
    return found


def lost_tokens(before: str, after: str) -> list[str]:
    """Protected tokens of ``before`` that ``after`` does not hold as they were."""
    return sorted((protected_tokens(before) - protected_tokens(after)).elements())


def applied(text: str, finding: Finding) -> str:
    replacement = finding.replacement
    assert replacement is not None
    return text[: replacement.start] + replacement.text + text[replacement.end :]


def rewrite_of(checker: Checker, row: Row) -> tuple[bool, str | None]:
    """(flagged, the rewritten sentence or None) for one corpus row."""
    text, start = letter_of(row)
    document = read_text(text, f"<{row.id}>")
    assert document.text == text
    end = start + len(row.sentence)
    result = checker.check(document)
    own = [f for f in result.findings if f.rule == row.rule and start <= f.location.start < end]
    if not own:
        return False, None
    first = min(own, key=lambda f: f.location.start)
    if getattr(first, "replacement", None) is None:
        return True, None
    new_text = applied(text, first)
    return True, new_text[start : end + len(new_text) - len(text)].strip()


def judge(row: Row, flagged: bool, produced: str | None, review: dict[str, str]) -> str:
    if not flagged:
        return "not flagged"
    if produced is None:
        return "exact" if row.expected is None else "missed"
    if produced == row.expected:
        return "exact"
    return "equivalent" if review.get(row.id) == produced else "wrong"


def evaluate_corpus(checker: Checker, rows: list[Row], review: dict[str, str]) -> list[Judged]:
    judged = []
    for row in rows:
        flagged, produced = rewrite_of(checker, row)
        lost = lost_tokens(row.sentence, produced) if produced else []
        judged.append(Judged(row, judge(row, flagged, produced, review), produced, lost))
    return judged


def kind_of(rule: str) -> str:
    for prefix, kind in (
        ("taal.", "officialese"),
        ("lijdend.", "passive"),
        ("toon.", "commanding"),
        ("zin.", "long sentence"),
    ):
        if rule.startswith(prefix):
            return kind
    return rule


def report_corpus(judged: list[Judged], show: bool) -> int:
    table: dict[str, Counter[str]] = {}
    for item in judged:
        table.setdefault(kind_of(item.row.rule), Counter())[item.outcome] += 1
    total = Counter[str]()
    print(f"{'rule':15} {'rows':>5} " + " ".join(f"{o:>11}" for o in OUTCOMES) + "   rewrites")
    for kind, counts in table.items():
        total.update(counts)
        made = sum(1 for j in judged if kind_of(j.row.rule) == kind and j.produced)
        print(
            f"{kind:15} {sum(counts.values()):>5} "
            + " ".join(f"{counts[o]:>11}" for o in OUTCOMES)
            + f"   {made:>8}"
        )
    rows = sum(total.values())
    good = total["exact"] + total["equivalent"]
    print(f"{'all':15} {rows:>5} " + " ".join(f"{total[o]:>11}" for o in OUTCOMES))
    print(f"\nexact or equivalent: {good}/{rows} = {good / rows:.1%}")
    expected_some = [j for j in judged if j.row.expected is not None]
    made = [j for j in judged if j.produced]
    right = [j for j in made if j.outcome in ("exact", "equivalent")]
    precision = len(right) / max(len(made), 1)
    print(
        f"rewrites made: {len(made)}, right: {len(right)} (precision {precision:.1%}); "
        f"rows expecting one: {len(expected_some)}, got it right: {len(right)}"
    )
    lost = [j for j in judged if j.protected_lost]
    print(f"protected-token violations: {len(lost)} of {len(made)} rewrites")
    for item in lost:
        print(f"  {item.row.id}: lost {item.protected_lost}: {item.produced}")
    if show:
        for item in judged:
            if item.outcome != "exact":
                print(
                    f"\n{item.row.id} [{item.outcome}] {item.row.rule}\n"
                    f"  zin:       {item.row.sentence}\n"
                    f"  verwacht:  {item.row.expected or '-'}\n"
                    f"  gemaakt:   {item.produced or '-'}"
                )
    return 1 if lost or good / rows < 0.9 else 0


@dataclass
class Recheck:
    letters: int = 0
    rewrites: int = 0
    still_triggers: int = 0
    added_warnings: int = 0
    protected_lost: int = 0


def letter_paths(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in LETTER_SUFFIXES)
        else:
            found.append(path)
    return found


@cache
def _folder_labels(folder: Path) -> dict:
    return load_dev_labels(folder) if (folder / "labels.yaml").is_file() else {}


def expected_categories(path: Path) -> frozenset[str]:
    """The categories a labelled letter's label expects a finding of (none when the
    letter has no label: ``labels.yaml`` in its folder or the one above)."""
    for folder in (path.parent, path.parent.parent):
        label = _folder_labels(folder).get(path.name)
        if label is not None:
            return frozenset(c for c, wanted in label["expect"].items() if wanted)
    return frozenset()


def recheck_letter(
    checker: Checker,
    text: str,
    name: str,
    tally: Recheck,
    verbose: bool,
    expected: Collection[str] = (),
) -> None:
    """Put each rewrite of the letter back and check it again; a gained warning of one of
    the ``expected`` categories (the letter's label) is no false alarm."""
    letter = read_text(text, name)
    text = letter.text
    before = checker.check(letter).findings
    warnings = warning_counts(before)
    for finding in before:
        replacement = getattr(finding, "replacement", None)
        if replacement is None:
            continue
        tally.rewrites += 1
        new_text = applied(text, finding)
        old = text[replacement.start : replacement.end]
        lost = lost_tokens(old, replacement.text)
        after = checker.check(read_text(new_text, name)).findings
        end = replacement.start + len(replacement.text)
        was = overlapping(before, finding.rule, replacement.start, replacement.end)
        now = overlapping(after, finding.rule, replacement.start, end)
        categories = {f.rule: f.category for f in after}
        added = Counter(
            {
                rule: n
                for rule, n in (warning_counts(after) - warnings).items()
                if categories.get(rule) not in expected
            }
        )
        tally.still_triggers += now >= was
        tally.added_warnings += bool(added)
        tally.protected_lost += bool(lost)
        if verbose or now >= was or added or lost:
            problems = []
            if now >= was:
                problems.append("still triggers its rule")
            if added:
                problems.append(f"adds {dict(added)}")
            if lost:
                problems.append(f"loses {lost}")
            line_start = text.rfind("\n", 0, replacement.start) + 1
            line_end = text.find("\n", replacement.end)
            line_end = len(text) if line_end < 0 else line_end
            print(
                f"{name}: {finding.rule}: {'; '.join(problems) or 'ok'}\n"
                f"   {text[line_start:line_end]}\n"
                f"-> {new_text[line_start : line_end + len(new_text) - len(text)]}"
            )


def recheck_root(checker: Checker, root: Path, verbose: bool) -> Recheck:
    """The re-check of one letter, or of every letter under a folder, each with the
    warnings its label expects (:func:`expected_categories`)."""
    tally = Recheck()
    for path in letter_paths([root]):
        document = read_document(str(path))
        tally.letters += 1
        recheck_letter(checker, document.text, str(path), tally, verbose, expected_categories(path))
    return tally


def recheck(checker: Checker, paths: list[Path], verbose: bool) -> int:
    print(f"{'letters':28} {'letters':>8} {'rewrites':>9} {'still':>6} {'+warn':>6} {'lost':>5}")
    status = 0
    for root in paths:
        tally = recheck_root(checker, root, verbose)
        print(
            f"{root!s:28} {tally.letters:>8} {tally.rewrites:>9} {tally.still_triggers:>6} "
            f"{tally.added_warnings:>6} {tally.protected_lost:>5}"
        )
        status |= bool(tally.still_triggers or tally.added_warnings or tally.protected_lost)
    return status


def corpus_recheck(checker: Checker, rows: list[Row], verbose: bool) -> int:
    """The re-check over the corpus sentences, each as its little letter."""
    tally = Recheck()
    for row in rows:
        text, _ = letter_of(row)
        tally.letters += 1
        recheck_letter(checker, text, f"<{row.id}>", tally, verbose)
    print(
        f"{'corpus':28} {tally.letters:>8} {tally.rewrites:>9} {tally.still_triggers:>6} "
        f"{tally.added_warnings:>6} {tally.protected_lost:>5}"
    )
    return int(bool(tally.still_triggers or tally.added_warnings or tally.protected_lost))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="list every rewrite that is not exact")
    parser.add_argument("--recheck", nargs="*", type=Path, help="letters or folders to re-check")
    parser.add_argument("--verbose", action="store_true", help="with --recheck: every rewrite")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="another corpus (heldout.tsv)")
    parser.add_argument(
        "--frame",
        choices=("letter", "sentence"),
        default="letter",
        help="check each sentence in a complete letter (default) or alone",
    )
    args = parser.parse_args(argv)
    global FRAME
    FRAME = args.frame
    _, checker = load_checker(Path("."), search_config=False)
    rows = load_corpus(args.corpus)
    if args.recheck is not None:
        return corpus_recheck(checker, rows, args.verbose) | recheck(
            checker, args.recheck, args.verbose
        )
    return report_corpus(evaluate_corpus(checker, rows, load_review()), args.show)


if __name__ == "__main__":
    sys.exit(main())
