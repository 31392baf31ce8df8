"""``tonecheck check``: read letters, understand them, run the rules and report."""

from __future__ import annotations

from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import load_runtime, model_option, rules_option
from tonecheck.documents import read_document
from tonecheck.engine.findings import LEVEL_NAMES, Level
from tonecheck.engine.runner import check_letter
from tonecheck.engine.settings import at_least
from tonecheck.errors import TonecheckError
from tonecheck.nlp.letter import understand
from tonecheck.report import json_report, text
from tonecheck.report.result import DocumentResult

FORMATS = ("text", "json", "jsonl")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-level",
    type=click.Choice(LEVEL_NAMES),
    default=None,
    help="Exit with 1 when a finding has at least this level [default: error].",
)
@click.option(
    "--min-level",
    type=click.Choice(LEVEL_NAMES),
    default=None,
    help="Report only findings of at least this level [default: suggestion].",
)
@model_option
@rules_option
def check(
    paths: tuple[str, ...],
    output_format: str,
    fail_level: str | None,
    min_level: str | None,
    **options,
) -> None:
    """Check letters (.docx, .txt, .md; '-' reads standard input)."""
    runtime = load_runtime(Path(paths[0]), **options)
    config = runtime.config
    minimum = Level.parse(min_level or config.min_level)
    failing = Level.parse(fail_level or config.fail_level)
    results: list[DocumentResult] = []
    any_error = any_failing = False
    for path in paths:
        result = DocumentResult(path=path)
        try:
            document = read_document(path)
            result.path = document.path
            result.letter = understand(runtime.nlp, runtime.structure, document)
            result.findings = at_least(check_letter(result.letter, runtime.rules), minimum)
        except TonecheckError as error:
            result.error = error.message
            any_error = True
            click.echo(f"tonecheck: {error}", err=True)
        except Exception as error:  # one letter must never stop the others
            result.error = f"interne fout bij het controleren ({type(error).__name__}: {error})"
            result.findings = []
            any_error = True
            click.echo(f"tonecheck: {path}: {result.error}", err=True)
        any_failing |= any(f.level >= failing for f in result.findings)
        if output_format == "text" and not result.error:
            click.echo(text.render(result))
        elif output_format == "jsonl":
            click.echo(json_report.render_jsonl_line(result))
        results.append(result)
    if output_format == "json":
        click.echo(json_report.render_json(results))
    if any_error:
        raise SystemExit(ExitCode.ERROR)
    raise SystemExit(ExitCode.FINDINGS if any_failing else ExitCode.OK)
