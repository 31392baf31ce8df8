"""``tonecheck check``: read letters, understand them, run the rules and report."""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
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
from tonecheck.batch.inputs import STDIN, collect_inputs, read_path_list, skipped_note
from tonecheck.batch.process import (
    FILE_FORMATS,
    OutputSettings,
    Record,
    process_letter,
    recovered_records,
    release_reports,
)
from tonecheck.batch.progress import Progress, StopOnInterrupt
from tonecheck.batch.summary import render_text, summarise
from tonecheck.checker import Checker
from tonecheck.cli.emitter import Emitter
from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import checker_from_options, fail, model_option, rules_option
from tonecheck.common.findings import ACCEPTED_LEVEL_NAMES, Level
from tonecheck.config import Config, load_config
from tonecheck.errors import TonecheckError
from tonecheck.report.output_files import (
    OutputError,
    ReportPlan,
    check_report_file,
    describe,
    plan_reports,
    prepare_output,
    write_atomically,
)
from tonecheck.runtime import CheckerSource, config_file

_T = TypeVar("_T")

STREAM_FORMATS = ("text", "json", "jsonl")
DEFAULT_TIMEOUT = 60.0


@click.command()
@click.argument("paths", nargs=-1, metavar="[BRIEVEN]...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*STREAM_FORMATS, *FILE_FORMATS]),
    default="text",
    show_default=True,
    help="Uitvoervorm. text, json en jsonl gaan naar de standaarduitvoer; docx (de brief met "
    "Word-opmerkingen) en html (een rapportpagina) worden als bestanden geschreven.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    default=None,
    help="Bij docx/html: een map voor de rapporten (wordt gemaakt als die ontbreekt; de "
    "mappen van de brieven worden erin nagebootst), of een bestandsnaam (alleen bij één "
    "brief). Standaard: naast elke brief, als NAAM.tonecheck.docx/.html.",
)
@click.option("--force", is_flag=True, help="Vervang rapportbestanden die al bestaan.")
@click.option(
    "--track-changes/--no-track-changes",
    default=True,
    help="Bij docx: een herschrijving als bijgehouden wijziging naast haar opmerking "
    "(standaard), of alleen opmerkingen.",
)
@click.option(
    "--glob",
    "globs",
    multiple=True,
    metavar="PATROON",
    help="Controleer in mappen de bestanden die op dit patroon passen (mag vaker) "
    "[standaard: *.docx, *.txt, *.md].",
)
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    metavar="PATROON",
    help="Sla bestanden over die op dit patroon passen (mag vaker).",
)
@click.option(
    "--files-from",
    type=click.Path(allow_dash=True),
    default=None,
    metavar="LIJST",
    help="Lees de te controleren paden uit dit bestand, één per regel ('-': de standaardinvoer).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Aantal werkprocessen voor een reeks brieven [standaard: het aantal processors].",
)
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="Waar een reeks brieven wordt gecontroleerd: in werkprocessen op deze computer "
    "(local, de standaard) of op een Dask-cluster (dask; pip install 'tonecheck[dask]').",
)
@click.option(
    "--scheduler",
    envvar="DASK_SCHEDULER_ADDRESS",
    default=None,
    metavar="ADRES",
    help="De Dask-scheduler (betekent --backend dask): tcp://HOST:POORT, of local:N voor "
    "een cluster van N werkprocessen op deze computer [bij --backend dask standaard: "
    "$DASK_SCHEDULER_ADDRESS, anders local:<aantal processors>].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconden die één brief in een reeks mag duren; daarna wordt die als mislukt gemeld.",
)
@click.option(
    "--sort/--no-sort",
    default=False,
    help="Toon de resultaten in de volgorde van de invoer in plaats van zodra ze klaar zijn "
    "(json is altijd op volgorde).",
)
@click.option("--quiet", "-q", is_flag=True, help="Geen voortgangsbalk.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Schrijf ook een overzicht van de hele reeks (één HTML-bestand) naar dit bestand.",
)
@click.option(
    "--fail-level",
    type=click.Choice(ACCEPTED_LEVEL_NAMES),
    default=None,
    help="Stop met afsluitcode 1 als een bevinding minstens dit niveau heeft [standaard: fout].",
)
@click.option(
    "--min-level",
    type=click.Choice(ACCEPTED_LEVEL_NAMES),
    default=None,
    help="Meld alleen bevindingen van minstens dit niveau [standaard: suggestie].",
)
@model_option
@rules_option
def check(
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    force: bool,
    track_changes: bool,
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
    """Controleer brieven: bestanden (.docx, .txt, .md), mappen (met alle submappen) of
    '-' voor de standaardinvoer. Veel brieven worden tegelijk in werkprocessen
    gecontroleerd."""
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
        track_changes=track_changes,
        minimum=Level.parse(min_level or config.min_level),
        failing=Level.parse(fail_level or config.fail_level),
        run=uuid.uuid4().hex,
    )
    plan = BatchPlan(source, settings, timeout)
    if checker is None:  # distributed
        workers = _make(lambda: dask_backend(plan, scheduler or f"local:{os.cpu_count() or 1}"))
    else:
        workers = local_backend(plan, checker, jobs)
    emitter = Emitter(output_format, sort=sort or output_format == "json", total=len(inputs))
    progress = Progress(len(inputs), enabled=not quiet and sys.stderr.isatty())
    code = ExitCode.INTERRUPTED
    try:
        with StopOnInterrupt() as stop:
            try:
                records = _records(inputs, plan, checker, workers, stop)
                outcome = _run(records, emitter, progress, stop)
                stop.hold()
                code = _finish(outcome, emitter, len(inputs), report_file, force)
            finally:
                if reports is not None:  # this run's marks, and what killed writers left
                    release_reports(inputs, settings)
    except KeyboardInterrupt:  # Ctrl-C twice while a letter was checked in this process
        _say("tonecheck: onderbroken")
    raise SystemExit(code)


