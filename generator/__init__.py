"""Bilingual news digest generator: seeds/*.txt -> docs/*.md -> MkDocs site."""

__version__ = "0.1.0"
