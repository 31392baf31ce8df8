"""Where report files go, and writing them safely.

A report is written next to its letter (``brief.tonecheck.docx``), into ``--output DIR``
or to ``--output FILE`` (one letter only). It never replaces the letter itself, never
replaces an existing file unless asked (``--force``), never lands outside the chosen
folder, and is written atomically: a temporary file in the same folder, then a rename.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from tonecheck.errors import InputError

SUFFIX = ".tonecheck"


class OutputError(InputError):
    """A report file that cannot or may not be written."""


def is_folder(output: str) -> bool:
    """``--output`` names a folder when it exists as one or ends with a separator."""
    return Path(output).is_dir() or output.endswith(("/", os.sep))


def check_output_target(output: str | None, letters: int) -> None:
    """Refuse an unusable ``--output`` before any letter is checked."""
    if output is None:
        return
    if is_folder(output):
        folder = Path(output)
    else:
        if letters > 1:
            raise OutputError("met meer dan één brief moet --output een map zijn", output)
        folder = Path(output).parent
    if not folder.exists():
        raise OutputError("de map bestaat niet", str(folder))
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("in deze map kan tonecheck niet schrijven", str(folder))


def report_path(letter: str, extension: str, output: str | None) -> Path:
    """The report file for ``letter`` (a path, or '-' for standard input)."""
    stem = "stdin" if letter == "-" else Path(letter).stem
    name = f"{_safe(stem)}{SUFFIX}{extension}"
    if output is None:
        if letter == "-":
            raise OutputError("geef met --output aan waar het rapport moet komen", "-")
        return Path(letter).with_name(name)
    if is_folder(output):
        return Path(output) / name
    return Path(output)


def _safe(stem: str) -> str:
    """A file name without path separators or control characters."""
    cleaned = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in stem)
    return cleaned.strip(". ") or "brief"


def write_atomically(
    target: Path, write: Callable[[Path], object], letter: str, force: bool = False
) -> None:
    """Let ``write`` fill a temporary file beside ``target``, then rename it into place."""
    if letter != "-" and target.exists() and _same_file(target, Path(letter)):
        raise OutputError("het rapport zou de brief zelf overschrijven", str(target))
    if target.exists() and not force:
        raise OutputError("bestaat al (gebruik --force om het te vervangen)", str(target))
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; reports are not
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"kan niet schrijven ({error.strerror})", str(target)) from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False
