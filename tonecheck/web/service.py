"""Checking for the web service: the same :class:`Checker` as the command line, run in a
thread of its own (never on the event loop), with a time limit per request. Text is
checked from memory; a Word document from the request's temporary folder."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tonecheck.checker import Checker
from tonecheck.common.findings import Level
from tonecheck.documents.read import read_text_bytes
from tonecheck.errors import TonecheckError
from tonecheck.report.docx_comments import write_annotated_docx
from tonecheck.report.html_report import finding_key
from tonecheck.report.result import DocumentResult
from tonecheck.web.uploads import SavedLetter

log = logging.getLogger("tonecheck.web")


class CheckTimeout(Exception):
    """The check did not finish within the request's time limit."""


class CheckService:
    """One worker process's checker. Checks run one at a time in one thread: the
    pipeline is CPU-bound (threads would only take turns), and parallelism comes from
    more worker processes. A request that waits longer than ``timeout`` seconds, in the
    queue or checking, gets :class:`CheckTimeout`; a check that has not started by then
    is skipped."""

    def __init__(self, checker: Checker, timeout: float) -> None:
        self.checker = checker
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tonecheck")

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def check(self, letter: SavedLetter, minimum: Level = Level.SUGGESTION):
        """The document result of the letter (``path`` is the name it was uploaded as)."""
        return await self._run(self._check, letter, minimum)

    async def annotate(
        self, letter: SavedLetter, skip: Mapping[str, str] | None = None
    ) -> tuple[DocumentResult, bytes | None]:
        """The result and the letter as .docx with a comment per finding not in ``skip``
        (finding key -> the writer's reason, may be empty); the findings left out are
        listed with their reasons in the first comment. None when the letter could not
        be checked."""
        return await self._run(self._annotate, letter, dict(skip or {}))

    async def _run(self, function, *args):
        loop = asyncio.get_running_loop()
        timed_out = False

        def job():
            if timed_out:  # the request gave up while this waited in the queue
                raise CheckTimeout
            return function(*args)

        try:
            return await asyncio.wait_for(loop.run_in_executor(self._executor, job), self.timeout)
        except TimeoutError:
            timed_out = True
            raise CheckTimeout from None

    def _check(self, letter: SavedLetter, minimum: Level) -> DocumentResult:
        if letter.path is not None:
            result = self.checker.check_path(str(letter.path), minimum)
        else:
            try:
                document = read_text_bytes(letter.content, letter.name, letter.markdown)
            except TonecheckError as error:
                return DocumentResult(path=letter.name, error=error.message)
            result = self.checker.check(document, minimum)
        result.path = letter.name
        return result

    def _annotate(
        self, letter: SavedLetter, skip: dict[str, str]
    ) -> tuple[DocumentResult, bytes | None]:
        result = self._check(letter, Level.SUGGESTION)
        if result.error:
            return result, None
        if letter.path is None:  # the callers send .docx letters only, which are saved
            raise ValueError(f"{letter.name}: only a saved .docx letter can be annotated")
        left_out = [f for f in result.findings if finding_key(f) in skip]
        result.findings = [f for f in result.findings if finding_key(f) not in skip]
        notes = tuple(_left_out_note(f, skip[finding_key(f)]) for f in left_out)
        target = Path(letter.path).with_name("brief.tonecheck.docx")
        write_annotated_docx(result, target, notes)
        return result, target.read_bytes()


def _left_out_note(finding, reason: str) -> str:
    note = f"Genegeerd: {finding.rule} bij \u2018{finding.excerpt}\u2019"
    return f"{note} (reden: {reason.strip()})" if reason.strip() else note
