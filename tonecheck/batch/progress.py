"""Following a batch: a progress bar, and stopping cleanly on Ctrl-C.

The progress bar (tqdm, on standard error: letters done, letters per second, time left)
is shown only when standard error is a terminal and not with ``--quiet``, so pipelines
and logs never see it; standard output carries results only.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from tqdm import tqdm


class Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = (
            tqdm(total=total, unit=" brieven", file=sys.stderr, dynamic_ncols=True, leave=False)
            if enabled and total > 1
            else None
        )

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class StopOnInterrupt:
    """While active, Ctrl-C asks the batch to stop after the letters at hand instead of
    raising in the middle of writing one (:attr:`requested`); a second Ctrl-C asks it to
    stop at once (:attr:`forced`): the backend's loop looks at both several times a
    second and ends its workers itself, so no exception is ever raised at a random place
    of the batch loop (between printing a result and counting it, in a worker's start).
    Only inside :meth:`interruptible` (a letter checked in this process, where no loop
    looks) does the second Ctrl-C raise KeyboardInterrupt, which the caller catches.

    Once Ctrl-C was pressed, it stays ignored until the process ends (also after the
    ``with``): what is done is being listed and written, and a late Ctrl-C must not cut
    that short or end the process by a signal."""

    def __init__(self) -> None:
        self.requested = False
        self.forced = False  # a second Ctrl-C
        self._raising = False  # inside interruptible()
        # the handler before ours, as signal.signal returns it
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None

    def __enter__(self) -> StopOnInterrupt:
        self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self.requested:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        else:
            signal.signal(signal.SIGINT, self._previous)

    def hold(self) -> None:
        """From now on Ctrl-C is ignored: the batch has stopped and what is done is being
        written (results, summary, dashboard), which a second Ctrl-C must not cut short."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        """Work in this process that no loop watches: a second Ctrl-C raises here."""
        if self.forced:
            raise KeyboardInterrupt
        self._raising = True
        try:
            yield
        finally:
            self._raising = False

    def _handle(self, signum, frame) -> None:
        if not self.requested:
            self.requested = True
            return
        self.forced = True
        if self._raising:
            self._raising = False  # once
            raise KeyboardInterrupt
