"""What goes wrong opening a Word package, as one clear InputError."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from tonecheck.errors import InputError


@contextmanager
def word_errors(name: str) -> Iterator[None]:
    """Turn python-docx, zip and XML errors inside the block into an InputError."""
    try:
        yield
    except InputError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise InputError(f"beschadigd of onvolledig Word-document ({exc})", name) from None
    except ValueError as exc:
        raise InputError(f"geen bruikbaar Word-document ({exc})", name) from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"beschadigde XML in het Word-document ({exc})", name) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(
            f"beschadigd Word-document: kan het niet uitpakken ({exc})", name
        ) from None
