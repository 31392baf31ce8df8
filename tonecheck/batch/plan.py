"""What a batch backend is given and gives back: the plan of a batch, the protocol every
backend follows, and the error a backend that cannot run raises."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from tonecheck.batch.process import OutputSettings, Record
from tonecheck.errors import TonecheckError
from tonecheck.runtime import CheckerSource


class BackendError(TonecheckError):
    """A backend cannot run: its extra is not installed, its cluster cannot be reached."""


class Backend(Protocol):
    def run(
        self,
        paths: list[str],
        should_stop: Callable[[], bool],
        should_abort: Callable[[], bool] = ...,
    ) -> Iterator[Record]:
        """One record per path (``record.index`` is the path's position), as each is done;
        stops handing out letters once ``should_stop()`` (the letters at hand are
        finished and yielded), and ends its workers at once when ``should_abort()``."""
        ...


@dataclass(frozen=True)
class BatchPlan:
    """What every backend needs to know about the batch."""

    source: CheckerSource  # how a worker loads the checker
    settings: OutputSettings
    timeout: float  # seconds one letter may take
