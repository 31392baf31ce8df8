"""``tonecheck check``: read letters, understand them, run the rules and report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from tonecheck.checker import check_path
from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import fail, load_runtime, model_option, rules_option
from tonecheck.engine.findings import LEVEL_NAMES, Level
from tonecheck.errors import TonecheckError
from tonecheck.report import json_report, text
from tonecheck.report.docx_comments import write_annotated_docx
from tonecheck.report.html_report import render_html
from tonecheck.report.output_files import check_output_target, report_path, write_atomically
from tonecheck.report.result import DocumentResult
from tonecheck.report.score import load_score_spec

STREAM_FORMATS = ("text", "json", "jsonl")


def _write_html(result: DocumentResult, target: Path) -> None:
    target.write_text(render_html(result), encoding="utf-8")


# file formats: extension of the report and the function that writes it
FILE_FORMATS: dict[str, tuple[str, Callable[[DocumentResult, Path], None]]] = {
    "docx": (".docx", write_annotated_docx),
    "html": (".html", _write_html),
}


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*STREAM_FORMATS, *FILE_FORMATS]),
    default="text",
    show_default=True,
    help="Output format. text/json/jsonl go to standard output; docx (the letter with "
    "Word comments) and html (a report page) are written as files.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    default=None,
    help="For docx/html: a folder for the reports, or a file name (one letter only). "
    "Default: next to each letter, as NAME.tonecheck.docx/.html.",
)
@click.option("--force", is_flag=True, help="Replace report files that already exist.")
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
    output: str | None,
    force: bool,
    fail_level: str | None,
    min_level: str | None,
    **options,
) -> None:
    """Check letters (.docx, .txt, .md; '-' reads standard input)."""
    if output_format in FILE_FORMATS:
        try:
            check_output_target(output, len(paths))
        except TonecheckError as error:
            fail(error)
            raise SystemExit(ExitCode.ERROR) from None
    runtime = load_runtime(Path(paths[0]), **options)
    config = runtime.config
    minimum = Level.parse(min_level or config.min_level)
    failing = Level.parse(fail_level or config.fail_level)
    score_spec = load_score_spec()
    results: list[DocumentResult] = []
    any_error = any_failing = False
    for path in paths:
        result = check_path(
            path, runtime.nlp, runtime.structure, runtime.rules, score_spec, minimum
        )
        if not result.error and output_format in FILE_FORMATS:
            _write_report(result, path, output_format, output, force)
        if result.error:
            any_error = True
            click.echo(f"tonecheck: {result.path}: {result.error}", err=True)
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


def _write_report(
    result: DocumentResult, source: str, output_format: str, output: str | None, force: bool
) -> None:
    """Write the docx/html report of the letter read from ``source`` (a path or '-');
    a failure becomes the letter's error."""
    extension, writer = FILE_FORMATS[output_format]
    try:
        target = report_path(source, extension, output)
        write_atomically(target, lambda tmp: writer(result, tmp), source, force)
    except TonecheckError as error:
        result.error = error.message if error.path in (result.path, source) else str(error)
        return
    score = f"score {result.score.value}/100 ({result.score.band}), " if result.score else ""
    click.echo(f"{result.path} \u2192 {target}  ({score}{len(result.findings)} bevindingen)")
