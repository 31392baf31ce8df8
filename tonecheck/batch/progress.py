"""Following a batch: a progress bar, and stopping cleanly on Ctrl-C.

The progress bar (tqdm, on standard error: letters done, letters per second, time left)
is shown only when standard error is a terminal and not with ``--quiet``, so pipelines
and logs never see it; standard output carries results only.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
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
    raising in the middle of writing one; a second Ctrl-C raises KeyboardInterrupt at
    once, and from then on, until the end of the ``with``, Ctrl-C is ignored, so that
    what is done can still be written (the caller catches it: no traceback)."""

    def __init__(self) -> None:
        self.requested = False
        self.forced = False  # a second Ctrl-C
        # the handler before ours, as signal.signal returns it
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None

    def __enter__(self) -> StopOnInterrupt:
        self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        signal.signal(signal.SIGINT, self._previous)

    def hold(self) -> None:
        """From now on Ctrl-C is ignored: the batch has stopped and what is done is being
        written (results, summary, dashboard), which a second Ctrl-C must not cut short."""
        self.forced = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    def _handle(self, signum, frame) -> None:
        if not self.requested:
            self.requested = True
            return
        self.forced = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt
