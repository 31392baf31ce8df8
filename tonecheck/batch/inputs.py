"""Which letters a batch checks: files, folders (recursive) and lists of paths.

A file named on the command line is always checked (its reader decides whether it can
be read); in folders only files matching ``--glob`` (default .docx, .txt, .md) count, minus
``--exclude`` matches, Word's ``~$`` lock files and hidden files and folders. Folders are
walked in sorted order without following symbolic links, so a link loop cannot trap the
walk and the order is the same on every run.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

DEFAULT_GLOBS = ("*.docx", "*.txt", "*.md")
STDIN = "-"


def collect_inputs(
    paths: Iterable[str],
    globs: tuple[str, ...] = (),
    excludes: tuple[str, ...] = (),
    files_from: Iterable[str] = (),
) -> list[str]:
    """The letters to check, in a stable order, each once."""
    patterns = tuple(p.lower() for p in globs) or DEFAULT_GLOBS
    seen: set[str] = set()
    result: list[str] = []
    for path in [*paths, *files_from]:
        for found in _expand(path, patterns, excludes):
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


def _expand(path: str, patterns: tuple[str, ...], excludes: tuple[str, ...]) -> Iterator[str]:
    if path == STDIN or not os.path.isdir(path):
        yield path  # a file, stdin, or a missing path (reported by the reader)
        return
    for folder, subfolders, files in os.walk(path, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, path)
            if _wanted(name, relative, patterns, excludes):
                yield full


def _wanted(name: str, relative: str, patterns: tuple[str, ...], excludes: tuple[str, ...]) -> bool:
    if name.startswith((".", "~$")):
        return False
    lowered = name.lower()
    if not any(fnmatch.fnmatchcase(lowered, p) for p in patterns):
        return False
    return not any(fnmatch.fnmatch(relative, x) or fnmatch.fnmatch(name, x) for x in excludes)
