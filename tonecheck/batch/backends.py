"""Where a batch runs: ``local`` (supervised worker processes on this machine, the
default) or ``dask`` (the workers of a Dask cluster, `pip install 'tonecheck[dask]'`).

Both take the same letters and give back the same records as each letter is done; the
command around them (progress bar, output, summary, exit codes) does not know which ran.
"""

from __future__ import annotations

import os

from tonecheck.batch.plan import Backend, BackendError, BatchPlan
from tonecheck.checker import Checker

BACKENDS = ("local", "dask")
__all__ = ["BACKENDS", "Backend", "BackendError", "BatchPlan", "dask_backend", "local_backend"]


def local_backend(plan: BatchPlan, checker: Checker, jobs: int | None) -> Backend:
    """Supervised worker processes on this machine (forked with ``checker`` loaded)."""
    from tonecheck.batch.pool import WorkerPool

    jobs = jobs or os.cpu_count() or 1
    return WorkerPool(jobs, checker, plan.source.load, plan.settings, plan.timeout)


def dask_backend(plan: BatchPlan, scheduler: str) -> Backend:
    """The workers of a Dask cluster: ``tcp://HOST:PORT`` or ``local:N`` (a cluster of N
    worker processes on this machine, for this batch only)."""
    try:
        from tonecheck.batch.dask_client import DaskBackend
    except ImportError as error:
        raise BackendError(
            "--backend dask heeft Dask nodig; installeer het met: pip install 'tonecheck[dask]' "
            f"(ontbreekt: {error.name or error})"
        ) from None
    return DaskBackend(plan, scheduler)
