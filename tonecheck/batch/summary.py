"""What a batch of letters looks like as a whole: counts, distributions, worst letters.

Built from the JSON document objects of the records, so it is the same whichever process
checked a letter; rendered as a text table here and as an HTML dashboard in
:mod:`tonecheck.batch.dashboard`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tonecheck.batch.process import Record
from tonecheck.common.categories import style_of
from tonecheck.common.findings import LEVEL_NAMES

LEVEL_NL = {"error": "fouten", "warning": "waarschuwingen", "suggestion": "suggesties"}
BIN_WIDTH = 10
LOWEST = 10


@dataclass
class LetterLine:
    path: str
    score: int | None
    band: str
    letter_type: str
    findings: int
    report: str | None = None  # its own HTML report, when one was written
    error: str | None = None  # why the letter could not be checked
    note: str | None = None  # why a checked letter has no score


@dataclass
class BatchSummary:
    letters: int = 0
    failed: int = 0
    by_category: dict[str, Counter] = field(default_factory=dict)  # category -> level counts
    by_type: Counter = field(default_factory=Counter)
    by_band: Counter = field(default_factory=Counter)
    score_bins: list[int] = field(default_factory=lambda: [0] * (100 // BIN_WIDTH + 1))
    findings_by_type: dict[str, Counter] = field(default_factory=dict)
    lines: list[LetterLine] = field(default_factory=list)

    @property
    def lowest(self) -> list[LetterLine]:
        scored = [line for line in self.lines if line.score is not None]
        return sorted(scored, key=lambda line: (line.score, line.path))[:LOWEST]

    @property
    def unscored(self) -> int:
        return sum(1 for line in self.lines if line.score is None and line.error is None)

    @property
    def average_score(self) -> float | None:
        scores = [line.score for line in self.lines if line.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None


def summarise(records: list[Record]) -> BatchSummary:
    summary = BatchSummary(letters=len(records))
    for record in sorted(records, key=lambda r: r.index):
        data = record.data
        if data["error"]:
            summary.failed += 1
            summary.lines.append(LetterLine(record.path, None, "", "", 0, error=data["error"]))
        else:
            summary.lines.append(_checked_letter(summary, record))
    return summary


def _checked_letter(summary: BatchSummary, record: Record) -> LetterLine:
    """Count a checked letter in ``summary``; its line. A letter without a score (too
    short, not in Dutch) counts everywhere but in the scores."""
    data = record.data
    letter_type = data["letter_type"]["label"]
    score = data["score"]
    summary.by_type[letter_type] += 1
    if score is not None:
        summary.by_band[score["band"]] += 1
        summary.score_bins[score["value"] // BIN_WIDTH] += 1
    per_type = summary.findings_by_type.setdefault(letter_type, Counter())
    for finding in data["findings"]:
        summary.by_category.setdefault(finding["category"], Counter())[finding["level"]] += 1
        per_type[finding["category"]] += 1
    return LetterLine(
        record.path,
        score["value"] if score else None,
        score["band"] if score else "",
        letter_type,
        len(data["findings"]),
        record.report if record.report and record.report.endswith(".html") else None,
        note=data.get("score_note"),
    )


def render_text(summary: BatchSummary) -> str:
    """The summary as plain text tables for the end of a text-mode batch."""
    levels = list(reversed(LEVEL_NAMES))  # error, warning, suggestion
    out = [
        "",
        f"Samenvatting: {summary.letters} brieven, {summary.failed} niet te lezen"
        + (f", {summary.unscored} zonder score" if summary.unscored else "")
        + (f", gemiddelde score {summary.average_score}" if summary.average_score else ""),
        "",
        f"{'categorie':22}" + "".join(f"{LEVEL_NL[level]:>16}" for level in levels),
    ]
    for category, counts in sorted(
        summary.by_category.items(), key=lambda kv: -sum(kv[1].values())
    ):
        label = style_of(category).label
        out.append(f"{label:22}" + "".join(f"{counts[level]:>16}" for level in levels))
    out += ["", "brieftype: " + ", ".join(f"{t} {n}" for t, n in summary.by_type.most_common())]
    bands = ", ".join(f"{band} {summary.by_band[band]}" for band in ("groen", "geel", "rood"))
    out += [f"score: {bands}"]
    bins = summary.score_bins
    out += [
        "scoreverdeling: "
        + "  ".join(
            f"{i * BIN_WIDTH}-{min(i * BIN_WIDTH + BIN_WIDTH - 1, 100)}: {n}"
            for i, n in enumerate(bins)
            if n
        )
    ]
    if summary.lowest:
        out += ["", f"laagste scores ({len(summary.lowest)}):"]
        out += [
            f"  {line.score:>3} {line.band:5} {line.letter_type:24} {line.path}"
            for line in summary.lowest
        ]
    return "\n".join(out)
