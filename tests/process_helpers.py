"""Run a command in its own process and measure its peak memory; find and watch the
worker processes of a batch; interrupt a batch as Ctrl-C in a terminal does."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# runs a command and writes the peak memory of it and its workers to a file: only that
# command's processes, not the largest of everything the test session started (which
# RUSAGE_CHILDREN in pytest itself would report)
PEAK_WRAPPER = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def run_measured(command: list[str], timeout: float) -> tuple[subprocess.CompletedProcess, float]:
    """The finished command (output captured as text) and its peak resident memory in MB."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        result = subprocess.run(
            [sys.executable, "-c", PEAK_WRAPPER, str(peak_file), *command],
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        peak_kb = int(peak_file.read_text()) if peak_file.exists() else 0
    return subprocess.CompletedProcess(command, result.returncode, result.stdout, result.stderr), (
        peak_kb / 1024
    )


def children(pid: int) -> list[int]:
    """The process ids of the direct children of ``pid`` (Linux: /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie, dead but not yet reaped, is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_until_gone(pids: list[int], limit: float) -> float | None:
    """Seconds until none of ``pids`` runs any more; None if some still run after ``limit``."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if not any(alive(pid) for pid in pids):
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def kill_all(pids: list[int]) -> None:
    """Clean up after a failed test: kill whatever of ``pids`` still runs."""
    for pid in pids:
        if alive(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, 9)


def interrupt(
    command: list[str], signals: int = 1, pause: float = 0.1
) -> tuple[subprocess.Popen, str, str]:
    """Start ``command`` in a session of its own (as a terminal starts it), send Ctrl-C
    to all its processes (``signals`` times, ``pause`` seconds apart) once results flow;
    its exit code, standard output and standard error.

    Standard output is read unbuffered: ``communicate`` reads the pipe itself, so lines
    that a buffered ``readline`` had already taken in (several results at once, on a
    busy machine) would be lost to the test."""
    batch = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
        start_new_session=True,
    )  # fmt: skip
    first = batch.stdout.readline()  # unbuffered: one byte at a time, up to the newline
    for number in range(signals):
        if number:
            time.sleep(pause)
        os.killpg(batch.pid, signal.SIGINT)
    rest, errors = batch.communicate(timeout=120)
    return batch, (first + rest).decode(), errors.decode()
