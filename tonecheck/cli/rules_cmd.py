"""``tonecheck rules``: list, show, validate and test rule files (for rule authors)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tonecheck.checker import Checker
from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import (
    fail,
    load_runtime,
    model_option,
    rules_option,
    table_or_json_option,
)
from tonecheck.common.categories import load_categories
from tonecheck.common.findings import ACCEPTED_LEVEL_NAMES, Level
from tonecheck.common.yamlfile import DataFileError, Problem
from tonecheck.engine.checks import check_kinds
from tonecheck.engine.lint import lint_rules
from tonecheck.engine.loader import RuleSet, load_rules
from tonecheck.engine.rule import TYPE_SHARE, Rule
from tonecheck.errors import TonecheckError
from tonecheck.paths import default_rules_dir
from tonecheck.report.score import load_score_spec
from tonecheck.report.text import LEVEL_NL
from tonecheck.rule_examples import run_examples
from tonecheck.runtime import Runtime

LABEL_NL = {"message": "melding", "suggestion": "suggestie"}  # the texts of for_types


@click.group("rules")
def rules_group() -> None:
    """Regels bekijken, controleren en testen (voor wie regels schrijft)."""


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
@click.option(
    "--category",
    type=click.Choice(list(load_categories())),
    default=None,
    help="Alleen regels van deze categorie.",
)
@click.option(
    "--level",
    type=click.Choice(ACCEPTED_LEVEL_NAMES),
    default=None,
    help="Alleen regels met dit niveau.",
)
@click.option(
    "--file",
    "file_name",
    default=None,
    metavar="NAAM",
    help="Alleen regels uit bestanden met deze naam.",
)
@table_or_json_option
@model_option
@rules_option
def list_rules(category, level, file_name, output_format, **options) -> None:
    """Een tabel van de regels: id, categorie, niveau, of de regel aanstaat, en het
    bestand."""
    _, rules = _rule_set((), **options)
    selected = [
        r
        for r in rules.rules
        if (category is None or r.category == category)
        and (level is None or r.level == Level.parse(level))
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
    click.echo(f"{'id':34} {'categorie':16} {'niveau':12} {'aan':4} bestand")
    for r in selected:
        enabled = "ja" if r.enabled else "nee"
        click.echo(
            f"{r.id:34} {r.category:16} {LEVEL_NL[r.level]:12} {enabled:4} {r.source}:{r.line}"
        )
    click.echo(f"{len(selected)} regels")


@rules_group.command("show")
@click.argument("rule_id", metavar="REGEL-ID")
@model_option
@rules_option
def show_rule(rule_id: str, **options) -> None:
    """Alles over één regel: melding, suggestie, hoe die werkt, voorbeelden en waar die
    staat."""
    _, rules = _rule_set((), **options)
    rule = next((r for r in rules.rules if r.id == rule_id), None)
    if rule is None:
        close = [r.id for r in rules.rules if rule_id.split(".")[0] in r.id][:5]
        hint = f" (bedoelt u: {', '.join(close)}?)" if close else ""
        fail(TonecheckError(f"er is geen regel '{rule_id}'{hint}"))
        raise SystemExit(ExitCode.ERROR)
    click.echo(_describe(rule))


def _describe(rule: Rule) -> str:
    off = "" if rule.enabled else ", staat uit"
    lines = [
        f"{rule.id}  ({rule.category}, {LEVEL_NL[rule.level]}{off})",
        f"staat in {rule.source}:{rule.line}",
        "",
        f"melding:     {rule.message}",
        f"suggestie:   {rule.suggestion}",
    ]
    for name, own in sorted(rule.for_types.items()):
        lines += [f"bij {name}, {LABEL_NL[key]}: {text}" for key, text in own.items()]
    if rule.explanation:
        lines.append(f"toelichting: {rule.explanation}")
    applies = []
    if rule.applies_to:
        applies.append(
            "brieftypen: "
            + ", ".join(sorted(rule.applies_to))
            + f" (of samen een kans van meer dan {TYPE_SHARE} als het brieftype twijfelt)"
        )
    if rule.bad_news_only:
        applies.append("alleen in brieven met slecht nieuws")
    if rule.bad_news_sure_from is not None:
        applies.append(
            "een suggestie in plaats van een waarschuwing als het model minder dan "
            f"{rule.bad_news_sure_from} zeker is van slecht nieuws"
        )
    applies.append("zones: " + ", ".join(sorted(rule.zones)))
    lines += ["", "geldt voor:  " + "; ".join(applies), "", "hoe de regel werkt:"]
    lines.append(f"  {check_kinds()[rule.check.kind].summary}")
    lines.append(f"  {rule.check.explain()}")
    lines += ["", "voorbeelden die een melding moeten geven:"]
    lines += [f"  - {text}" for text in rule.examples_flag]
    lines += ["voorbeelden die geen melding mogen geven:"]
    lines += [f"  - {text}" for text in rule.examples_ok]
    return "\n".join(lines)


@rules_group.command("validate")
@click.argument(
    "paths", nargs=-1, metavar="[REGELBESTAND]...", type=click.Path(exists=True, path_type=Path)
)
@model_option
def validate_rules(paths: tuple[Path, ...], **options) -> None:
    """Controleer regelbestanden (standaard: de regels van de configuratie): elke fout met
    bestand:regel:kolom (afsluitcode 2), en waarschuwingen over regels die nooit iets
    kunnen melden."""
    runtime, rules = _rule_set(paths, **options)
    clashes = _clashes_with_default_rules(runtime, rules) if paths else []
    if clashes:
        fail(DataFileError(clashes))
        raise SystemExit(ExitCode.ERROR)
    warnings = list(lint_rules(runtime.nlp, rules))
    for warning in warnings:
        click.echo(str(warning))
    click.echo(
        f"{len(rules.rules)} regels in {len(rules.files)} bestand(en): in orde"
        + (f", {len(warnings)} waarschuwing(en)" if warnings else "")
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


def _report(passed: bool, example: str, verbose: bool) -> bool:
    """Show one example's outcome (a passed one only when ``verbose``); returns it."""
    if not passed:
        click.echo(click.style(f"MISLUKT {example}", fg="red"))
    elif verbose:
        click.echo(f"GESLAAGD {example}")
    return passed


