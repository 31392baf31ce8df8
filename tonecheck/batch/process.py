"""Everything done for one letter, in whichever process checks it: check, write the
report file, render the text — returned as a plain, picklable record.

The serial path and the worker processes both call :func:`process_letter`, so their
output cannot differ.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.checker import Checker
from tonecheck.common.findings import Level
from tonecheck.errors import TonecheckError
from tonecheck.report import text
from tonecheck.report.docx_comments import write_annotated_docx
from tonecheck.report.html_report import render_html
from tonecheck.report.output_files import (
    ReportPlan,
    discard_temporary,
    make_folder,
    owned_note,
    release,
    write_atomically,
)
from tonecheck.report.result import DocumentResult


def _write_html(result: DocumentResult, target: Path, settings: OutputSettings) -> None:
    target.write_text(render_html(result), encoding="utf-8")


def _write_docx(result: DocumentResult, target: Path, settings: OutputSettings) -> None:
    write_annotated_docx(result, target, rewrites=None if settings.track_changes else ())


# file formats: extension of the report and the function that writes it
FILE_FORMATS: dict[str, tuple[str, Callable[[DocumentResult, Path, OutputSettings], None]]] = {
    "docx": (".docx", _write_docx),
    "html": (".html", _write_html),
}


@dataclass(frozen=True)
class OutputSettings:
    """What to produce for each letter (the same in every process)."""

    output_format: str = "text"
    reports: ReportPlan | None = None  # where docx/html reports go (file formats only)
    force: bool = False
    minimum: Level = Level.SUGGESTION
    failing: Level = Level.ERROR
    # where relative paths (letters, --output) are found: the caller's working folder,
    # for a process that has another one (a Dask worker); None: this process's own
    base: str | None = None
    # this run (a random id): a report it already wrote for a letter may be written again
    # for that letter, when the letter is checked again after its worker was lost
    run: str | None = None
    track_changes: bool = True  # docx: rewrites as tracked changes (else in comments only)

    def located(self, path: str) -> str:
        """Where this process finds ``path``, which is shown to the user as given."""
        if self.base is None or path == "-":
            return path
        return os.path.join(self.base, path)


@dataclass
class Record:
    """The outcome of one letter, as plain data."""

    index: int
    path: str
    data: dict  # the JSON document object
    text: str | None = None  # the text rendering (text format)
    report: str | None = None  # where the docx/html report was written
    failing: bool = False  # a finding at or above the fail level
    unwritten: bool = False  # the letter was checked, but its report could not be written
    extra: dict = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        return self.data.get("error")


def process_letter(index: int, source: str, checker: Checker, settings: OutputSettings) -> Record:
    """Check the letter at ``source`` (a path or '-') and produce its outputs."""
    return next(process_letters([(index, source)], checker, settings))


def process_letters(
    tasks: list[tuple[int, str]], checker: Checker, settings: OutputSettings
) -> Iterator[Record]:
    """Check several letters together (the pipeline batches them); records in order.
    Records are plain data, made inside :meth:`Checker.memory_zone`, so a worker's memory
    does not grow with the words of the letters it has read."""
    with checker.memory_zone():
        results = checker.check_paths(
            [settings.located(source) for _, source in tasks], settings.minimum
        )
        for (index, source), result in zip(tasks, results, strict=True):
            result.path = source if settings.base is not None else result.path
            try:
                record = _record(index, source, result, settings)
            except Exception as error:  # one letter must never stop the others
                reason = f"interne fout bij het verwerken ({type(error).__name__}: {error})"
                record = failed_record(index, result.path, reason)
            yield record


def _record(index: int, source: str, result: DocumentResult, settings: OutputSettings) -> Record:
    report, unwritten = None, False
    failing = any(f.level >= settings.failing for f in result.findings)
    if not result.error and settings.reports is not None:
        # the record as it will be, in the mark beside the report (recovered_records)
        note = json.dumps({"data": result.as_dict(), "failing": failing}, ensure_ascii=False)
        report = _write_report(result, source, settings.reports, settings, note)
        unwritten = report is None
    rendered = text.render(result) if settings.output_format == "text" else None
    return Record(
        index=index,
        path=result.path,
        data=result.as_dict(),
        text=rendered,
        report=report,
        failing=failing,
        unwritten=unwritten,
    )


def failed_record(index: int, path: str, message: str) -> Record:
    """The record of a letter whose checking did not finish (a crashed or hung worker)."""
    data = DocumentResult(path=path, error=message).as_dict()
    return Record(index=index, path=path, data=data)


def _write_report(
    result: DocumentResult, source: str, plan: ReportPlan, settings: OutputSettings, note: str
) -> str | None:
    """Write the docx/html report; a failure becomes the letter's error."""
    writer = FILE_FORMATS[settings.output_format][1]
    target = None
    try:
        target = str(plan.target(source, settings.base))
        located = Path(settings.located(target))
        if plan.into_folder:  # the letter's folder mirrored under --output
            make_folder(located.parent)
        write_atomically(
            located,
            lambda tmp: writer(result, tmp, settings),
            settings.located(source),
            settings.force,
            owner=_owner(source, settings),
            note=note,
        )
    except TonecheckError as error:
        if error.path in (result.path, source, settings.located(source)):
            result.error = error.message
        else:  # name the report as the user knows it
            shown = target if target and error.path == settings.located(target) else error.path
            result.error = f"{shown}: {error.message}" if shown else error.message
        return None
    except Exception as error:  # a writer that fails in its own way: still one line
        shown = f"{target}: " if target else ""
        result.error = f"{shown}kan het rapport niet schrijven ({type(error).__name__}: {error})"
        return None
    return target


def _owner(source: str, settings: OutputSettings) -> str | None:
    """This run and this letter, as the mark beside the letter's report says them."""
    if settings.run is None:
        return None
    letter = os.path.abspath(settings.located(source))
    return f"{settings.run} {hashlib.sha256(letter.encode()).hexdigest()[:32]}"


def report_file(source: str, settings: OutputSettings) -> Path | None:
    """Where this process finds the report of ``source`` (None: it gets none)."""
    if settings.reports is None:
        return None
    try:
        return Path(settings.located(str(settings.reports.target(source, settings.base))))
    except TonecheckError:  # refused, or standard input without --output
        return None


def recovered_records(tasks: list[tuple[int, str]], settings: OutputSettings) -> Iterator[Record]:
    """The records of those letters whose report this run wrote, read from the marks
    beside the reports: after an interruption, the letters a worker finished but could
    not hand back before it was ended (killed on a second Ctrl-C, a Dask chunk
    cancelled). Call before :func:`release_reports`."""
    if settings.reports is None or settings.run is None:
        return
    for index, source in tasks:
        target = report_file(source, settings)
        owner = _owner(source, settings)
        note = owned_note(target, owner) if target is not None and owner else None
        if not note:
            continue
        try:
            kept = json.loads(note)
            data, failing = kept["data"], bool(kept["failing"])
        except (ValueError, KeyError, TypeError):
            continue
        shown = str(settings.reports.target(source, settings.base))
        yield Record(index=index, path=source, data=data, report=shown, failing=failing)


def discard_partial(sources: list[str], settings: OutputSettings) -> None:
    """Remove what a killed worker may have left half-written for these letters."""
    for source in sources:
        target = report_file(source, settings)
        if target is not None:
            discard_temporary(target)


def release_reports(sources: list[str], settings: OutputSettings) -> None:
    """At the end of a run: remove its marks and leftover temporary files beside the
    reports of these letters."""
    for source in sources:
        target = report_file(source, settings)
        if target is not None:
            release(target, _owner(source, settings))
