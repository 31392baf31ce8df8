"""``tonecheck explain``: why each rule fired on a letter, or why it did not."""

from __future__ import annotations

from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import fail, load_runtime, model_option, rules_option
from tonecheck.cli.roles_view import render_roles
from tonecheck.documents import read_document
from tonecheck.engine.checks.expect import ExpectCheck
from tonecheck.engine.context import LetterContext
from tonecheck.engine.rule import Rule
from tonecheck.errors import TonecheckError
from tonecheck.nlp.letter import understand

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
    for and where) or why it did not."""
    runtime = load_runtime(Path(path), **options)
    try:
        letter = understand(runtime.nlp, runtime.structure, read_document(path))
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None
    kind = letter.letter_type
    click.echo(f"{path}: brieftype {kind.label} (zekerheid {kind.confidence:.2f})"
               + (", slecht nieuws" if kind.bad_news else ""))  # fmt: skip
    if kind.evidence:
        click.echo(f"  op grond van: \u201c{_short(kind.evidence, 120)}\u201d")
    if show_roles:
        click.echo("")
        click.echo("Zinsrollen (rol score; '?' = onder de drempel):")
        roles = runtime.structure.roles
        for line in render_roles(letter, roles.thresholds if roles else {}):
            click.echo(line)
    context = LetterContext(letter)
    for rule in runtime.rules.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        lines = _explain_rule(rule, context)
        if fired_only and not lines[0].startswith("FIRED"):
            continue
        click.echo("")
        click.echo(f"{lines[0]} {rule.id} ({rule.check.kind}, {rule.level})")
        for line in lines[1:]:
            click.echo(f"    {line}")


def _explain_rule(rule: Rule, context: LetterContext) -> list[str]:
    letter_type = context.letter.letter_type
    if not rule.enabled:
        return ["off  ", "disabled in the configuration"]
    if rule.applies_to is not None and letter_type.label not in rule.applies_to:
        allowed = ", ".join(sorted(rule.applies_to))
        return ["n/a  ", f"only for letter types {allowed}; this is {letter_type.label}"]
    if rule.bad_news_only and not letter_type.bad_news:
        return ["n/a  ", f"only for letters with bad news; a {letter_type.label} has none"]
    findings = list(rule.check.run(rule, context))
    lines = [f"FIRED{'' if len(findings) == 1 else f' x{len(findings)}'}", rule.check.explain()]
    if findings:
        for finding in findings[:10]:
            lines.append(f"line {finding.location.line}: \u201c{_short(finding.excerpt)}\u201d")
            for key, value in finding.trace.items():
                lines.append(f"  {key}: {_short(str(value), 140)}")
        return lines
    lines[0] = "quiet"
    if isinstance(rule.check, ExpectCheck):
        lines += _why_expect_is_quiet(rule.check, context)
    else:
        lines.append("nothing matched in the zones it looks at")
    return lines


def _why_expect_is_quiet(check: ExpectCheck, context: LetterContext) -> list[str]:
    doc = context.doc
    found_b = [
        f"\u201c{_short(doc[s:e].text)}\u201d ({zone})" for s, e, zone in check._b_matches(context)
    ]
    if check.when is None:
        return [f"found what it looks for: {', '.join(found_b[:5])}"]
    found_a = [doc[s:e].text for s, e, _ in check._a_matches(context)]
    if not found_a:
        return [f"nothing that triggers it ({check.when.description}) was found"]
    shown_a = ", ".join(f"\u201c{_short(a)}\u201d" for a in found_a[:5])
    return [f"triggered by {shown_a}", f"and found near it: {', '.join(found_b[:5]) or '—'}"]


def _short(text: str, limit: int = SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
