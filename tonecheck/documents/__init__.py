"""Readers for letters (.docx, .txt, .md) and the document model they produce."""

from tonecheck.documents.model import Block, BlockKind, Document, SourceSpan
from tonecheck.documents.read import SUPPORTED_SUFFIXES, read_document

__all__ = ["SUPPORTED_SUFFIXES", "Block", "BlockKind", "Document", "SourceSpan", "read_document"]
