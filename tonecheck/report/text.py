"""Plain text for terminals: file:line:column, level, rule, message, suggestion, and
the proposed rewrite of the writer's words where there is one."""

from __future__ import annotations

import click

from tonecheck.common.findings import Finding, Level
from tonecheck.documents.model import BlockKind
from tonecheck.report.change_view import shown_change
from tonecheck.report.result import DocumentResult

COLOURS = {Level.ERROR: "red", Level.WARNING: "yellow", Level.SUGGESTION: "cyan"}
LEVEL_NL = {Level.ERROR: "fout", Level.WARNING: "waarschuwing", Level.SUGGESTION: "suggestie"}


def render(result: DocumentResult) -> str:
    """Lines for one letter (ANSI colours; click strips them when not on a terminal)."""
    if result.error:
        return click.style(f"{result.path}: {result.error}", fg="red")
    letter = result.letter
    assert letter is not None, "a result without an error has its letter"
    stats = letter.stats
    score = f"score {result.score.value}/100 ({result.score.band}), " if result.score else ""
    if result.score_note:
        score = f"{result.score_note}; "
    header = click.style(result.path, bold=True) + (
        f"  ({score}{letter.letter_type.label}, {stats.words} woorden, {stats.sentences} zinnen, "
        f"gemiddeld {stats.avg_sentence_length} woorden per zin, "
        f"Flesch-Douma {stats.flesch_douma}"
        + (f", taalniveau ongeveer {stats.level}" if stats.level else "")
        + ")"
    )
    lines = [header]
    for f in result.findings:
        place = _place(result, f)
        level = click.style(f"{LEVEL_NL[f.level]:12}", fg=COLOURS[f.level])
        lines.append(f"{place}: {level} {f.rule}: {f.message}")
        lines.append(f"    \u2192 {f.suggestion}")
        if f.replacement is not None:
            shown = shown_change(letter.document.text, f.replacement)
            after = f"wordt \u2018{shown.after}\u2019" if shown.after else "weglaten"
            lines.append(f"    voorstel: \u2018{shown.before}\u2019 {after}")
    if not result.findings and result.hidden_findings:
        lines.append(
            f"  geen bevindingen op het gekozen niveau ({result.hidden_findings} lichtere niet "
            "getoond; de score telt ze wel)"
        )
    elif not result.findings:
        lines.append("  geen bevindingen")
    return "\n".join(lines)


def _place(result: DocumentResult, finding: Finding) -> str:
    """Where a finding is, as the writer can find it: ``file:line:column`` in a text
    file; in a Word document the paragraph number and the heading above it."""
    where = finding.location
    letter = result.letter
    if letter is None or letter.document.source_format != "docx":
        return f"{result.path}:{where.line}:{where.column}"
    blocks = letter.document.blocks
    heading = next(
        (b.text for b in reversed(blocks[: where.paragraph + 1]) if b.kind == BlockKind.HEADING),
        None,
    )
    under = f", onder \u2018{heading[:40]}\u2019" if heading else ""
    return f"{result.path} (alinea {where.paragraph + 1}{under})"
