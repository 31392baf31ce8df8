"""What a change to the plain-language word lists gains and what it costs (issue 24).

Usage: python eval/list_quality.py [--baseline REV] [--sentences FILE] [--letters DIR]...
                                   [--show misses|alarms|forms|letters]...

Compares the rule set in rules/ ("nu") with the one at git revision REV ("voor", default
HEAD; --baseline none leaves it out), both run by the engine of this checkout:

1. On eval/officialese/sentences.tsv, sentences written without looking at the lists
   (each checked as a letter of its own): the share of marked words a list flags (per
   class and per form: dictionary form, inflected, split), the share of plain sentences
   with a finding (false alarms), and how many listed terms the sentences use are found in
   every form they take there.
2. On the letters of ../shared/real-letters and ../shared/dev-letters/letters: the
   findings of the word lists per letter.

The word lists are the ``terms`` rules of the category plain-language. --show prints the
misses, the false alarms, the listed terms missed in some form, or the findings per
letter.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from tonecheck.common.findings import Finding
from tonecheck.documents import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.engine.lemma_terms import plain_entry
from tonecheck.engine.loader import RuleSet, load_rules
from tonecheck.engine.runner import run_rules
from tonecheck.nlp.letter import Letter, understand
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure import load_structure

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "eval" / "officialese" / "sentences.tsv"
SHARED = ROOT.parent / "shared"
LETTERS = (SHARED / "real-letters", SHARED / "dev-letters" / "letters")
CATEGORY = "plain-language"


@dataclass(frozen=True)
class Sentence:
    kind: str  # flag | ok
    klass: str  # ambtelijk | stijf | ouderwets | -
    form: str  # basis | verbogen | gescheiden | -
    lemma: str
    marked: tuple[str, ...]  # the marked parts, in sentence order
    text: str

    def spans(self) -> list[tuple[int, int]]:
        """Character spans of the marked parts."""
        spans, start = [], 0
        for part in self.marked:
            begin = self.text.index(part, start)
            spans.append((begin, begin + len(part)))
            start = begin + len(part)
        return spans


@dataclass
class RuleSetResult:
    """What one rule set's word lists found."""

    name: str
    entries: set[str]  # the listed terms, markup removed, lower case
    sentence_findings: list[list[Finding]] = field(default_factory=list)
    letter_findings: dict[str, list[Finding]] = field(default_factory=dict)


def read_sentences(path: Path) -> list[Sentence]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t")
    return [
        Sentence(
            row["soort"],
            row["klasse"],
            row["vorm"],
            row["lemma"],
            tuple(row["gemarkeerd"].split(" … ")) if row["soort"] == "flag" else (),
            row["zin"],
        )
        for row in rows
    ]


def baseline_rules(revision: str, into: Path) -> Path:
    """The rules/ folder at a git revision, unpacked into ``into`` (git is only read)."""
    archive = subprocess.run(
        ["git", "archive", revision, "rules"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "rules"


def list_rules(rules: RuleSet) -> set[str]:
    return {
        r.id for r in rules.rules if r.category == CATEGORY and r.data["check"]["kind"] == "terms"
    }


def listed_terms(rules: RuleSet) -> set[str]:
    ids = list_rules(rules)
    entries: set[str] = set()
    for rule in rules.rules:
        if rule.id in ids:
            entries |= {plain_entry(t).lower() for t in rule.data["check"].get("terms") or []}
    return entries


def list_findings(letter: Letter, rules: RuleSet, ids: set[str]) -> list[Finding]:
    return [f for f in run_rules(letter, rules).findings if f.rule in ids]


def found(sentence: Sentence, findings: list[Finding]) -> bool:
    """Every marked part lies under a finding."""
    where = [(f.location.start, f.location.end) for f in findings]
    return all(any(s < e2 and s2 < e for s2, e2 in where) for s, e in sentence.spans())


def letter_paths(folders: Iterable[Path]) -> list[Path]:
    paths: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            paths += sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".docx"))
    return [p for p in paths if p.name != "README.md"]


def measure(
    name: str, rules: RuleSet, sentence_letters: list[Letter], letters: dict[str, Letter]
) -> RuleSetResult:
    ids = list_rules(rules)
    result = RuleSetResult(name, listed_terms(rules))
    result.sentence_findings = [list_findings(s, rules, ids) for s in sentence_letters]
    result.letter_findings = {p: list_findings(lt, rules, ids) for p, lt in letters.items()}
    return result


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else "-"


