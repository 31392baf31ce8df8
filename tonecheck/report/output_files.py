"""Where report files go, and writing them safely.

A report is written next to its letter (``brief.tonecheck.docx``), into ``--output DIR``
(mirroring the letters' folders below the folder given on the command line, or below
the common parent of the given files) or to ``--output FILE`` (one letter only). Letters
that would share a report name keep their own extension in it
(``brief.docx.tonecheck.html``, ``brief.txt.tonecheck.html``); a letter whose report
would still replace another letter's is refused. A report never replaces the letter
itself, never replaces an existing file unless asked (``--force``), never lands outside
the chosen folder, and is written atomically: a temporary file in the same folder, then
a rename.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from tonecheck.errors import InputError

SUFFIX = ".tonecheck"
STDIN = "-"


class OutputError(InputError):
    """A report file that cannot or may not be written."""


@dataclass(frozen=True)
class ReportPlan:
    """Where each letter's report goes: made once by :func:`plan_reports` from the whole
    batch, then asked by every process that writes a report."""

    extension: str
    output: str | None = None  # --output as given
    into_folder: bool = False  # output is a folder (else a file, or None: beside letters)
    root: str | None = None  # absolute folder whose tree is mirrored under the output folder
    qualified: frozenset[str] = frozenset()  # letters whose report name keeps their extension
    refused: Mapping[str, str] = field(default_factory=dict)  # letter -> why it gets no report

    def target(self, letter: str, base: str | None = None) -> Path:
        """The report file of ``letter`` (as given; '-' is standard input), as the caller
        names it; ``base`` is the caller's working folder, for another process."""
        if letter in self.refused:
            raise OutputError(self.refused[letter], letter)
        stem = "stdin" if letter == STDIN else Path(letter).stem
        if letter in self.qualified and letter != STDIN:
            stem = Path(letter).name
        name = f"{_safe(stem)}{SUFFIX}{self.extension}"
        if self.output is None:
            if letter == STDIN:
                raise OutputError("geef met --output aan waar het rapport moet komen", STDIN)
            return Path(letter).with_name(name)
        if not self.into_folder:
            return Path(self.output)
        return Path(self.output) / self._mirrored(letter, base) / name

    def _mirrored(self, letter: str, base: str | None) -> Path:
        """The letter's folder relative to the root ('.' when it is not below it)."""
        if self.root is None or letter == STDIN:
            return Path()
        folder = os.path.dirname(os.path.abspath(os.path.join(base or "", letter)))
        try:
            relative = os.path.relpath(folder, self.root)
        except ValueError:  # another drive
            return Path()
        climbs = relative == os.pardir or relative.startswith(os.pardir + os.sep)
        return Path() if climbs else Path(relative)


def plan_reports(
    letters: list[str], extension: str, output: str | None, given: Iterable[str]
) -> ReportPlan:
    """The report plan for a batch of ``letters``, found from the paths ``given`` on the
    command line (files, folders and ``--files-from`` entries)."""
    given = [path for path in given if path != STDIN]
    into_folder = output is not None and (
        is_folder(output) or len(letters) > 1 or any(os.path.isdir(p) for p in given)
    )
    plan = ReportPlan(extension, output, into_folder, _common_root(given) if into_folder else None)
    return _without_clashes(plan, letters)


def _common_root(given: list[str]) -> str | None:
    """The folder given, or the common parent of the folders and files given."""
    anchors = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p)) for p in given]
    try:
        return os.path.commonpath(anchors) if anchors else None
    except ValueError:  # on several drives: no common folder, reports side by side
        return None


def _without_clashes(plan: ReportPlan, letters: list[str]) -> ReportPlan:
    """Letters that share a report name keep their extension in it; a letter whose report
    would still be another letter's is refused, naming that letter."""
    if plan.output is not None and not plan.into_folder:
        return plan  # one letter, one file
    named = [x for x in letters if plan.output is not None or x != STDIN]
    plan = replace(plan, qualified=_sharing(plan, named))
    return replace(plan, refused=_refused(plan, named))


def _sharing(plan: ReportPlan, letters: list[str]) -> frozenset[str]:
    """The letters whose report path is also another letter's."""
    groups: dict[str, list[str]] = {}
    for letter in letters:
        groups.setdefault(_key(plan.target(letter)), []).append(letter)
    return frozenset(x for group in groups.values() if len(group) > 1 for x in group)


def _refused(plan: ReportPlan, letters: list[str]) -> dict[str, str]:
    """Each letter whose report path an earlier letter has already, with the reason."""
    owners: dict[str, str] = {}
    refused: dict[str, str] = {}
    for letter in letters:
        target = plan.target(letter)
        owner = owners.setdefault(_key(target), letter)
        if owner != letter:
            refused[letter] = (
                f"krijgt geen rapport: {target} is al het rapport van {owner}; "
                "geef de brieven verschillende namen"
            )
    return refused


def _key(target: Path) -> str:
    """Compares report paths as a case-insensitive file system would."""
    return os.path.normcase(os.path.abspath(target)).casefold()


def is_folder(output: str) -> bool:
    """``--output`` names a folder when it exists as one or ends with a separator."""
    return Path(output).is_dir() or output.endswith(("/", os.sep))


def prepare_output(plan: ReportPlan) -> None:
    """Refuse an unusable ``--output`` before any letter is checked; create its folder."""
    if plan.output is None:
        return
    if not plan.into_folder:
        check_report_file(plan.output)
        return
    folder = Path(plan.output)
    if folder.exists() and not folder.is_dir():
        raise OutputError("is een bestand; geef een map voor de rapporten", plan.output)
    make_folder(folder)
    _check_writable(folder)


def check_report_file(target: str) -> None:
    """Refuse a report file (one letter, or the batch dashboard) in an unusable folder."""
    folder = Path(target).parent
    if not folder.exists():
        raise OutputError("de map bestaat niet", str(folder))
    _check_writable(folder)


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents when they are missing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"kan de map niet maken ({error.strerror})", str(folder)) from None


def _check_writable(folder: Path) -> None:
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("in deze map kan tonecheck niet schrijven", str(folder))


def _safe(stem: str) -> str:
    """A file name without path separators or control characters."""
    cleaned = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in stem)
    return cleaned.strip(". ") or "brief"


def write_atomically(
    target: Path, write: Callable[[Path], object], letter: str, force: bool = False
) -> None:
    """Let ``write`` fill a temporary file beside ``target``, then rename it into place."""
    if letter != STDIN and target.exists() and _same_file(target, Path(letter)):
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
