"""What goes wrong opening a Word package, as one clear InputError (one line, in Dutch,
naming no Python exception)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from docx.exceptions import InvalidXmlError
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from tonecheck.documents.limits import MAX_XML_DEPTH
from tonecheck.errors import InputError


@contextmanager
def word_errors(name: str) -> Iterator[None]:
    """Turn python-docx, zip and XML errors inside the block into an InputError."""
    try:
        yield
    except InputError as error:
        if error.path is None:
            raise InputError(error.message, name) from None
        raise
    except (PackageNotFoundError, KeyError):
        raise InputError("onvolledig Word-document: een onderdeel ontbreekt", name) from None
    except zipfile.BadZipFile:
        raise InputError("beschadigd Word-document: het zip-pakket is kapot", name) from None
    except etree.XMLSyntaxError as error:
        raise InputError(xml_problem(error), name) from None
    except InvalidXmlError:
        raise InputError(
            "geen bruikbaar Word-document: de opbouw van het document klopt niet", name
        ) from None
    except ValueError as error:
        if "content type" in str(error):
            raise InputError(
                "geen Word-document: het hoofddocument is van een ander soort", name
            ) from None
        raise InputError("geen bruikbaar Word-document", name) from None
    except (OSError, EOFError, zlib.error):
        raise InputError(
            "beschadigd Word-document: een onderdeel kan niet worden uitgepakt", name
        ) from None


def xml_problem(error: etree.XMLSyntaxError) -> str:
    """The Dutch message for XML that does not parse, with where it goes wrong."""
    if "Excessive depth" in str(error):
        return f"te diep geneste XML in het Word-document (meer dan {MAX_XML_DEPTH} niveaus)"
    line, column = error.position if error.position else (0, 0)
    where = f" (regel {line}, kolom {column})" if line else ""
    return f"beschadigde XML in het Word-document{where}"