@dataclass
class _Outcome:
    """How the batch loop ended."""

    interrupted: bool = False  # Ctrl-C
    lost: BackendError | None = None  # the cluster went away
    stdout: OSError | None = None  # standard output could not be written


def _run(records, emitter: Emitter, progress: Progress, stop: StopOnInterrupt) -> _Outcome:
    """Print records as they come. Ctrl-C (or standard output failing) stops the batch
    once the letters at hand are done, so every report written is listed; a second
    Ctrl-C stops it at once (the reports written are still listed, see :func:`_records`).
    Never raises for any of these."""
    outcome = _Outcome()
    try:
        for record in records:
            try:
                emitter.add(record)  # kept before printing: listed in the dashboard
            except OSError as error:
                if outcome.stdout is None:
                    outcome.stdout = error
                    _silence_stdout()
                    stop.requested = True  # nobody reads the results any more
            progress.advance()
    except BackendError as error:  # the cluster went away: report what is done
        outcome.lost = error
    except KeyboardInterrupt:  # a second Ctrl-C while a letter was checked here
        pass
    finally:
        progress.close()
    outcome.interrupted = stop.requested and outcome.stdout is None
    return outcome


def _finish(
    outcome: _Outcome, emitter: Emitter, total: int, report_file: str | None, force: bool
) -> ExitCode:
    """Print what is still to print, write the dashboard, and say how the batch ended
    (one line each); the exit code."""
    if outcome.stdout is None:
        try:
            emitter.finish()
            if emitter.output_format == "text" and len(emitter.records) > 1:
                click.echo(render_text(summarise(emitter.records)))
        except OSError as error:
            outcome.stdout = error
            _silence_stdout()
    records = emitter.records
    failed = False
    if outcome.stdout is not None:
        _say(f"tonecheck: standaarduitvoer: kan niet schrijven: {describe(outcome.stdout)}")
        failed = True
    if report_file:
        failed = not _write_dashboard(records, Path(report_file), force) or failed
    unwritten = sum(r.unwritten for r in records)
    if unwritten:
        _say(
            f"tonecheck: {unwritten} van de {len(records)} rapporten niet geschreven "
            "(zie de regels hierboven)"
        )
    if outcome.interrupted:
        _say(f"tonecheck: onderbroken na {len(records)} van {total} brieven")
        return ExitCode.INTERRUPTED
    if outcome.lost is not None:
        _say(f"tonecheck: {outcome.lost}")
        if records:
            _say(f"tonecheck: gestopt na {len(records)} van {total} brieven")
        return ExitCode.ERROR
    if failed or any(r.error for r in records):
        return ExitCode.ERROR
    return ExitCode.FINDINGS if any(r.failing for r in records) else ExitCode.OK


