"""Run a command in its own process and measure its peak memory."""

from __future__ import annotations

import subprocess
import sys
import tempfile
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