@rules_group.command("test")
@click.argument(
    "paths", nargs=-1, metavar="[REGELBESTAND]...", type=click.Path(exists=True, path_type=Path)
)
@click.option("-v", "--verbose", is_flag=True, help="Toon ook de voorbeelden die slagen.")
@model_option
def test_rules(paths: tuple[Path, ...], verbose: bool, **options) -> None:
    """Probeer de voorbeelden van elke regel (flag en ok) uit (standaard: de regels van de
    configuratie), en die van rules/structure/role-evidence.yml (heeft en mist, krijgt en
    houdt); afsluitcode 1 als er een niet klopt."""
    runtime, rules = _rule_set(paths, **options)
    outcomes: list[bool] = []
    checker = Checker(runtime.nlp, runtime.structure, rules, load_score_spec())
    for result in run_examples(checker):
        expected = "flag" if result.expect_flag else "ok"
        outcomes.append(
            _report(result.passed, f"{result.rule} [{expected}] {result.text}", verbose)
        )
        if result.passed:
            continue
        if result.error:
            click.echo(f"     fout: {result.error}")
        elif result.findings:
            for finding in result.findings:
                click.echo(f"     gevonden: '{finding.excerpt}' — {finding.message}")
        else:
            click.echo("     gevonden: niets")
    # the examples of rules/structure/role-evidence.yml: what a sentence needs for a role
    # ("heeft" / "mist"), and the roles a sentence gains by its parse ("krijgt" / "houdt",
    # each example parsed on its own)
    evidence = runtime.structure.roles.evidence if runtime.structure.roles else None
    kinds = []
    if evidence is not None:
        kinds = [
            (evidence.example_results(runtime.nlp), "heeft", "mist"),
            (evidence.gain_results(runtime.nlp), "krijgt", "houdt"),
        ]
    for results, yes, no in kinds:
        for role, should, text, ok in results:
            label = yes if should else no
            outcomes.append(_report(ok, f"role-evidence {role} [{label}] {text}", verbose))
    failed = outcomes.count(False)
    click.echo(f"{len(outcomes) - failed} geslaagd, {failed} mislukt")
    raise SystemExit(ExitCode.FINDINGS if failed else ExitCode.OK)
