"""The four kinds of Word file: a document (.docx), a template (.dotx) and their
macro-enabled forms (.docm, .dotm).

All four hold the same WordprocessingML main document; only its content type differs.
python-docx opens the first kind only (``docx.Document`` refuses the others by content
type), so letter templates kept as .dotx were refused. tonecheck reads all four: it reads
their XML and never runs a macro. Its Word report of any of them is a plain .docx
(:func:`as_plain_document`): the main part becomes a document's, and the macros and what
only a macro-enabled file may hold are left out, so Word opens the report as the .docx
its name says and a report never carries code.
"""

from __future__ import annotations

from typing import BinaryIO

import docx.document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import PartFactory
from docx.package import Package
from docx.parts.document import DocumentPart

from tonecheck.documents.package_repair import repaired

TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_DOCUMENT_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_TEMPLATE_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
WORD_MAIN_TYPES = (CT.WML_DOCUMENT_MAIN, TEMPLATE_MAIN, MACRO_DOCUMENT_MAIN, MACRO_TEMPLATE_MAIN)
# relationships of the main part that only a macro-enabled file may have: the macros
# (and, through them, their data), key bindings and toolbars that run macros
OFFICE_2006 = "http://schemas.microsoft.com/office/2006/relationships/"
MACRO_RELATIONS = frozenset(
    OFFICE_2006 + name for name in ("vbaProject", "keyMapCustomizations", "attachedToolbars")
)

for _content_type in WORD_MAIN_TYPES:  # python-docx reads each kind as a document
    PartFactory.part_type_for.setdefault(_content_type, DocumentPart)


def open_word(source: str | BinaryIO) -> docx.document.Document:
    """A Word file of any of the four kinds, opened by python-docx (forgiving what Word
    forgives, :mod:`~tonecheck.documents.package_repair`). Another main part
    raises the ValueError (naming its content type) that ``docx.Document`` raises."""
    part = Package.open(repaired(source)).main_document_part
    if part.content_type not in WORD_MAIN_TYPES or not isinstance(part, DocumentPart):
        raise ValueError(f"not a Word file, content type is '{part.content_type}'")
    return part.document


def as_plain_document(document: docx.document.Document) -> None:
    """Make ``document`` a plain .docx when it is saved: a document's main part, without
    macros, their key bindings and toolbars."""
    part = document.part
    part._content_type = CT.WML_DOCUMENT_MAIN  # python-docx has no setter
    for rel_id, relationship in list(part.rels.items()):
        if relationship.reltype in MACRO_RELATIONS:
            del part.rels[rel_id]
