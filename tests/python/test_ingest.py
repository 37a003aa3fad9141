"""Plain-text ingest from Python: structure, offsets in code points, exact source."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import sample_paths, seed_paths
from hypothesis import given, settings
from hypothesis import strategies as st

import alinea

ARTICLE = "000_40d1a890abeb5e88.txt"
CHAPTER = "004_d7dc1745ff628162.txt"


def check_offsets(doc: alinea.Document) -> None:
    for p in doc.paragraphs:
        assert doc.text[p.start : p.end] == p.text


@pytest.mark.parametrize("path", seed_paths() + sample_paths(), ids=lambda p: p.name)
def test_ingest_every_text_has_exact_offsets_and_source(path: Path) -> None:
    doc = alinea.read(path)
    assert len(doc.paragraphs) > 0
    check_offsets(doc)
    assert doc.source_text() == path.read_bytes().decode("utf-8")


def test_ingest_seed_article_title_and_citations(seeds: list[Path]) -> None:
    doc = alinea.read(seeds[0].parent / ARTICLE, id="kazak-thaw")
    assert doc.title == "US-Kazak Relations Thaw"
    assert doc.source == ARTICLE
    p7 = doc.paragraphs[6]
    assert (p7.n, p7.id, p7.cite()) == (7, "p7", "kazak-thaw:7")
    assert doc.paragraph(7).text == p7.text
    assert "Nazarbaev" in doc.text


def test_ingest_seed_chapter_en_dash_offsets(seeds: list[Path]) -> None:
    doc = alinea.read(seeds[0].parent / CHAPTER)
    assert doc.title is not None and "\u2013" in doc.title
    dashed = [p for p in doc.paragraphs if "\u2013" in p.text]
    assert dashed, "the chapter has en dashes in its body"
    check_offsets(doc)
    # Offsets are code points: after the en dash in the title they trail UTF-8 byte offsets.
    last = doc.paragraphs[-1]
    assert len(doc.text[: last.start].encode("utf-8")) > last.start


def test_ingest_offsets_with_combining_marks_and_emoji() -> None:
    text = "Title \u00e9\n\nCafe\u0301 \U0001F600 one.\n\n\u05e9\u05dc\u05d5\u05dd two \U0001F3F3\uFE0F\u200D\U0001F308.\n"
    doc = alinea.parse(text, id="u")
    assert [p.text for p in doc.paragraphs] == [
        "Cafe\u0301 \U0001F600 one.",
        "\u05e9\u05dc\u05d5\u05dd two \U0001F3F3\uFE0F\u200D\U0001F308.",
    ]
    check_offsets(doc)
    assert doc.paragraphs[1].start == len("Title \u00e9\n\nCafe\u0301 \U0001F600 one.\n\n")


def test_ingest_line_ends_and_bom_are_recorded_edits() -> None:
    text = "\ufeffTitle\r\n\r\nOne\r\ntwo.\r\n\r\n\r\nThree.\r\n"
    doc = alinea.parse(text)
    assert doc.text == "Title\n\nOne\ntwo.\n\nThree."
    kinds = [kind for _, _, kind, _ in doc.edits()]
    assert kinds[0] == "bom"
    assert "line-end" in kinds and "whitespace" in kinds
    for start, end, _, original in doc.edits():
        assert 0 <= start <= end <= len(doc.text)
        assert original != doc.text[start:end]
    assert doc.source_text() == text


def test_ingest_bytes_input_is_utf8() -> None:
    assert alinea.parse("caf\u00e9 ok".encode()).paragraphs[0].text == "caf\u00e9 ok"


def test_ingest_documents_compare_by_content() -> None:
    assert alinea.parse("A\n\nB.", id="x") == alinea.parse("A\n\nB.", id="x")
    assert alinea.parse("A\n\nB.", id="x") != alinea.parse("A\n\nC.", id="x")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_ingest_any_text_round_trips_or_fails_cleanly(text: str) -> None:
    try:
        doc = alinea.parse(text, lenient=True)
    except alinea.ParseError as exc:
        assert exc.code == "A003"  # only whitespace
        assert not text.strip(" \t\n\r\f\ufeff") or set(text) <= set(" \t\n\r\f\ufeff")
        return
    assert doc.source_text() == text
    check_offsets(doc)
    assert "\r" not in doc.text
