"""alinea: plain text to citable TEI P5, from a C++ core.

    >>> import alinea
    >>> doc = alinea.parse("A Title\\n\\nFirst paragraph.\\n", id="demo")
    >>> doc.paragraphs[0].cite()
    'demo:1'
"""

from __future__ import annotations

from ._core import (
    AlineaError,
    AuthorityList,
    Gazetteer,
    annotate,
    annotate_dates,
    annotate_names,
    annotate_quotations,
    build_authority,
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
from .gazetteers import gazetteer_from_json, gazetteer_from_tei, load_gazetteer

__all__ = [
    "AlineaError",
    "AuthorityList",
    "Gazetteer",
    "annotate",
    "annotate_dates",
    "annotate_names",
    "annotate_quotations",
    "build_authority",
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
    # gazetteers.py
    "gazetteer_from_json",
    "gazetteer_from_tei",
    "load_gazetteer",
    # cite.py
    "CITATION_STYLES",
    "Reference",
    "format_citation",
    "format_reference",
    "reference",
    "to_bibtex",
    "to_csl_json",
]
