"""Open a letter only when it is a regular file, without ever blocking.

A path can name a folder, a FIFO (whose reader waits for a writer forever), a device
such as ``/dev/zero`` (endless) or a socket, or a symbolic link to any of those. The file
is opened once, non-blocking, and its type is asked of the open file itself (``fstat``),
so what is checked is what is read; everything but a regular file is refused with one
line. A link named on the command line is followed to its file; a folder walk does not
follow links at all (:mod:`tonecheck.batch.inputs`).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from tonecheck.errors import InputError

OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
ONLY_FILES = "tonecheck leest alleen gewone bestanden"


def open_letter(path: str | Path) -> BinaryIO:
    """The letter at ``path`` opened for reading in binary; raises :class:`InputError` for
    anything that is not a regular file."""
    name = str(path)
    try:
        descriptor = os.open(path, OPEN_FLAGS)
    except FileNotFoundError:
        raise InputError("bestand niet gevonden", name) from None
    except IsADirectoryError:
        raise InputError("is een map, geen bestand", name) from None
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a device without its driver
            message = f"is een socket of apparaat, geen gewoon bestand; {ONLY_FILES}"
            raise InputError(message, name) from None
        if error.errno == errno.ELOOP:
            raise InputError("symbolische link die naar zichzelf verwijst", name) from None
        raise InputError(f"kan het bestand niet openen ({error.strerror})", name) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(_refusal(mode), name)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _refusal(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is een map, geen bestand"
    if stat.S_ISFIFO(mode):
        kind = "een pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "een apparaat (zoals /dev/zero)"
    elif stat.S_ISSOCK(mode):
        kind = "een socket"
    else:
        kind = "iets anders"
    return f"is {kind}, geen gewoon bestand; {ONLY_FILES}"


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes from ``handle``: one more than allowed shows it is over."""
    return handle.read(limit + 1)
