"""``tonecheck rules``: list, show, validate and test rule files (for rule authors)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tonecheck.checker import Checker
from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import fail, load_runtime, model_option, rules_option
from tonecheck.common.categories import load_categories
from tonecheck.common.findings import LEVEL_NAMES
from tonecheck.common.yamlfile import DataFileError, Problem
from tonecheck.engine.checks import check_kinds
from tonecheck.engine.lint import lint_rules
from tonecheck.engine.loader import RuleSet, load_rules
from tonecheck.engine.rule import Rule
from tonecheck.errors import TonecheckError
from tonecheck.paths import default_rules_dir
from tonecheck.report.score import load_score_spec
from tonecheck.rule_examples import run_examples
from tonecheck.runtime import Runtime


@click.group("rules")
def rules_group() -> None:
    """List, show, validate and test rules."""


def _rule_set(paths: tuple[Path, ...], **options) -> tuple[Runtime, RuleSet]:
    """The given rule files only, or else the configured rule set (config applied)."""
    runtime = load_runtime(paths[0] if paths else Path("."), with_rules=not paths, **options)
    if not paths:
        assert runtime.rules is not None, "loaded with the runtime (with_rules)"
        return runtime, runtime.rules
    try:
        return runtime, load_rules(list(paths), runtime.nlp, runtime.structure)
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None


@rules_group.command("list")
@click.option("--category", type=click.Choice(list(load_categories())), default=None)
@click.option("--level", type=click.Choice(LEVEL_NAMES), default=None)
@click.option("--file", "file_name", default=None, help="Only rules from files with this name.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@model_option
@rules_option
def list_rules(category, level, file_name, output_format, **options) -> None:
    """A table of the rules: id, category, level, file, enabled."""
    _, rules = _rule_set((), **options)
    selected = [
        r
        for r in rules.rules
        if (category is None or r.category == category)
        and (level is None or str(r.level) == level)
        and (file_name is None or Path(r.source).name == file_name or r.source == file_name)
    ]
    if output_format == "json":
        rows = [
            {"id": r.id, "category": r.category, "level": str(r.level),
             "file": r.source, "line": r.line, "enabled": r.enabled}
            for r in selected
        ]  # fmt: skip
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'id':34} {'category':16} {'level':11} {'enabled':8} file")
    for r in selected:
        enabled = "yes" if r.enabled else "no"
        click.echo(f"{r.id:34} {r.category:16} {r.level!s:11} {enabled:8} {r.source}:{r.line}")
    click.echo(f"{len(selected)} rules")


@rules_group.command("show")
@click.argument("rule_id")
@model_option
@rules_option
def show_rule(rule_id: str, **options) -> None:
    """Everything about one rule: message, suggestion, mechanism, examples, place."""
    _, rules = _rule_set((), **options)
    rule = next((r for r in rules.rules if r.id == rule_id), None)
    if rule is None:
        close = [r.id for r in rules.rules if rule_id.split(".")[0] in r.id][:5]
        hint = f" (did you mean: {', '.join(close)})" if close else ""
        fail(TonecheckError(f"no rule '{rule_id}'{hint}"))
        raise SystemExit(ExitCode.ERROR)
    click.echo(_describe(rule))


def _describe(rule: Rule) -> str:
    lines = [
        f"{rule.id}  ({rule.category}, {rule.level}{'' if rule.enabled else ', disabled'})",
        f"defined in {rule.source}:{rule.line}",
        "",
        f"message:     {rule.message}",
        f"suggestion:  {rule.suggestion}",
    ]
    if rule.explanation:
        lines.append(f"explanation: {rule.explanation}")
    applies = []
    if rule.applies_to:
        applies.append("letter types: " + ", ".join(sorted(rule.applies_to)))
    if rule.bad_news_only:
        applies.append("only in letters with bad news")
    applies.append("zones: " + ", ".join(sorted(rule.zones)))
    lines += ["", "applies to:  " + "; ".join(applies), "", "how it works:"]
    lines.append(f"  {check_kinds()[rule.check.kind].summary}")
    lines.append(f"  {rule.check.explain()}")
    lines += ["", "examples that must be flagged:"]
    lines += [f"  - {text}" for text in rule.examples_flag]
    lines += ["examples that must pass:"]
    lines += [f"  - {text}" for text in rule.examples_ok]
    return "\n".join(lines)


@rules_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@model_option
def validate_rules(paths: tuple[Path, ...], **options) -> None:
    """Check rule files: every error with file:line:column (exit 2), and warnings about
    rules that can never fire."""
    runtime, rules = _rule_set(paths, **options)
    clashes = _clashes_with_default_rules(runtime, rules) if paths else []
    if clashes:
        fail(DataFileError(clashes))
        raise SystemExit(ExitCode.ERROR)
    warnings = list(lint_rules(runtime.nlp, rules))
    for warning in warnings:
        click.echo(str(warning))
    click.echo(
        f"{len(rules.rules)} rules in {len(rules.files)} file(s): valid"
        + (f", {len(warnings)} warning(s)" if warnings else "")
    )


def _clashes_with_default_rules(runtime, rules: RuleSet) -> list[Problem]:
    """Rule ids of the given files that tonecheck's own rule set uses too (with the
    default rules on, the files would be refused for a duplicate id)."""
    if not runtime.config.default_rules:
        return []
    defaults = load_rules([default_rules_dir()], runtime.nlp, runtime.structure)
    own = {r.id: r for r in defaults.rules}
    return [
        Problem(
            rule.source,
            rule.line,
            5,
            f"regel-id '{rule.id}' bestaat al in de standaardregels ({own[rule.id].source}:"
            f"{own[rule.id].line}); kies een ander id, of zet default_rules = false in de "
            "configuratie",
        )
        for rule in rules.rules
        if rule.id in own and Path(own[rule.id].source).resolve() != Path(rule.source).resolve()
    ]


@rules_group.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Show passing examples too.")
@model_option
def test_rules(paths: tuple[Path, ...], verbose: bool, **options) -> None:
    """Run every rule's flag and ok examples (exit 1 when one fails)."""
    runtime, rules = _rule_set(paths, **options)
    failed = passed = 0
    checker = Checker(runtime.nlp, runtime.structure, rules, load_score_spec())
    for result in run_examples(checker):
        expected = "flag" if result.expect_flag else "ok"
        if result.passed:
            passed += 1
            if verbose:
                click.echo(f"PASS {result.rule} [{expected}] {result.text}")
            continue
        failed += 1
        click.echo(click.style(f"FAIL {result.rule} [{expected}] {result.text}", fg="red"))
        if result.error:
            click.echo(f"     error: {result.error}")
        elif result.findings:
            for finding in result.findings:
                click.echo(f"     found: '{finding.excerpt}' — {finding.message}")
        else:
            click.echo("     found: nothing")
    click.echo(f"{passed} passed, {failed} failed")
    raise SystemExit(ExitCode.FINDINGS if failed else ExitCode.OK)