def _say(line: str) -> None:
    """One line on standard error (which may itself be full: then nothing)."""
    with contextlib.suppress(OSError):
        click.echo(line, err=True)


def _silence_stdout() -> None:
    """After standard output failed (a full disk, a closed pipe): send what is left in
    its buffer, and all later output, nowhere, so Python does not fail again at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _inputs(paths, globs, excludes, files_from) -> tuple[list[str], list[str]]:
    """The letters to check, and the paths read from ``--files-from``."""
    try:
        listed = read_path_list(files_from, sys.stdin) if files_from else []
    except (OSError, UnicodeDecodeError) as error:
        fail(OutputError(f"kan de lijst niet lezen ({error})", files_from))
        raise SystemExit(ExitCode.ERROR) from None
    if not paths and not files_from:
        raise click.UsageError("geef brieven, mappen of --files-from LIJST")
    skipped: Counter = Counter()  # what folder walks left out: our reports, links, FIFOs
    inputs = collect_inputs(paths, globs, excludes, listed, skipped)
    if skipped_note(skipped):
        click.echo(f"tonecheck: {skipped_note(skipped)}", err=True)
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


def _records(
    inputs, plan: BatchPlan, checker: Checker | None, workers: Backend, stop: StopOnInterrupt
):
    """Records as letters finish: standard input (and, with the local backend, a single
    letter) in this process, the rest by the backend's workers. After Ctrl-C, also the
    letters whose report this run wrote but whose record never came back (their worker
    was ended on a second Ctrl-C, their Dask chunk cancelled): from the marks beside the
    reports, so that what is on disk is what is listed."""
    here = [(i, p) for i, p in enumerate(inputs) if p == STDIN]
    rest = [(i, p) for i, p in enumerate(inputs) if p != STDIN]
    if checker is not None and len(rest) <= 1:
        here, rest = here + rest, []
    if here:  # no backend loop watches this process's own work: Ctrl-C twice raises
        with stop.interruptible():
            local = checker if checker is not None else _make(plan.source.load)
        for index, path in here:
            with stop.interruptible():
                record = process_letter(index, path, local, plan.settings)
            yield record
    if rest and not stop.requested:
        returned: set[int] = set()
        for record in workers.run(
            [p for _, p in rest],
            should_stop=lambda: stop.requested,
            should_abort=lambda: stop.forced,
        ):
            returned.add(record.index)
            record.index = rest[record.index][0]
            yield record
        if stop.requested:
            missing = [task for number, task in enumerate(rest) if number not in returned]
            yield from recovered_records(missing, plan.settings)


def _write_dashboard(records: list[Record], target: Path, force: bool) -> bool:
    """Write the dashboard; a failure is one line (False)."""
    summary = summarise(records)
    try:
        write_atomically(
            target,
            lambda tmp: tmp.write_text(render_dashboard(summary, target), encoding="utf-8"),
            STDIN,  # no letter to protect: the dashboard is written from the results
            force,
        )
    except TonecheckError as error:
        _say(f"tonecheck: {error}")
        return False
    return True