def report_sentences(sentences: list[Sentence], result: RuleSetResult) -> list[str]:
    pairs = list(zip(sentences, result.sentence_findings, strict=True))
    flagged = [(s, found(s, f)) for s, f in pairs if s.kind == "flag"]
    plain = [bool(f) for s, f in pairs if s.kind == "ok"]
    out = [f"  gemarkeerde woorden gevonden: {share(sum(h for _, h in flagged), len(flagged))}"]
    for key, label in (("klass", "klasse"), ("form", "vorm")):
        groups: dict[str, list[bool]] = defaultdict(list)
        for sentence, hit in flagged:
            groups[getattr(sentence, key)].append(hit)
        out += [f"    {label} {g:11} {share(sum(h), len(h))}" for g, h in sorted(groups.items())]
    out.append(f"  valse meldingen op gewone zinnen: {share(sum(plain), len(plain))}")
    by_entry: dict[str, list[bool]] = defaultdict(list)
    for sentence, hit in flagged:
        if sentence.lemma.lower() in result.entries:
            by_entry[sentence.lemma.lower()].append(hit)
    every = sum(all(hits) for hits in by_entry.values())
    out.append(
        f"  termen op de lijsten: {len(result.entries)}; in de zinnen: {len(by_entry)}, "
        f"in elke vorm gevonden: {share(every, len(by_entry))}"
    )
    return out


def _name(path: Path) -> str:
    """A letter's name, starting with its collection ("dev-letters/letters/s001…")."""
    path = path.resolve()
    shared = SHARED.resolve()
    return str(path.relative_to(shared if path.is_relative_to(shared) else path.parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD", help="git revision, or 'none'")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    parser.add_argument("--sentences", type=Path, default=SENTENCES)
    parser.add_argument("--letters", type=Path, action="append")
    parser.add_argument(
        "--show", action="append", default=[], choices=["misses", "alarms", "forms", "letters"]
    )
    args = parser.parse_args()
    nlp = load_pipeline()
    structure = load_structure()
    sentences = read_sentences(args.sentences)
    sentence_letters = [understand(nlp, structure, read_text(s.text, "<zin>")) for s in sentences]
    letters = {
        _name(p): understand(nlp, structure, read_document(str(p)))
        for p in letter_paths(args.letters or LETTERS)
    }
    rule_sets = {"nu": load_rules([args.rules], nlp, structure)}
    with tempfile.TemporaryDirectory() as tmp:
        if args.baseline != "none":
            old = baseline_rules(args.baseline, Path(tmp))
            rule_sets = {"voor": load_rules([old], nlp, structure), **rule_sets}
        results = [measure(n, r, sentence_letters, letters) for n, r in rule_sets.items()]
    print(f"{args.sentences.name}: {Counter(s.kind for s in sentences)}")
    for result in results:
        print(f"{result.name}:")
        print("\n".join(report_sentences(sentences, result)))
    folders = sorted({name.split("/")[0] for name in letters})
    for folder in folders:
        names = [n for n in letters if n.startswith(folder + "/")]
        line = ", ".join(
            f"{r.name} {sum(len(r.letter_findings[n]) for n in names) / len(names):.2f}"
            for r in results
        )
        print(
            f"{folder} ({len(names)} brieven), bevindingen van de woordenlijsten per brief: {line}"
        )
    last = results[-1]
    pairs = list(zip(sentences, last.sentence_findings, strict=True))
    if "misses" in args.show:
        print("\nGemist (nu):")
        for s, f in pairs:
            if s.kind == "flag" and not found(s, f):
                print(f"  [{s.klass}/{s.form}] {' … '.join(s.marked)}: {s.text}")
    if "alarms" in args.show:
        print("\nValse meldingen (nu):")
        for s, f in pairs:
            if s.kind == "ok" and f:
                print(f"  {', '.join(x.rule + ':' + x.excerpt for x in f)}: {s.text}")
    if "forms" in args.show:
        print("\nTermen op de lijst, in een vorm gemist (nu):")
        for s, f in pairs:
            if s.kind == "flag" and s.lemma.lower() in last.entries and not found(s, f):
                print(f"  {s.lemma}: {' … '.join(s.marked)}")
    if "letters" in args.show:
        for name in letters:
            counts = " -> ".join(str(len(r.letter_findings[name])) for r in results)
            excerpts = ", ".join(f.excerpt for f in last.letter_findings[name])
            print(f"  {name}: {counts}  {excerpts}")


if __name__ == "__main__":
    main()
