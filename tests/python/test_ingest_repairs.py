"""Faithful ingest of real-world text: structure recovered, repairs recorded, nothing lost.

The fixtures in tests/data/ingest/ are texts the project wrote, one per phenomenon; each test
asserts the facts a user relies on, not a golden file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import REPO

import alinea

FIXTURES = REPO / "tests" / "data" / "ingest"
ARTICLE = "000_40d1a890abeb5e88.txt"
CHAPTER = "004_d7dc1745ff628162.txt"


def fixture(name: str, **options: bool) -> alinea.Document:
    return alinea.read(FIXTURES / name, **options)


def kinds(doc: alinea.Document) -> list[str]:
    return [b.kind for b in doc.blocks]


def edit_kinds(doc: alinea.Document) -> list[str]:
    return [kind for _, _, kind, _ in doc.edits()]


def assert_lossless(doc: alinea.Document, source: str) -> None:
    assert doc.source_text() == source
    again = alinea.from_tei(doc.to_tei())
    assert again == doc
    assert again.source_text() == source


# --- the seeds ------------------------------------------------------------------------------


def test_repairs_seed_article(seeds: list[Path]) -> None:
    path = seeds[0].parent / ARTICLE
    doc = alinea.read(path)
    assert doc.title == "US-Kazak Relations Thaw"
    standfirst = [b for b in doc.blocks if b.kind == "subtitle"]
    assert [b.text for b in standfirst] == [
        "Washington seeks better relations with Kazakstan in order to further its economic "
        "and military interests in the region."
    ]
    assert len(doc.paragraphs) == 16
    assert doc.paragraphs[0].text.startswith("In the wake of the September 11 terrorist attacks")
    assert doc.paragraphs[-1].text.startswith("This new phase of US-Kazak relations")
    notes = [b.text for b in doc.blocks if b.kind == "note"]
    assert notes == ["Marjan Kalpykova is the pseudonym for a journalist in Kazakstan"]
    assert [b.text for b in doc.blocks if b.kind == "boilerplate"] == ["Support our journalists"]
    assert edit_kinds(doc).count("duplicate") == 1
    assert_lossless(doc, path.read_text(encoding="utf-8"))
    tei = doc.to_tei()
    assert "<argument>" in tei and '<note xml:id="b19" type="author">' in tei
    assert '<div type="boilerplate">' in tei


def test_repairs_seed_chapter(seeds: list[Path]) -> None:
    path = seeds[0].parent / CHAPTER
    doc = alinea.read(path)
    heading = doc.blocks[0]
    assert (heading.kind, heading.n, heading.division) == ("heading", 6, "chapter")
    assert heading.text.startswith("Chapter Six: Kazakhstan and the United States")
    assert len(doc.paragraphs) == 23
    assert edit_kinds(doc).count("page-break-join") == 4
    # The split "decision-makers in / Washington" is one paragraph again.
    assert any("decision-makers in Washington, or the variety" in p.text for p in doc.paragraphs)
    emphasis = doc.annotations("emphasis")
    assert [doc.text[s:e] for s, e, _, _ in emphasis] == ["Realpolitik"]
    assert emphasis[0][3] == {"rend": "italic"}
    assert '<div type="chapter" n="6">' in doc.to_tei()
    assert_lossless(doc, path.read_text(encoding="utf-8"))


def test_repairs_seed_faithful_keeps_every_block(seeds: list[Path]) -> None:
    doc = alinea.read(seeds[0].parent / ARTICLE, faithful=True)
    assert len(doc.paragraphs) == 22  # every block, duplicates and boilerplate included
    assert set(kinds(doc)) == {"paragraph"}


# --- one fixture per phenomenon ------------------------------------------------------------


def test_repairs_page_break_split_joined_with_page_number_recorded() -> None:
    doc = fixture("page-break-split.txt")
    first = doc.paragraphs[0].text
    assert "and that the mayor should write" in first  # joined across page 12
    assert "\n" not in first  # hard wraps joined too
    assert len(doc.paragraphs) == 3
    pages = doc.annotations("pages")
    assert [attrs.get("n") for _, _, _, attrs in pages] == ["12", "13"]
    start, end, _, _ = pages[0]
    assert start == end and doc.paragraphs[0].start < start < doc.paragraphs[0].end
    assert "page-break-join" in edit_kinds(doc) and "page-number" in edit_kinds(doc)
    assert "<pb n=\"12\"/>" in doc.to_tei()


def test_repairs_hard_cases_are_not_joined() -> None:
    doc = fixture("hard-cases.txt")
    texts = [p.text for p in doc.paragraphs]
    # A lower-case proper name after a complete sentence starts its own paragraph.
    assert "de Gaulle is mentioned only once, in a letter of 1940." in texts
    assert "iPhone photographs of the boxes were taken in 2019 by the archivist." in texts
    # A label before a list ends without punctuation and is not joined to the list or the next.
    items = [b.text for b in doc.blocks if b.kind == "item"]
    assert items == ["apples", "pears", "bread and butter"]
    assert texts[-1].startswith("The list above really ends")
    assert "page-break-join" not in edit_kinds(doc)


def test_repairs_hyphens_removed_only_where_words_were_split() -> None:
    doc = fixture("hyphenation.txt")
    text = doc.paragraphs[0].text
    assert "considered" in text and "transaction" in text
    assert "mid-1990s" in text and "decision-makers themselves" in text and "self-evident" in text
    assert edit_kinds(doc).count("hyphen") == 2
    off = fixture("hyphenation.txt", dehyphenate=False)
    assert "consid- ered" in off.paragraphs[0].text  # joined lines, hyphen left alone
    unwrapped = fixture("hyphenation.txt", join_lines=False)
    assert "consid-\nered" in unwrapped.paragraphs[0].text
    assert "<lb/>" in unwrapped.to_tei()


def test_repairs_light_markup_becomes_emphasis() -> None:
    doc = fixture("emphasis.txt")
    spans = [(doc.text[s:e], attrs["rend"]) for s, e, _, attrs in doc.annotations("emphasis")]
    assert spans == [("one emphasised word", "italic"), ("an italic phrase", "italic"), ("bold", "bold")]
    assert "snake_case_name" in doc.paragraphs[1].text and "2 * 3 * 4" in doc.paragraphs[1].text
    tei = doc.to_tei()
    assert '<hi rend="italic">one emphasised word</hi>' in tei and '<hi rend="bold">bold</hi>' in tei
    plain = fixture("emphasis.txt", light_markup=False)
    assert "*one emphasised word*" in plain.paragraphs[0].text


def test_repairs_chapter_headings_and_numbers() -> None:
    doc = fixture("chapters.txt")
    headings = [(b.text, b.n, b.division) for b in doc.blocks if b.kind == "heading"]
    assert headings == [
        ("CHAPTER IV.", 4, "chapter"),
        ("CHAPTER V. THE RETURN", 5, "chapter"),
        ("Chapter Twenty-One: The Last", 21, "chapter"),
    ]
    assert len(doc.paragraphs) == 3
    assert '<div type="chapter" n="21">' in doc.to_tei()


def test_repairs_block_quotes_and_lists() -> None:
    doc = fixture("quotes-lists.txt")
    quote = [b for b in doc.blocks if b.kind == "quote"]
    assert [q.text for q in quote] == [
        "We will not accept the proposal in its present form, and we will say so in Brussels."
    ]
    assert quote[0].n == 2 and quote[0].cite() == "quotes-lists:2"  # quotations are citable
    assert [b.text for b in doc.blocks if b.kind == "item"] == [
        "a public consultation;",
        "an independent audit;",
        "a vote in parliament.",
    ]
    tei = doc.to_tei()
    assert "<quote>" in tei and tei.count("<list>") == 1 and tei.count("<item ") == 3


def test_repairs_duplicate_title_byline_note_boilerplate() -> None:
    doc = fixture("duplicate-title.txt")
    assert kinds(doc) == [
        "title",
        "subtitle",
        "byline",
        "paragraph",
        "paragraph",
        "note",
        "boilerplate",
        "boilerplate",
    ]
    assert edit_kinds(doc).count("duplicate") == 1
    kept = fixture("duplicate-title.txt", drop_duplicate_title=False, detect_boilerplate=False)
    assert [b.text for b in kept.blocks].count("Harbour Dues Rise Again") == 2
    assert "boilerplate" not in kinds(kept)


def test_repairs_gutenberg_licence_set_apart() -> None:
    doc = fixture("gutenberg.txt")
    body = [b for b in doc.blocks if b.kind in ("heading", "paragraph")]
    assert [b.kind for b in body] == ["heading", "paragraph"]
    assert body[0].n == 1 and body[0].division == "chapter"
    assert kinds(doc)[:3] == ["boilerplate"] * 3 and kinds(doc)[-2:] == ["boilerplate"] * 2
    assert doc.title == "A SMALL BOOK"


def test_repairs_running_heads_removed_with_page_breaks() -> None:
    doc = fixture("running-heads.txt")
    assert len(doc.paragraphs) == 4
    assert all("HISTORY OF THE TOWN" not in p.text for p in doc.paragraphs)
    assert [a["n"] for _, _, _, a in doc.annotations("pages")] == ["2", "3", "4"]


def test_repairs_form_feed_and_crlf() -> None:
    doc = fixture("form-feed-crlf.txt")
    assert len(doc.paragraphs) == 2
    assert "page-break" in edit_kinds(doc)
    assert len(doc.annotations("pages")) == 1


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_repairs_every_fixture_is_lossless_under_every_preset(path: Path) -> None:
    source = path.read_bytes().decode("utf-8")
    for options in ({}, {"faithful": True}, *({name: False} for name in alinea.REPAIRS)):
        doc = alinea.read(path, **options)
        assert_lossless(doc, source)
        for block in doc.blocks:
            assert doc.text[block.start : block.end] == block.text


def test_repairs_editorial_decl_summarises_the_edits() -> None:
    tei = fixture("hyphenation.txt").to_tei()
    assert "<editorialDecl>" in tei
    assert "hyphen: end-of-line hyphens of words split across lines were removed (2 changes)." in tei


def test_repairs_unknown_option_is_type_error() -> None:
    with pytest.raises(TypeError):
        alinea.parse("text", join_everything=True)


# --- property: nothing is ever lost -----------------------------------------------------------

# Text built from the pieces that trigger repairs, plus arbitrary Unicode.
pieces = st.sampled_from(
    [
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "\f",
        " ",
        "\t",
        "-",
        "- ",
        "> ",
        "1. ",
        "*",
        "_",
        "**",
        "12",
        "Chapter Six: ",
        "CHAPTER IV.",
        "By Ann Lee",
        "the",
        "in",
        "Word",
        "word",
        "end.",
        "\ufeff",
        "Support our journalists",
        "*** START OF THE PROJECT GUTENBERG EBOOK X ***",
        "\u2013",
        "\U0001F600",
        "e\u0301",
    ]
)
texts = st.lists(st.one_of(pieces, st.text(max_size=8)), min_size=1, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts, st.booleans())
def test_repairs_property_source_text_survives_parse_and_tei(text: str, faithful: bool) -> None:
    try:
        doc = alinea.parse(text, lenient=True, faithful=faithful)
    except alinea.ParseError as exc:
        assert exc.code == "A003"
        return
    assert doc.source_text() == text
    again = alinea.from_tei(doc.to_tei(indent=False))
    assert again == doc
    assert again.source_text() == text
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
