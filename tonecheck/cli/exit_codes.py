"""Exit codes of the tonecheck command."""

from enum import IntEnum


class ExitCode(IntEnum):
    """0: nothing at or above the fail level; 1: findings at or above it; 2: usage/input error."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
