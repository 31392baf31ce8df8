"""``tonecheck check``: read letters, understand them, run the rules and report."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from tonecheck.batch.backends import (
    BACKENDS,
    Backend,
    BackendError,
    BatchPlan,
    dask_backend,
    local_backend,
)
from tonecheck.batch.dashboard import render_dashboard
from tonecheck.batch.inputs import STDIN, collect_inputs, read_path_list
from tonecheck.batch.process import FILE_FORMATS, OutputSettings, process_letter
from tonecheck.batch.progress import Progress, StopOnInterrupt
from tonecheck.batch.summary import render_text, summarise
from tonecheck.checker import Checker
from tonecheck.cli.emitter import Emitter
from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import checker_from_options, fail, model_option, rules_option
from tonecheck.common.findings import LEVEL_NAMES, Level
from tonecheck.config import Config, load_config
from tonecheck.errors import TonecheckError
from tonecheck.report.output_files import (
    OutputError,
    ReportPlan,
    check_report_file,
    plan_reports,
    prepare_output,
    write_atomically,
)
from tonecheck.runtime import CheckerSource, config_file

_T = TypeVar("_T")

STREAM_FORMATS = ("text", "json", "jsonl")
DEFAULT_TIMEOUT = 60.0


@click.command()
@click.argument("paths", nargs=-1)
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
    help="For docx/html: a folder for the reports (created when missing; the letters' "
    "folders are mirrored in it), or a file name (one letter only). "
    "Default: next to each letter, as NAME.tonecheck.docx/.html.",
)
@click.option("--force", is_flag=True, help="Replace report files that already exist.")
@click.option(
    "--glob",
    "globs",
    multiple=True,
    help="In folders, check files matching this pattern (repeatable) "
    "[default: *.docx, *.txt, *.md].",
)
@click.option("--exclude", "excludes", multiple=True, help="Skip files matching this pattern.")
@click.option(
    "--files-from",
    type=click.Path(allow_dash=True),
    default=None,
    help="Read paths to check from this file ('-': standard input), one per line.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for a batch [default: number of CPUs].",
)
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="Where a batch runs: worker processes on this machine (local, the default) or "
    "a Dask cluster (dask; pip install 'tonecheck[dask]').",
)
@click.option(
    "--scheduler",
    envvar="DASK_SCHEDULER_ADDRESS",
    default=None,
    metavar="ADDRESS",
    help="The Dask scheduler (implies --backend dask): tcp://HOST:PORT, or local:N for a "
    "cluster of N worker processes on this machine [with --backend dask, default: "
    "$DASK_SCHEDULER_ADDRESS, else local:<number of CPUs>].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one letter may take in a batch before it is reported as failed.",
)
@click.option(
    "--sort/--no-sort",
    default=False,
    help="Stream results in input order instead of as they finish (json is always sorted).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write a batch dashboard (self-contained HTML) to this file.",
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
    output: str | None,
    force: bool,
    globs: tuple[str, ...],
    excludes: tuple[str, ...],
    files_from: str | None,
    jobs: int | None,
    backend: str | None,
    scheduler: str | None,
    timeout: float,
    sort: bool,
    quiet: bool,
    report_file: str | None,
    fail_level: str | None,
    min_level: str | None,
    **options,
) -> None:
    """Check letters: files (.docx, .txt, .md), folders (recursively) or '-' for standard
    input. Many letters are checked in parallel worker processes."""
    inputs, listed = _inputs(paths, globs, excludes, files_from)
    reports = _check_targets(output_format, output, report_file, inputs, [*paths, *listed])
    first = Path(next((p for p in inputs if p != STDIN), "."))
    source = CheckerSource.of(first, **options)
    # --scheduler on the command line implies dask; from $DASK_SCHEDULER_ADDRESS it only
    # says where, so an environment set up for Dask does not change what `check` does
    given = click.get_current_context().get_parameter_source("scheduler")
    distributed = backend == "dask" or (
        backend is None and given is click.core.ParameterSource.COMMANDLINE
    )
    if distributed and jobs is not None:
        raise click.UsageError("--jobs is voor --backend local; bij dask: --scheduler local:N")
    if distributed:  # the workers load the checker; this process needs only the config
        checker, config = None, _config(first, options.get("config_path"))
    else:
        runtime, checker = checker_from_options(first, **options)
        config = runtime.config
    settings = OutputSettings(
        output_format=output_format,
        reports=reports,
        force=force,
        minimum=Level.parse(min_level or config.min_level),
        failing=Level.parse(fail_level or config.fail_level),
    )
    plan = BatchPlan(source, settings, timeout)
    if checker is None:  # distributed
        workers = _make(lambda: dask_backend(plan, scheduler or f"local:{os.cpu_count() or 1}"))
    else:
        workers = local_backend(plan, checker, jobs)
    emitter = Emitter(output_format, sort=sort or output_format == "json", total=len(inputs))
    progress = Progress(len(inputs), enabled=not quiet and sys.stderr.isatty())
    lost: BackendError | None = None
    with StopOnInterrupt() as stop:
        try:
            for record in _records(inputs, plan, checker, workers, stop):
                emitter.add(record)
                progress.advance()
                if stop.requested:
                    break
        except BackendError as error:  # the cluster went away: report what is done
            lost = error
        finally:
            progress.close()
    interrupted = stop.requested
    emitter.finish()
    records = emitter.records
    if output_format == "text" and len(records) > 1:
        click.echo(render_text(summarise(records)))
    if report_file:
        _write_dashboard(records, Path(report_file), force)
    if interrupted:
        click.echo(f"tonecheck: onderbroken na {len(records)} van {len(inputs)} brieven", err=True)
        raise SystemExit(ExitCode.INTERRUPTED)
    if lost is not None:
        fail(lost)
        if records:
            click.echo(f"tonecheck: gestopt na {len(records)} van {len(inputs)} brieven", err=True)
        raise SystemExit(ExitCode.ERROR)
    if any(r.error for r in records):
        raise SystemExit(ExitCode.ERROR)
    raise SystemExit(ExitCode.FINDINGS if any(r.failing for r in records) else ExitCode.OK)


def _inputs(paths, globs, excludes, files_from) -> tuple[list[str], list[str]]:
    """The letters to check, and the paths read from ``--files-from``."""
    try:
        listed = read_path_list(files_from, sys.stdin) if files_from else []
    except (OSError, UnicodeDecodeError) as error:
        fail(OutputError(f"kan de lijst niet lezen ({error})", files_from))
        raise SystemExit(ExitCode.ERROR) from None
    if not paths and not files_from:
        raise click.UsageError("geef brieven, mappen of --files-from LIJST")
    inputs = collect_inputs(paths, globs, excludes, listed)
    if not inputs:
        fail(OutputError("geen brieven gevonden", ", ".join(paths) or files_from))
        raise SystemExit(ExitCode.ERROR)
    return inputs, listed


def _check_targets(
    output_format: str, output, report_file, inputs: list[str], given: list[str]
) -> ReportPlan | None:
    """Where each report goes (file formats); refuse unusable output places (and create
    the output folder) before any letter is checked."""
    try:
        reports = None
        if output_format in FILE_FORMATS:
            reports = plan_reports(inputs, FILE_FORMATS[output_format][0], output, given)
            prepare_output(reports)
        if report_file:
            check_report_file(report_file)
        return reports
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None


def _config(first: Path, config_path: Path | None) -> Config:
    try:
        return load_config(config_file(first, config_path))
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None


def _make(build: Callable[[], _T]) -> _T:
    try:
        return build()
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None


def _records(inputs, plan: BatchPlan, checker: Checker | None, workers: Backend, stop):
    """Records as letters finish: standard input (and, with the local backend, a single
    letter) in this process, the rest by the backend's workers."""
    here = [(i, p) for i, p in enumerate(inputs) if p == STDIN]
    rest = [(i, p) for i, p in enumerate(inputs) if p != STDIN]
    if checker is not None and len(rest) <= 1:
        here, rest = here + rest, []
    if here:
        local = checker if checker is not None else _make(plan.source.load)
        for index, path in here:
            yield process_letter(index, path, local, plan.settings)
    if rest and not stop.requested:
        for record in workers.run([p for _, p in rest], should_stop=lambda: stop.requested):
            record.index = rest[record.index][0]
            yield record


def _write_dashboard(records, target: Path, force: bool) -> None:
    summary = summarise(records)
    try:
        write_atomically(
            target,
            lambda tmp: tmp.write_text(render_dashboard(summary, target), encoding="utf-8"),
            STDIN,  # no letter to protect: the dashboard is written from the results
            force,
        )
    except TonecheckError as error:
        fail(error)
        raise SystemExit(ExitCode.ERROR) from None
