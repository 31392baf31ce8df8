"""Exit codes of the tonecheck command."""

from enum import IntEnum


class ExitCode(IntEnum):
    """0: nothing at or above the fail level; 1: findings at or above it; 2: usage/input
    error or a letter that could not be checked; 130: interrupted (Ctrl-C)."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130
