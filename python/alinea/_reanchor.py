"""alinea.reanchor: carry citations and annotations from one version of a text to the next."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Union

from . import _core

Source = Union[_core.Document, str, bytes, "os.PathLike[str]"]


def _is_path(value: object) -> bool:
    """A PathLike, or a one-line str naming a file that exists."""
    if isinstance(value, os.PathLike):
        return True
    return (
        isinstance(value, str) and "\n" not in value and len(value) < 4096 and os.path.isfile(value)
    )


def _old_document(old: Source) -> _core.Document:
    if isinstance(old, _core.Document):
        return old
    if _is_path(old):
        path = Path(old)  # type: ignore[arg-type]
        return _core.from_tei(path) if path.suffix.lower() == ".xml" else _core.read(path)
    if isinstance(old, (str, bytes)):
        text = old.decode("utf-8") if isinstance(old, bytes) else old
        if text.lstrip(" \t\r\n\ufeff").startswith("<"):
            return _core.from_tei(old)
        return _core.parse(old)
    raise TypeError(f"old must be a Document, a path, TEI or text, not {type(old).__name__}")


def _new_document(new: Source, doc_id: str) -> _core.Document:
    if isinstance(new, _core.Document):
        return new
    if _is_path(new):
        path = Path(new)  # type: ignore[arg-type]
        return (
            _core.from_tei(path) if path.suffix.lower() == ".xml" else _core.read(path, id=doc_id)
        )
    if isinstance(new, (str, bytes)):
        return _core.parse(new, id=doc_id)
    raise TypeError(f"new must be a Document, a path or text, not {type(new).__name__}")


def reanchor(
    old: Source,
    new: Source,
    *,
    annotations: Mapping[str, Iterable[tuple[Any, ...]]] | None = None,
    min_confidence: float = 0.5,
    min_confidence_far: float = 0.7,
    min_quote_similarity: float = 0.6,
    context: int = 32,
    search_window: int = 64 * 1024,
    existing_layers: str = "keep",
) -> _core.ReanchorResult:
    """Map every paragraph and sentence citation and every annotation of `old` to `new`.

    `old` is a Document, a TEI file alinea wrote (path or XML string), or plain text (path or
    str). `new` is a Document or the revised plain text (path or str), parsed with the old
    document's id so that citations keep their DOC. `annotations` adds layers to re-anchor
    besides the old document's own: ``{"names": [(start, end, "persName", {"ref": "#x"}), ...]}``
    with offsets in code points of the old text.

    Each item of the result is reported unchanged, moved, edited, split, merged or orphaned,
    with a confidence from 0 to 1; below ``min_confidence`` nothing is placed. Fuzzy matches of
    paragraphs and sentences that no exactly matched neighbour supports need
    ``min_confidence_far``; an annotation whose exact text is gone is placed only on text at
    least ``min_quote_similarity`` alike. ``existing_layers`` ('keep', 'merge' or 'replace') says
    what happens to a layer the new document already has. See docs/reanchor.md.

        >>> old = alinea.parse("One para here.\\n\\nTwo para here.\\n", id="d")
        >>> r = alinea.reanchor(old, "Zero para here.\\n\\nOne para here.\\n\\nTwo para here.\\n")
        >>> [(i.old, i.status, i.new) for i in r.items if i.kind == "paragraph"]
        [('d:1', 'moved', 'd:2'), ('d:2', 'moved', 'd:3')]
    """
    old_doc = _old_document(old)
    new_doc = _new_document(new, old_doc.id)
    return _core.reanchor(
        old_doc,
        new_doc,
        annotations=dict(annotations) if annotations is not None else None,
        min_confidence=min_confidence,
        min_confidence_far=min_confidence_far,
        min_quote_similarity=min_quote_similarity,
        context=context,
        search_window=search_window,
        existing_layers=existing_layers,
    )
