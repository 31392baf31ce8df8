"""Where report files go, and writing them safely.

A report is written next to its letter (``brief.tonecheck.docx``), into ``--output DIR``
(mirroring the letters' folders below the folder given on the command line, or below
the common parent of the given files) or to ``--output FILE`` (one letter only). Letters
that would share a report name keep their own extension in it
(``brief.docx.tonecheck.html``, ``brief.txt.tonecheck.html``); a letter whose report
would still replace another letter's is refused. A report never replaces the letter
itself, never replaces an existing file unless asked (``--force``), never lands outside
the chosen folder, and is written atomically: a temporary file in the same folder, then
a rename. An annotated .docx gets tonecheck's mark before the rename (HTML reports carry
theirs in the page), so it is never read as a letter, even renamed
(:mod:`tonecheck.documents.report_mark`).

The temporary file is ``.NAME.tonecheck-tmp``, locked while it is written: one that a
killed run left behind is taken over by the next write or removed at the end of the next
run. While a run lasts, ``.NAME.tonecheck-run`` names the run and letter that wrote the
report, so a letter checked again in the same run (its worker was lost) may replace its
own report; reports of earlier runs still need ``--force``. The mark is written before
the report and may carry a note (the letter's result), so that a run that was
interrupted can list every report it wrote from the disk (:func:`owned_note`), also
those whose worker was ended before it could say so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from tonecheck import __version__
from tonecheck.documents.report_mark import mark_docx
from tonecheck.errors import InputError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".tonecheck"
STDIN = "-"
TEMPORARY = ".tonecheck-tmp"  # .NAME.tonecheck-tmp: NAME while it is being written
OWNER = ".tonecheck-run"  # .NAME.tonecheck-run: the run and letter that wrote NAME


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
        raise OutputError(f"kan de map niet maken: {describe(error)}", str(folder)) from None


def _check_writable(folder: Path) -> None:
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("in deze map kan tonecheck niet schrijven", str(folder))


def _safe(stem: str) -> str:
    """A file name without path separators or control characters."""
    cleaned = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in stem)
    return cleaned.strip(". ") or "brief"


def write_atomically(
    target: Path,
    write: Callable[[Path], object],
    letter: str,
    force: bool = False,
    owner: str | None = None,
    note: str | None = None,
) -> None:
    """Let ``write`` fill a temporary file beside ``target``, then rename it into place.

    ``owner`` names this run and letter: a report that the same run already wrote for
    the same letter (a letter checked again after its worker was lost) is replaced
    without ``force``; :func:`release` removes that mark when the run is over. ``note``
    (one line) is kept in the mark for :func:`owned_note`. Every failure is an
    :class:`OutputError` with the reason in Dutch."""
    try:
        exists = target.exists()
        if exists and letter != STDIN and _same_file(target, Path(letter)):
            raise OutputError("het rapport zou de brief zelf overschrijven", str(target))
        if exists and not force and not _owned_by(target, owner):
            raise OutputError("bestaat al (gebruik --force om het te vervangen)", str(target))
        # a report replaced with --force is this run's once the new one is in place
        foreign = exists and not _owned_by(target, owner)
        if owner is not None:
            mark = owner if note is None else f"{owner}\n{note}"
            _owner_file(target).write_text(mark, encoding="utf-8")
        try:
            with _temporary(target) as temporary:
                write(temporary)
                if target.suffix.lower() == ".docx":
                    mark_docx(temporary, __version__)
                os.chmod(temporary, 0o666 & ~_umask())  # created private; reports are not
                os.replace(temporary, target)
        except BaseException:
            if owner is not None and foreign:  # the report there is still another's
                with contextlib.suppress(OSError):
                    os.unlink(_owner_file(target))
            raise
    except OSError as error:
        raise OutputError(f"kan niet schrijven: {describe(error)}", str(target)) from error


def temporary_file(target: Path) -> Path:
    """Where ``target`` is written before it is renamed into place."""
    return target.with_name(f".{target.name}{TEMPORARY}")


def owned_note(target: Path, owner: str) -> str | None:
    """The note that ``owner`` (this run, this letter) left in its mark beside
    ``target``, if the report is there: None for a report it did not write (or has not
    written yet: the mark comes first)."""
    mark = _mark(target)
    lines = (mark or "").split("\n", 1)
    if mark is None or lines[0] != owner or not target.is_file():
        return None
    return lines[1] if len(lines) > 1 else ""


def release(target: Path, owner: str | None = None) -> None:
    """At the end of a run: remove its mark on ``target`` (``owner``), also one cut short
    by a writer killed while writing it, and a temporary file a killed writer left."""
    mark = _mark(target) if owner is not None else None
    # this run's: the owner on its first line, or the start of the owner and no more (its
    # writer was killed between creating the file and finishing that line)
    if (
        owner is not None
        and mark is not None
        and (mark.split("\n", 1)[0] == owner or owner.startswith(mark))
    ):
        with contextlib.suppress(OSError):
            os.unlink(_owner_file(target))
    discard_temporary(target)


def discard_temporary(target: Path) -> None:
    """Remove the temporary file of ``target`` unless a live process is writing it."""
    path = temporary_file(target)
    try:
        handle = os.open(path, os.O_RDWR)
    except OSError:
        return
    try:
        if _lock(handle):  # a writer that is gone holds no lock
            os.unlink(path)
    except OSError:
        pass
    finally:
        os.close(handle)


def describe(error: OSError) -> str:
    """Why a file could not be written, in Dutch."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error)


_REASONS = {
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen schrijfrechten",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "het quotum is op",
    errno.EFBIG: "het bestand wordt te groot",
    errno.ENOENT: "de map bestaat niet (meer)",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EIO: "fout bij het schrijven naar de schijf",
    errno.EPIPE: "de uitvoer is gesloten",
}


@contextlib.contextmanager
def _temporary(target: Path) -> Iterator[Path]:
    """The temporary file beside ``target``: always the same name, so one that a killed
    run left is taken over by the next; a unique name while another process writes that
    one (its lock says so). Removed unless it was renamed into place."""
    path = temporary_file(target)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    if not _lock(handle):
        os.close(handle)
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMPORARY, dir=target.parent
        )
        path = Path(name)
    try:
        os.ftruncate(handle, 0)
        yield path
    finally:
        with contextlib.suppress(OSError):
            if os.path.samestat(os.stat(path), os.fstat(handle)):  # not renamed: ours
                os.unlink(path)
        os.close(handle)


def _lock(handle: int) -> bool:
    """Lock an open file for this process; False when another process holds it."""
    if fcntl is None:  # no advisory locks (Windows): names are not shared there
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _owner_file(target: Path) -> Path:
    return target.with_name(f".{target.name}{OWNER}")


def _owned_by(target: Path, owner: str | None) -> bool:
    """Whether the mark beside ``target`` says ``owner`` (this run, this letter) wrote it."""
    mark = _mark(target) if owner is not None else None
    return mark is not None and mark.split("\n", 1)[0] == owner


def _mark(target: Path) -> str | None:
    """The text of the mark beside ``target``; None when there is none (or unreadable)."""
    try:
        return _owner_file(target).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False
