"""``tonecheck explain``: why each rule fired on a letter, or why it did not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.facts_view import render_facts
from tonecheck.cli.options import checker_from_options, fail, model_option, rules_option
from tonecheck.cli.roles_view import ROLE_MARKS, render_roles
from tonecheck.common.findings import Finding
from tonecheck.common.text import shorten
from tonecheck.engine.runner import RuleOutcome, Status
from tonecheck.errors import TonecheckError
from tonecheck.nlp.bad_news import BadNewsEvidence
from tonecheck.report.text import LEVEL_NL

SHOWN = 60  # characters of matched text shown


@click.command("explain")
@click.argument("path", metavar="BRIEF")
@click.option(
    "--rule", "rule_ids", multiple=True, metavar="REGEL-ID", help="Alleen deze regels (mag vaker)."
)
@click.option("--fired-only", is_flag=True, help="Laat regels weg die niets meldden.")
@click.option(
    "--roles/--no-roles", "show_roles", default=True, help="Toon eerst de rollen van elke zin."
)
@model_option
@rules_option
def explain_command(
    path: str, rule_ids: tuple[str, ...], fired_only: bool, show_roles: bool, **options
) -> None:
    """Leg per regel uit waarom die iets meldt in een brief (wat er paste, waarnaar werd
    gezocht en waar) of waarom niet. Het zijn precies de uitkomsten waaruit `check` meldt."""
    _runtime, checker = checker_from_options(Path(path), **options)
    result = checker.check_path(path, explain=True)
    if result.error or result.letter is None:
        fail(TonecheckError(result.error or "niet gecontroleerd", path))
        raise SystemExit(ExitCode.ERROR)
    letter = result.letter
    kind = letter.letter_type
    click.echo(f"{path}: brieftype {kind.label} (zekerheid {kind.confidence:.2f})"
               + bad_news_note(kind.bad_news, letter.bad_news))  # fmt: skip
    if kind.evidence:
        click.echo(f"  op grond van: \u201c{shorten(kind.evidence, 120)}\u201d")
    click.echo("")
    click.echo("Feiten uit de brief (de {plaatshouders} van meldingen en suggesties):")
    for line in render_facts(letter.facts):
        click.echo(line)
    if show_roles:
        click.echo("")
        click.echo(f"Zinsrollen ({ROLE_MARKS}):")
        for line in render_roles(letter, checker.structure.roles):
            click.echo(line)
    for line in outcome_lines(result.outcomes, rule_ids, fired_only):
        click.echo(line)


def outcome_lines(
    outcomes: list[RuleOutcome], rule_ids: tuple[str, ...] = (), fired_only: bool = False
) -> Iterator[str]:
    """Each rule's outcome as explain shows it: a blank line, 'GEMELD x2 rule.id (kind,
    level)' or 'stil …', then the details indented."""
    for outcome in outcomes:
        if rule_ids and outcome.rule.id not in rule_ids:
            continue
        if fired_only and not outcome.fired:
            continue
        rule = outcome.rule
        yield ""
        yield f"{_heading(outcome)} {rule.id} ({rule.check.kind}, {LEVEL_NL[rule.level]})"
        for line in _details(outcome):
            yield f"    {line}"


HEADINGS = {
    Status.FIRED: "GEMELD",  # with more than one finding: 'GEMELD x3'
    Status.QUIET: "stil  ",
    Status.NOT_APPLICABLE: "n.v.t.",  # not for this letter type, or no bad news
    Status.OFF: "uit   ",
    Status.OVERRIDDEN: "wijkt ",  # every finding gave way to an overriding rule's
    Status.SILENCED: "gedempt",  # an exclusive rule took the letter
}

# the keys of a finding's trace (set by its check kind), as explain names them
TRACE_LABELS = {
    "found": "gevonden",
    "looked_for": "gezocht naar",
    "within": "binnen",
    "scope_text": "tekst in dat bereik",
    "b_matches_elsewhere": "B elders gevonden",
    "mode": "mode",
    "in_zones": "in zones",
    "result": "uitkomst",
    "matched_tokens": "woorden",
    "lemmas": "lemma's",
    "zone": "zone",
    "metric": "maat",
    "scope": "per",
    "value": "waarde",
    "limit": "grens",
    "language": "taal",
    "expected": "verwacht",
}


def _heading(outcome: RuleOutcome) -> str:
    count = len(outcome.findings)
    return f"GEMELD x{count}" if count > 1 else HEADINGS[outcome.status]


def _details(outcome: RuleOutcome) -> list[str]:
    if outcome.status in (Status.OFF, Status.NOT_APPLICABLE):
        return [outcome.reason]
    lines = [outcome.looked_for]
    for finding in outcome.findings[:10]:
        lines += _finding_lines(finding)
    if len(outcome.findings) > 10:
        lines.append(f"… en nog {len(outcome.findings) - 10}")
    if outcome.capped:
        lines.append(
            f"afgekapt: nog {len(outcome.capped)} niet gemeld "
            f"(max_per_letter {outcome.rule.max_per_letter})"
        )
    for finding, by in outcome.overridden:
        lines.append(f"wijkt voor {by} op regel {finding.location.line}: "
                     f"\u201c{shorten(finding.excerpt, SHOWN)}\u201d")  # fmt: skip
    if outcome.silenced:
        lines.append(
            f"gedempt: {len(outcome.silenced)} bevinding(en) niet gemeld, omdat de "
            f"exclusieve regel {outcome.silenced_by} iets meldde"
        )
    if outcome.status is Status.QUIET:
        lines += outcome.quiet_because
    return lines


def _finding_lines(finding: Finding) -> list[str]:
    lines = [f"regel {finding.location.line}: \u201c{shorten(finding.excerpt, SHOWN)}\u201d"]
    for key, value in finding.trace.items():
        lines.append(f"  {TRACE_LABELS.get(key, key)}: {shorten(str(value), 140)}")
    return lines


def bad_news_note(bad_news: bool, evidence: BadNewsEvidence | None) -> str:
    """ ", slecht nieuws" and, when the bad-news model decided, its probability and the
    rule's answer where that differs."""
    note = ", slecht nieuws" if bad_news else ""
    if evidence is None or evidence.probability is None:
        return note
    note = note or ", geen slecht nieuws"
    note += f" (kans {evidence.probability:.2f}"
    if evidence.rule != bad_news:
        note += "; de regel alleen: " + ("wel" if evidence.rule else "geen") + " slecht nieuws"
    return note + ")"
