"""Errors that tonecheck reports to the user as one clear line (never a traceback)."""

from __future__ import annotations


class TonecheckError(Exception):
    """Base class for errors shown to the user as ``<path>: <message>``."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __reduce__(self):
        # keep the path when the error travels between processes (pickle)
        return (type(self), (self.message, self.path))


class InputError(TonecheckError):
    """A letter could not be read (missing, unreadable, not a supported format)."""


class ModelError(TonecheckError):
    """The NLP pipeline could not be loaded."""
