"""Measure the facts tonecheck reads for its suggestions on ../shared/dev-letters.

Usage: python eval/dev_letter_facts.py [--letters DIR] [--details]

Against eval/dev-letter-facts.yml (what a reader would say each letter is about and asked
for) and the shared labels: how often the request is read (and matches), how often the
domain is right, unread or wrong, whether any alternatives suggestion comes from another
domain or offers a payment plan on a refusal, and whether the empathy suggestion names the
request on the bad-news letters that state one. The letters stay in ../shared.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from tonecheck.runtime import load_checker

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "shared" / "dev-letters"
ANNOTATIONS = HERE / "dev-letter-facts.yml"
# letter types whose empathy suggestion names what the reader asked for
REQUEST_TYPES = ("afwijzing", "gedeeltelijke-toekenning", "beslissing-op-bezwaar")
PAYMENT_PLANS = ("betalingsregeling", "belasting.betalingsregeling")


@dataclass
class Report:
    """Counts over the letters, and one line per letter."""

    requests_stated: int = 0
    requests_read: int = 0
    requests_matching: int = 0
    requests_unstated_read: list[str] = field(default_factory=list)
    domain_right: int = 0
    domain_unread: list[str] = field(default_factory=list)
    domain_wrong: list[str] = field(default_factory=list)
    cross_domain: list[str] = field(default_factory=list)
    payment_plan_on_refusal: list[str] = field(default_factory=list)
    empathy_expected: int = 0
    empathy_named: int = 0
    empathy_type_misses: list[str] = field(default_factory=list)
    empathy_misses: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def load_annotations(path: Path = ANNOTATIONS) -> dict[str, dict]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["letters"]


def load_labels(folder: Path) -> dict[str, dict]:
    entries = YAML(typ="safe").load((folder / "labels.yaml").read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in entries}


def measure(folder: Path, checker=None) -> Report:
    """Read every letter of ``folder`` (a dev-letters folder) and count."""
    annotations, labels = load_annotations(), load_labels(folder)
    if checker is None:
        checker = load_checker(folder / "letters")[1]
    catalogue = {c.id: c for c in checker.structure.facts.alternatives}
    empathy = checker.rules.get("empathie.ontbreekt")
    report = Report()
    paths = sorted(str(p) for p in (folder / "letters").glob("*.txt"))
    for result in checker.check_paths(paths):
        name = Path(result.path).name
        want, label, letter = annotations[name], labels[name], result.letter
        facts = letter.facts
        request = facts.read["request"].value if "request" in facts.read else ""
        if want.get("request"):
            report.requests_stated += 1
            report.requests_read += bool(request)
            report.requests_matching += bool(re.search(want["request"], request, re.I))
        elif request:
            report.requests_unstated_read.append(f"{name}: {request}")
        if facts.domain == want["domain"]:
            report.domain_right += 1
        elif facts.domain is None:
            report.domain_unread.append(name)
        else:
            report.domain_wrong.append(f"{name}: {facts.domain} (reader: {want['domain']})")
        for alternative in facts.alternatives:
            domains = catalogue[alternative].domains
            if domains and want["domain"] not in domains:
                report.cross_domain.append(f"{name}: {alternative}")
            refusal = label["letter_type"] == "afwijzing" and want["domain"] != "belasting"
            if alternative in PAYMENT_PLANS and refusal:  # a refused tax remission: pay in parts
                report.payment_plan_on_refusal.append(f"{name}: {alternative}")
        stated = bool(want.get("request"))
        if stated and label["negative_for_reader"] and label["letter_type"] in REQUEST_TYPES:
            report.empathy_expected += 1
            suggestion = empathy.texts(letter)[1] if empathy else ""
            if request and request in suggestion:
                report.empathy_named += 1
            elif letter.letter_type.label != label["letter_type"]:
                report.empathy_type_misses.append(
                    f"{name}: read as {letter.letter_type.label}, labelled {label['letter_type']}"
                )
            else:
                report.empathy_misses.append(f"{name}: {suggestion}")
        report.lines.append(
            f"{name[:44]:44} {facts.domain or '-':18} {facts.form:2} "
            f"{request[:40]:40} {','.join(facts.alternatives)}"
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--details", action="store_true", help="one line per letter")
    args = parser.parse_args()
    r = measure(args.letters)
    total = len(r.lines)
    print(f"dev-letters: {total} letters")
    print(
        f"request: read on {r.requests_read} of {r.requests_stated} letters that state one "
        f"({r.requests_matching} matching what the reader asked); read on "
        f"{len(r.requests_unstated_read)} letters that state none"
    )
    print(
        f"domain: right {r.domain_right}, unread {len(r.domain_unread)}, "
        f"wrong {len(r.domain_wrong)} of {total}"
    )
    print(f"alternatives from another domain: {len(r.cross_domain)}")
    print(f"payment plan offered on a refusal (not of a tax): {len(r.payment_plan_on_refusal)}")
    print(
        f"empathy suggestion names the request: {r.empathy_named} of {r.empathy_expected} "
        f"bad-news refusals, partial grants and objection decisions that state one "
        f"({len(r.empathy_type_misses)} missed because the letter type is misread)"
    )
    problems = (
        r.requests_unstated_read + r.domain_unread + r.domain_wrong + r.cross_domain
        + r.payment_plan_on_refusal + r.empathy_type_misses + r.empathy_misses
    )  # fmt: skip
    for line in problems:
        print(f"  {line}")
    if args.details:
        print("\n".join(r.lines))


if __name__ == "__main__":
    main()
