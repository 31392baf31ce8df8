"""Checking for the web service: the same :class:`Checker` as the command line, run in
threads of its own (never on the event loop), with a time limit per request. Text is
checked from memory; a Word document from the request's temporary folder.

Letters are queued by length: a letter is read in the lane of ordinary letters, then
checked there or, when longer than ``large_chars``, in a lane of its own where the
shortest waiting letter goes first. A queue of long letters (5 to 10 s each at the size
limit) thus never makes an ordinary letter wait, and a worker checks at most one long
letter at a time (its memory: one long letter's and one ordinary letter's)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from tonecheck.checker import Checker
from tonecheck.common.findings import Level
from tonecheck.documents.model import Document
from tonecheck.documents.read import read_text_bytes
from tonecheck.errors import TonecheckError
from tonecheck.report.docx_comments import write_annotated_docx
from tonecheck.report.html_report import finding_key
from tonecheck.report.result import DocumentResult
from tonecheck.web.lanes import Lane
from tonecheck.web.settings import LARGE_LETTER_CHARS
from tonecheck.web.uploads import SavedLetter

log = logging.getLogger("tonecheck.web")
T = TypeVar("T")
Read = Document | DocumentResult  # a letter read, or its result when it cannot be read


class CheckTimeout(Exception):
    """The check did not finish within the request's time limit."""


class CheckService:
    """One worker process's checker, with two lanes (see the module's docstring): each
    checks one letter at a time, as the pipeline is CPU-bound and parallelism comes from
    more worker processes. A request that waits longer than ``timeout`` seconds, in a
    queue or checking, gets :class:`CheckTimeout`; a check that has not started by then
    is skipped."""

    def __init__(
        self, checker: Checker, timeout: float, large_chars: int = LARGE_LETTER_CHARS
    ) -> None:
        self.checker = checker
        self.timeout = timeout
        self.large_chars = large_chars
        self._ordinary = Lane("tonecheck")
        self._large = Lane("tonecheck-large")

    def close(self) -> None:
        self._ordinary.close()
        self._large.close()

    async def check(self, letter: SavedLetter, minimum: Level = Level.SUGGESTION):
        """The document result of the letter (``path`` is the name it was uploaded as)."""
        return await self._run(self._check, letter, minimum)

    async def annotate(
        self,
        letter: SavedLetter,
        skip: Mapping[str, str] | None = None,
        done: Collection[str] = (),
        rewrites: Collection[str] | None = None,
    ) -> tuple[DocumentResult, bytes | None]:
        """The result and the letter as .docx with a comment per finding not in ``skip``
        (finding key -> the writer's reason, may be empty); the findings left out are
        listed with their reasons in the first comment; those in ``done`` are resolved
        comments; the rewrites of those in ``rewrites`` (all when None) are tracked
        changes. None when the letter could not be checked."""
        return await self._run(self._annotate, letter, dict(skip or {}), done, rewrites)

    async def _run(self, function: Callable[..., T], letter: SavedLetter, *args: Any) -> T:
        """``function(letter, read, *args)`` once the letter is read, in the lane of its
        length; the whole within the time limit."""
        deadline = asyncio.get_running_loop().time() + self.timeout
        read = await _within(self._ordinary.submit(0, self._read, letter), deadline)
        size = len(read.text) if isinstance(read, Document) else 0
        if size > self.large_chars:
            job = self._large.submit(size, function, letter, read, *args)
        else:
            job = self._ordinary.submit(0, function, letter, read, *args)
        return await _within(job, deadline)

    def _read(self, letter: SavedLetter) -> Read:
        if letter.path is not None:
            return self.checker.read(str(letter.path))
        try:
            return read_text_bytes(letter.content, letter.name, letter.markdown)
        except TonecheckError as error:
            return DocumentResult(path=letter.name, error=error.message)

    def _check(self, letter: SavedLetter, read: Read, minimum: Level) -> DocumentResult:
        result = self.checker.check(read, minimum) if isinstance(read, Document) else read
        result.path = letter.name
        return result

    def _annotate(
        self,
        letter: SavedLetter,
        read: Read,
        skip: dict[str, str],
        done: Collection[str] = (),
        rewrites: Collection[str] | None = None,
    ) -> tuple[DocumentResult, bytes | None]:
        result = self._check(letter, read, Level.SUGGESTION)
        if result.error:
            return result, None
        if letter.path is None:  # the callers send .docx letters only, which are saved
            raise ValueError(f"{letter.name}: only a saved .docx letter can be annotated")
        left_out = [f for f in result.findings if finding_key(f) in skip]
        result.findings = [f for f in result.findings if finding_key(f) not in skip]
        notes = tuple(_left_out_note(f, skip[finding_key(f)]) for f in left_out)
        target = Path(letter.path).with_name("brief.tonecheck.docx")
        write_annotated_docx(result, target, notes, done, rewrites)
        return result, target.read_bytes()


async def _within(job: Future, deadline: float):
    """The job's result, or CheckTimeout at ``deadline`` (a job still waiting is then
    cancelled, and its lane skips it)."""
    remaining = max(0.0, deadline - asyncio.get_running_loop().time())
    try:
        return await asyncio.wait_for(asyncio.wrap_future(job), remaining)
    except TimeoutError:
        raise CheckTimeout from None


def _left_out_note(finding, reason: str) -> str:
    note = f"Genegeerd: {finding.rule} bij \u2018{finding.excerpt}\u2019"
    return f"{note} (reden: {reason.strip()})" if reason.strip() else note
