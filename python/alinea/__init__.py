"""alinea: plain text to citable TEI P5, from a C++ core.

    >>> import alinea
    >>> doc = alinea.parse("A Title\\n\\nFirst paragraph.\\n", id="demo")
    >>> doc.paragraphs[0].cite()
    'demo:1'
"""

from __future__ import annotations

from ._core import (
    AlineaError,
    Annotation,
    ArgumentError,
    CitationError,
    EDIT_KINDS,
    REPAIRS,
    Block,
    Document,
    FileError,
    Layer,
    Paragraph,
    ParseError,
    Passage,
    ReanchorItem,
    ReanchorResult,
    __version__,
    convert_file,
    fingerprint,
    from_json,
    from_tei,
    from_tei_corpus,
    parse,
    read,
    to_json,
    to_tei,
    to_text,
    to_web_annotations,
    write_tei,
)
from .cite import (
    CITATION_STYLES,
    Reference,
    format_citation,
    format_reference,
    reference,
    to_bibtex,
    to_csl_json,
)
from ._reanchor import reanchor

__all__ = [
    "AlineaError",
    "Annotation",
    "ArgumentError",
    "CitationError",
    "EDIT_KINDS",
    "REPAIRS",
    "Block",
    "Document",
    "FileError",
    "Layer",
    "Paragraph",
    "ParseError",
    "Passage",
    "ReanchorItem",
    "ReanchorResult",
    "__version__",
    "convert_file",
    "fingerprint",
    "from_json",
    "from_tei",
    "from_tei_corpus",
    "parse",
    "read",
    "reanchor",
    "to_json",
    "to_tei",
    "to_text",
    "to_web_annotations",
    "write_tei",
    # cite.py
    "CITATION_STYLES",
    "Reference",
    "format_citation",
    "format_reference",
    "reference",
    "to_bibtex",
    "to_csl_json",
]
