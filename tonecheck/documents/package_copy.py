"""An in-memory copy of a Word package with some entries rewritten or renamed: what
:mod:`~tonecheck.documents.package_repair` and :mod:`~tonecheck.documents.strict_ooxml`
hand to the readers instead of the file. The file itself is never written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from typing import BinaryIO


def rewound(source: str | BinaryIO) -> str | BinaryIO:
    """``source``, an open file back at its start (a path as it is)."""
    if not isinstance(source, str):
        source.seek(0)
    return source


def rewritten_copy(
    package: zipfile.ZipFile,
    rewrite: Callable[[str, bytes], bytes],
    renames: Mapping[str, str] | None = None,
) -> io.BytesIO:
    """Every entry of ``package`` as ``rewrite(name, data)`` gives it, under its name in
    ``renames`` where it has one; the copy rewound."""
    renames = renames or {}
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in package.infolist():
            data = rewrite(info.filename, package.read(info))
            target.writestr(renames.get(info.filename, info.filename), data)
    copy.seek(0)
    return copy
