"""Which letters a batch checks: files, folders (recursive) and lists of paths.

A file named on the command line is always checked (its reader decides whether it can
be read; it follows a symbolic link to its file); in folders only regular files matching
``--glob`` (default .docx, .txt, .md) count, minus ``--exclude`` matches, Word's ``~$``
lock files, hidden files and folders, and tonecheck's own reports (by their name,
``NAME.tonecheck.docx``, or the mark inside them). Folders are walked in sorted order and
symbolic links are not followed, to folders or to files (as ruff and ripgrep do): a link
loop cannot trap the walk, a link to ``/dev/zero`` or a FIFO is never opened, and the
order is the same on every run. What a walk leaves out that matches the patterns is
counted (:class:`Skipped`), for the summary.
"""

from __future__ import annotations

import fnmatch
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from tonecheck.documents.report_mark import is_marked_report_file, named_as_report

DEFAULT_GLOBS = ("*.docx", "*.txt", "*.md")
STDIN = "-"
REPORT, LINK, SPECIAL = "report", "link", "special"
SKIPPED_NL = {
    REPORT: ("rapport van tonecheck", "rapporten van tonecheck"),
    LINK: ("symbolische link", "symbolische links"),
    SPECIAL: ("speciaal bestand (pipe, apparaat of socket)", "speciale bestanden"),
}
Skipped = Counter  # REPORT, LINK or SPECIAL -> how many files a folder walk left out


def collect_inputs(
    paths: Iterable[str],
    globs: tuple[str, ...] = (),
    excludes: tuple[str, ...] = (),
    files_from: Iterable[str] = (),
    skipped: Skipped | None = None,
) -> list[str]:
    """The letters to check, in a stable order, each once; ``skipped`` counts what
    folder walks leave out."""
    patterns = tuple(p.lower() for p in globs) or DEFAULT_GLOBS
    skipped = skipped if skipped is not None else Counter()
    seen: set[str] = set()
    result: list[str] = []
    for path in [*paths, *files_from]:
        for found in _expand(path, patterns, excludes, skipped):
            key = found if found == STDIN else os.path.normpath(found)
            if key not in seen:
                seen.add(key)
                result.append(found)
    return result


def read_path_list(source: str, stdin) -> list[str]:
    """Paths from a ``--files-from`` list: one per line; blank lines and '#' lines skipped."""
    text = stdin.read() if source == STDIN else Path(source).read_text(encoding="utf-8-sig")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def skipped_note(skipped: Skipped) -> str | None:
    """One line saying what the folder walks left out ('overgeslagen: 2 rapporten van
    tonecheck, 1 symbolische link'), or ``None``."""
    parts = [
        f"{skipped[kind]} {SKIPPED_NL[kind][skipped[kind] != 1]}"
        for kind in (REPORT, LINK, SPECIAL)
        if skipped[kind]
    ]
    return f"overgeslagen: {', '.join(parts)}" if parts else None


def _expand(
    path: str, patterns: tuple[str, ...], excludes: tuple[str, ...], skipped: Skipped
) -> Iterator[str]:
    if path == STDIN or not os.path.isdir(path):
        yield path  # a file, stdin, or a missing path (reported by the reader)
        return
    folders = [path]
    while folders:  # depth first, each folder's files before its subfolders
        folder = folders.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is passed over
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
            elif _wanted(entry.name, os.path.relpath(entry.path, path), patterns, excludes):
                kind = _left_out(entry)
                if kind is None:
                    yield entry.path
                else:
                    skipped[kind] += 1
        folders.extend(reversed(subfolders))


def _left_out(entry: os.DirEntry) -> str | None:
    """Why a file a walk found is not a letter to check, or ``None``."""
    if entry.is_symlink():
        return LINK
    if not entry.is_file(follow_symlinks=False):
        return SPECIAL
    if named_as_report(entry.name) or is_marked_report_file(entry.path):
        return REPORT
    return None


def _wanted(name: str, relative: str, patterns: tuple[str, ...], excludes: tuple[str, ...]) -> bool:
    if name.startswith((".", "~$")):
        return False
    lowered = name.lower()
    if not any(fnmatch.fnmatchcase(lowered, p) for p in patterns):
        return False
    return not any(fnmatch.fnmatch(relative, x) or fnmatch.fnmatch(name, x) for x in excludes)
