"""``tonecheck explain``: why each rule fired on a letter, or why it did not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import checker_from_options, fail, model_option, rules_option
from tonecheck.cli.roles_view import render_roles
from tonecheck.common.findings import Finding
from tonecheck.common.text import shorten
from tonecheck.engine.runner import RuleOutcome, Status
from tonecheck.errors import TonecheckError

SHOWN = 60  # characters of matched text shown


@click.command("explain")
@click.argument("path")
@click.option("--rule", "rule_ids", multiple=True, help="Only these rules (repeatable).")
@click.option("--fired-only", is_flag=True, help="Leave out rules that did not fire.")
@click.option(
    "--roles/--no-roles", "show_roles", default=True, help="Show each sentence's roles first."
)
@model_option
@rules_option
def explain_command(
    path: str, rule_ids: tuple[str, ...], fired_only: bool, show_roles: bool, **options
) -> None:
    """Explain, rule by rule, why it fired on a letter (what matched, what was looked
    for and where) or why it did not. It shows the very outcomes `check` reports from."""
    _runtime, checker = checker_from_options(Path(path), **options)
    result = checker.check_path(path, explain=True)
    if result.error or result.letter is None:
        fail(TonecheckError(result.error or "niet gecontroleerd", path))
        raise SystemExit(ExitCode.ERROR)
    letter = result.letter
    kind = letter.letter_type
    click.echo(f"{path}: brieftype {kind.label} (zekerheid {kind.confidence:.2f})"
               + (", slecht nieuws" if kind.bad_news else ""))  # fmt: skip
    if kind.evidence:
        click.echo(f"  op grond van: \u201c{shorten(kind.evidence, 120)}\u201d")
    if show_roles:
        click.echo("")
        click.echo("Zinsrollen (rol score; '?' = onder de drempel):")
        roles = checker.structure.roles
        for line in render_roles(letter, roles.thresholds if roles else {}):
            click.echo(line)
    for line in outcome_lines(result.outcomes, rule_ids, fired_only):
        click.echo(line)


def outcome_lines(
    outcomes: list[RuleOutcome], rule_ids: tuple[str, ...] = (), fired_only: bool = False
) -> Iterator[str]:
    """Each rule's outcome as explain shows it: a blank line, 'FIRED x2 rule.id (kind,
    level)' or 'quiet …', then the details indented."""
    for outcome in outcomes:
        if rule_ids and outcome.rule.id not in rule_ids:
            continue
        if fired_only and not outcome.fired:
            continue
        rule = outcome.rule
        yield ""
        yield f"{_heading(outcome)} {rule.id} ({rule.check.kind}, {rule.level})"
        for line in _details(outcome):
            yield f"    {line}"


HEADINGS = {
    Status.FIRED: "FIRED",
    Status.QUIET: "quiet",
    Status.NOT_APPLICABLE: "n/a  ",
    Status.OFF: "off  ",
    Status.OVERRIDDEN: "over ",
    Status.SILENCED: "muted",
}


def _heading(outcome: RuleOutcome) -> str:
    count = len(outcome.findings)
    return f"FIRED x{count}" if count > 1 else HEADINGS[outcome.status]


def _details(outcome: RuleOutcome) -> list[str]:
    if outcome.status in (Status.OFF, Status.NOT_APPLICABLE):
        return [outcome.reason]
    lines = [outcome.looked_for]
    for finding in outcome.findings[:10]:
        lines += _finding_lines(finding)
    if len(outcome.findings) > 10:
        lines.append(f"… and {len(outcome.findings) - 10} more")
    if outcome.capped:
        lines.append(
            f"capped: {len(outcome.capped)} more not reported "
            f"(max_per_letter {outcome.rule.max_per_letter})"
        )
    for finding, by in outcome.overridden:
        lines.append(f"overridden by {by} at line {finding.location.line}: "
                     f"\u201c{shorten(finding.excerpt, SHOWN)}\u201d")  # fmt: skip
    if outcome.silenced:
        lines.append(
            f"silenced: {len(outcome.silenced)} finding(s) not reported, because the "
            f"exclusive rule {outcome.silenced_by} fired"
        )
    if outcome.status is Status.QUIET:
        lines += outcome.quiet_because
    return lines


def _finding_lines(finding: Finding) -> list[str]:
    lines = [f"line {finding.location.line}: \u201c{shorten(finding.excerpt, SHOWN)}\u201d"]
    for key, value in finding.trace.items():
        lines.append(f"  {key}: {shorten(str(value), 140)}")
    return lines
