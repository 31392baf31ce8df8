"""Measure a rule set on a labelled corpus: precision and recall per category and rule.

Labels (YAML, see docs/eval-labels.md) say per letter which letter type it is and, per
category, whether tonecheck should report at least one finding of it. A letter counts as
flagged for a category when at least one finding of that category is reported. Only
categories named in a letter's labels are scored for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from tonecheck.checker import Checker
from tonecheck.common.text import shorten
from tonecheck.common.yamlfile import DataFileError, load_checked, validate
from tonecheck.engine.loader import RuleSet
from tonecheck.errors import InputError

SHOWN = 70  # characters of an excerpt in the lists of mistakes and changes
QUIET_ZONES = {"address", "reference", "signature"}  # rules must never report here
LABELS_SCHEMA = {
    "type": "object",
    "required": ["letters"],
    "additionalProperties": False,
    "properties": {
        "letters": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["expect"],
                "properties": {
                    "type": {"type": "string"},
                    "expect": {"type": "object", "additionalProperties": {"type": "boolean"}},
                },
            },
        }
    },
}


@dataclass
class LetterOutcome:
    name: str
    expected_type: str | None
    found_type: str
    findings: list[dict]  # rule, category, level, excerpt, zone
    error: str | None = None


@dataclass
class Evaluation:
    letters: list[LetterOutcome]
    labels: dict
    by_category: dict[str, Counter] = field(default_factory=dict)
    by_rule: dict[str, Counter] = field(default_factory=dict)
    mistakes: list[str] = field(default_factory=list)

    @property
    def types_right(self) -> int:
        return sum(o.expected_type == o.found_type for o in self.letters if o.expected_type)

    def as_dict(self) -> dict:
        return {
            "letters": {
                o.name: {"type": o.found_type, "error": o.error, "findings": o.findings}
                for o in self.letters
            },
            "categories": {c: dict(n) for c, n in self.by_category.items()},
            "rules": {r: dict(n) for r, n in self.by_rule.items()},
        }


def expectations(entry: dict) -> dict[str, bool]:
    """What a checker should report on one letter, from its label in the format of
    ../shared/dev-letters (written by others, their README): empathy,
    reasons and alternatives only on a bad-news letter (their README: "for bad-news
    letters"; a grant labelled unexplained expects no reasons finding), the objection
    clause on any letter."""
    bad_news = bool(entry["negative_for_reader"])
    return {
        "empathy": bad_news and entry["empathy"] == "absent",
        "reasons": bad_news and entry["reasons"] == "unexplained",
        "alternatives": bad_news and entry["alternatives"] == "absent",
        "objection": entry["objection_clause"] in ("absent", "incomplete"),
    }


def load_dev_labels(folder: Path) -> dict:
    """The labels of a folder laid out like ../shared/dev-letters (``labels.yaml`` beside
    ``letters/``): per file its letter type and :func:`expectations`."""
    entries = YAML(typ="safe").load((folder / "labels.yaml").read_text(encoding="utf-8"))
    return {e["file"]: {"type": e["letter_type"], "expect": expectations(e)} for e in entries}


def load_labels(path: Path) -> dict:
    """The ``letters`` of a labels file, validated (problems with file:line:column)."""

    def check(data) -> dict:
        problems = validate(data, LABELS_SCHEMA, path)
        if problems:
            raise DataFileError(problems)
        return data["letters"]

    return load_checked(path, check)


def evaluate(corpus: Path, labels: dict, checker: Checker) -> Evaluation:
    names = sorted(labels)
    missing = [n for n in names if not (corpus / n).is_file()]
    if missing:
        raise InputError(
            f"gelabelde brieven die niet in de map staan: {', '.join(missing[:5])}", str(corpus)
        )
    paths = [str(corpus / n) for n in names]
    outcomes = []
    for name, result in zip(names, checker.check_paths(paths), strict=True):
        letter = result.letter
        blocks = letter.document.blocks if letter else []  # no letter: no findings
        findings = [
            {
                "rule": f.rule,
                "category": f.category,
                "level": str(f.level),
                "excerpt": f.excerpt,
                "zone": blocks[f.location.paragraph].zone,
            }
            for f in result.findings
        ]
        outcomes.append(
            LetterOutcome(
                name,
                labels[name].get("type"),
                letter.letter_type.label if letter else "",
                findings,
                result.error,
            )
        )
    return score(outcomes, labels, checker.rules)


def score(outcomes: list[LetterOutcome], labels: dict, rules: RuleSet) -> Evaluation:
    evaluation = Evaluation(outcomes, labels)
    category_of = {r.id: r.category for r in rules.rules}
    for outcome in outcomes:
        expect = labels[outcome.name]["expect"]
        if outcome.error:
            evaluation.mistakes.append(f"FOUT {outcome.name}: {outcome.error}")
            continue
        if outcome.expected_type and outcome.expected_type != outcome.found_type:
            evaluation.mistakes.append(
                f"TYPE {outcome.found_type} (verwacht: {outcome.expected_type}) {outcome.name}"
            )
        found = Counter(f["category"] for f in outcome.findings)
        for category, expected in expect.items():
            got = found[category] > 0
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (expected, got), "tn"
            )
            evaluation.by_category.setdefault(category, Counter())[key] += 1
            if key == "fp":
                excerpts = [f["excerpt"] for f in outcome.findings if f["category"] == category]
                evaluation.mistakes.append(
                    f"FP {category:14} {outcome.name}: \u201c{shorten(excerpts[0], SHOWN)}\u201d"
                )
            elif key == "fn":
                evaluation.mistakes.append(f"FN {category:14} {outcome.name}: niets gevonden")
        fired = {f["rule"] for f in outcome.findings}
        for rule_id, category in category_of.items():
            if category not in expect:
                continue
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (expect[category], rule_id in fired), "tn"
            )
            evaluation.by_rule.setdefault(rule_id, Counter())[key] += 1
        if not any(expect.values()):
            errors = [f["rule"] for f in outcome.findings if f["level"] == "error"]
            if errors:
                evaluation.mistakes.append(
                    f"BEVINDING MET NIVEAU FOUT IN EEN GOEDE BRIEF {outcome.name}: {errors}"
                )
        for f in outcome.findings:
            if f["zone"] in QUIET_ZONES:
                evaluation.mistakes.append(
                    f"BEVINDING IN {f['zone'].upper()} {f['rule']} {outcome.name}"
                )
    return evaluation


def precision_recall(counts: Counter) -> tuple[float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return precision, recall


def false_alarm_rate(counts: Counter) -> float:
    """The share of the letters that do the thing (fp + tn) that still get the finding
    (NaN without such letters). Unlike precision, it does not depend on how many letters
    lack the thing."""
    doing = counts["fp"] + counts["tn"]
    return counts["fp"] / doing if doing else float("nan")


def wilson_interval(hits: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a share of ``hits`` in ``total``:
    how far a precision or recall measured on a few dozen letters may lie from the
    true one (NaN, NaN for an empty total)."""
    if total == 0:
        return float("nan"), float("nan")
    share = hits / total
    centre = share + z * z / (2 * total)
    spread = z * (share * (1 - share) / total + z * z / (4 * total * total)) ** 0.5
    denominator = 1 + z * z / total
    return (centre - spread) / denominator, (centre + spread) / denominator


def category_table(counts: dict[str, Counter]) -> list[str]:
    """Lines of a table of precision and recall per category, each with its 95% Wilson
    interval, the counts behind them, and the false-alarm rate: the share of the letters
    that do the thing which still get the finding. Precision also depends on how many
    letters lack the thing (few lacking, few true findings beside the same false alarms);
    the false-alarm rate does not, so rounds of letters compare on it."""
    head = f"{'category':14} {'P':>5} {'(95%)':>11} {'R':>5} {'(95%)':>11}"
    lines = [f"{head}   tp fp fn tn  false-alarm rate"]
    for category, c in counts.items():
        p, r = precision_recall(c)
        p_low, p_high = wilson_interval(c["tp"], c["tp"] + c["fp"])
        r_low, r_high = wilson_interval(c["tp"], c["tp"] + c["fn"])
        lines.append(
            f"{category:14} {p:5.2f} {p_low:5.2f}-{p_high:<5.2f} {r:5.2f} "
            f"{r_low:5.2f}-{r_high:<5.2f}   {c['tp']:2} {c['fp']:2} {c['fn']:2} {c['tn']:2}"
            f"  {false_alarm_rate(c):.2f}"
        )
    return lines


def compare(current: dict, baseline: dict) -> list[str]:
    """Findings gained and lost per letter against a saved earlier run."""
    lines = []
    for name, letter in sorted(current["letters"].items()):
        before = baseline.get("letters", {}).get(name, {"findings": []})
        now_set = {(f["rule"], f["excerpt"]) for f in letter["findings"]}
        then_set = {(f["rule"], f["excerpt"]) for f in before["findings"]}
        for rule, excerpt in sorted(now_set - then_set):
            lines.append(f"+ {name}: {rule} \u201c{shorten(excerpt, SHOWN)}\u201d")
        for rule, excerpt in sorted(then_set - now_set):
            lines.append(f"- {name}: {rule} \u201c{shorten(excerpt, SHOWN)}\u201d")
    return lines
