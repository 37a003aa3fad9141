"""Formatted references (Chicago, MLA, APA) and the document's metadata as CSL-JSON and BibTeX."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alinea
from alinea import cite

KAZAK_STEM = "000_40d1a890abeb5e88"


@pytest.fixture
def kazak(seeds: list[Path]) -> alinea.Document:
    """The 2002 news article by "Marjan Kalpykova" (a pseudonym, says its author note); it has
    no byline, so its author comes from metadata."""
    (path,) = [p for p in seeds if p.stem == KAZAK_STEM]
    return alinea.read(path, id="kazak-thaw")


NEWS = {
    "author": "Marjan Kalpykova",
    "issued": "2002-01-15",
    "container_title": "Reporting Central Asia",
}


def demo(byline: str = "") -> alinea.Document:
    """A small document with a title, an optional byline and five paragraphs of two sentences."""
    body = "\n\n".join(
        [
            "The steppe was quiet that spring. Nobody expected the talks to move.",
            "Then the pipeline deal arrived. It changed the tone in every ministry.",
            "Diplomats wrote long cables about it. Few of them were read.",
            "Oil prices rose through the summer. The budget looked healthier.",
            "By autumn the thaw was official. Both sides claimed the credit.",
        ]
    )
    front = f"A Study of Things\n\n{byline}\n\n" if byline else "A Study of Things\n\n"
    return alinea.parse(front + body + "\n", id="demo")


# --- the seed ----------------------------------------------------------------------------------


def test_cite_seed_in_text_forms(kazak: alinea.Document) -> None:
    assert kazak.title == "US-Kazak Relations Thaw"
    cases = {
        ("chicago-author-date", None): "(Kalpykova 2002, para. 7)",
        ("chicago-author-date", "narrative"): "Kalpykova (2002, para. 7)",
        ("chicago-notes", None): (
            "Marjan Kalpykova, “US-Kazak Relations Thaw,” Reporting Central Asia, January 15, 2002, para. 7."
        ),
        ("chicago-notes", "short-note"): "Kalpykova, “US-Kazak Relations Thaw,” para. 7.",
        ("mla", None): "(Kalpykova, par. 7)",
        ("mla", "narrative"): "Kalpykova (par. 7)",
        ("apa", None): "(Kalpykova, 2002, para. 7)",
        ("apa", "narrative"): "Kalpykova (2002, para. 7)",
    }
    for (style, form), expected in cases.items():
        assert alinea.format_citation(kazak, "kazak-thaw:7", style, form=form, **NEWS) == expected
        # The same passage as a number, a Paragraph and a sentence of paragraph 7.
        assert alinea.format_citation(kazak, 7, style, form=form, **NEWS) == expected
        assert (
            alinea.format_citation(kazak, kazak.paragraph(7), style, form=form, **NEWS) == expected
        )
        assert alinea.format_citation(kazak, "kazak-thaw:7.1", style, form=form, **NEWS) == expected


def test_cite_seed_reference_entries(kazak: alinea.Document) -> None:
    meta = dict(NEWS, url="https://example.org/kazak-thaw")
    assert alinea.format_reference(kazak, "chicago-author-date", **meta) == (
        "Kalpykova, Marjan. 2002. “US-Kazak Relations Thaw.” Reporting Central Asia, January 15, 2002."
        " https://example.org/kazak-thaw."
    )
    assert alinea.format_reference(kazak, "chicago-notes", **meta) == (
        "Kalpykova, Marjan. “US-Kazak Relations Thaw.” Reporting Central Asia, January 15, 2002."
        " https://example.org/kazak-thaw."
    )
    assert alinea.format_reference(kazak, "mla", **meta) == (
        "Kalpykova, Marjan. “US-Kazak Relations Thaw.” Reporting Central Asia, 15 Jan. 2002,"
        " example.org/kazak-thaw."
    )
    assert alinea.format_reference(kazak, "apa", **meta) == (
        "Kalpykova, M. (2002, January 15). US-Kazak Relations Thaw. Reporting Central Asia."
        " https://example.org/kazak-thaw"
    )


def test_cite_seed_ranges_and_whole_work(kazak: alinea.Document) -> None:
    assert alinea.format_citation(kazak, "kazak-thaw:3-5", "chicago-author-date", **NEWS) == (
        "(Kalpykova 2002, paras. 3–5)"
    )
    assert (
        alinea.format_citation(kazak, "kazak-thaw:3-5", "mla", **NEWS) == "(Kalpykova, pars. 3–5)"
    )
    assert (
        alinea.format_citation(kazak, "kazak-thaw:3-5", "apa", **NEWS)
        == "(Kalpykova, 2002, paras. 3–5)"
    )
    assert alinea.format_citation(
        kazak, "kazak-thaw:3-5", "chicago-notes", form="short-note", **NEWS
    ) == ("Kalpykova, “US-Kazak Relations Thaw,” paras. 3–5.")
    # A range of sentences within one paragraph cites that paragraph; across two, both.
    assert (
        alinea.format_citation(kazak, "kazak-thaw:8.1-8.2", "apa", **NEWS)
        == "(Kalpykova, 2002, para. 8)"
    )
    assert alinea.format_citation(kazak, "kazak-thaw:8.2-9.1", "apa", **NEWS) == (
        "(Kalpykova, 2002, paras. 8–9)"
    )
    assert (
        alinea.format_citation(kazak, "kazak-thaw:4-4", "apa", **NEWS)
        == "(Kalpykova, 2002, para. 4)"
    )
    assert (
        alinea.format_citation(kazak, "kazak-thaw:7", "apa", pilcrow=True, **NEWS)
        == "(Kalpykova, 2002, ¶ 7)"
    )
    assert alinea.format_citation(
        kazak, "kazak-thaw:3-5", "chicago-author-date", pilcrow=True, **NEWS
    ) == ("(Kalpykova 2002, ¶¶ 3–5)")
    # No passage: the work as a whole.
    assert alinea.format_citation(kazak, None, "chicago-author-date", **NEWS) == "(Kalpykova 2002)"
    assert alinea.format_citation(kazak, None, "mla", **NEWS) == "(Kalpykova)"
    assert alinea.format_citation(kazak, None, "apa", **NEWS) == "(Kalpykova, 2002)"
    assert alinea.format_citation(kazak, None, "chicago-notes", form="short-note", **NEWS) == (
        "Kalpykova, “US-Kazak Relations Thaw.”"
    )


def test_cite_every_paragraph_of_the_seeds_in_every_style(seeds: list[Path]) -> None:
    for path in seeds:
        doc = alinea.read(path)
        for p in doc.paragraphs:
            for style in alinea.CITATION_STYLES:
                text = alinea.format_citation(doc, p.cite(), style, author="Jane Doe", issued=2020)
                label = "par." if style == "mla" else "para."
                assert f"{label} {p.n}" in text
                assert "Doe" in text


def test_cite_title_of_a_chapter_and_of_an_untitled_text(seeds: list[Path]) -> None:
    (chapter,) = [p for p in seeds if p.stem.startswith("004_")]
    doc = alinea.read(chapter)
    ref = alinea.reference(doc)
    assert (
        ref.title == "Chapter Six: Kazakhstan and the United States – Achievements and Challenges"
    )
    assert ref.short == "Chapter Six"
    assert ref.type == "document"
    assert alinea.format_citation(doc, 3, "mla") == "(Chapter Six, par. 3)"
    untitled = alinea.parse("one paragraph only, nothing else\n", id="bare")
    assert alinea.reference(untitled).title == "bare"
    assert alinea.format_citation(untitled, 1, "apa") == "(bare, n.d., para. 1)"


# --- one, two, three and more authors, per style -----------------------------------------------

AUTHORS = ["Jane Doe", "John Roe", "Max Poe", "Ann Loe"]
ARTICLE = {
    "title": "Oil and Power",
    "issued": "2002-01-15",
    "container_title": "The Daily",
    "url": "https://example.org/oil",
}

IN_TEXT = {
    "chicago-author-date": [
        "(Doe 2002, para. 7)",
        "(Doe and Roe 2002, para. 7)",
        "(Doe, Roe, and Poe 2002, para. 7)",
        "(Doe et al. 2002, para. 7)",
    ],
    "chicago-notes": [
        "Jane Doe, “Oil and Power,” The Daily, January 15, 2002, para. 7, https://example.org/oil.",
        "Jane Doe and John Roe, “Oil and Power,” The Daily, January 15, 2002, para. 7, https://example.org/oil.",
        "Jane Doe, John Roe, and Max Poe, “Oil and Power,” The Daily, January 15, 2002, para. 7,"
        " https://example.org/oil.",
        "Jane Doe et al., “Oil and Power,” The Daily, January 15, 2002, para. 7, https://example.org/oil.",
    ],
    "mla": [
        "(Doe, par. 7)",
        "(Doe and Roe, par. 7)",
        "(Doe et al., par. 7)",
        "(Doe et al., par. 7)",
    ],
    "apa": [
        "(Doe, 2002, para. 7)",
        "(Doe & Roe, 2002, para. 7)",
        "(Doe et al., 2002, para. 7)",
        "(Doe et al., 2002, para. 7)",
    ],
}

ENTRIES = {
    "chicago-author-date": [
        "Doe, Jane. 2002.",
        "Doe, Jane, and John Roe. 2002.",
        "Doe, Jane, John Roe, and Max Poe. 2002.",
        "Doe, Jane, John Roe, Max Poe, and Ann Loe. 2002.",
    ],
    "chicago-notes": [
        "Doe, Jane.",
        "Doe, Jane, and John Roe.",
        "Doe, Jane, John Roe, and Max Poe.",
        "Doe, Jane, John Roe, Max Poe, and Ann Loe.",
    ],
    "mla": ["Doe, Jane.", "Doe, Jane, and John Roe.", "Doe, Jane, et al.", "Doe, Jane, et al."],
    "apa": [
        "Doe, J. (2002, January 15).",
        "Doe, J., & Roe, J. (2002, January 15).",
        "Doe, J., Roe, J., & Poe, M. (2002, January 15).",
        "Doe, J., Roe, J., Poe, M., & Loe, A. (2002, January 15).",
    ],
}

ENTRY_REST = {
    "chicago-author-date": " “Oil and Power.” The Daily, January 15, 2002. https://example.org/oil.",
    "chicago-notes": " “Oil and Power.” The Daily, January 15, 2002. https://example.org/oil.",
    "mla": " “Oil and Power.” The Daily, 15 Jan. 2002, example.org/oil.",
    "apa": " Oil and Power. The Daily. https://example.org/oil",
}


@pytest.mark.parametrize("style", alinea.CITATION_STYLES)
@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_cite_author_counts(style: str, count: int) -> None:
    doc = demo()
    meta = dict(ARTICLE, authors=AUTHORS[:count])
    assert (
        alinea.format_citation(doc, 5, style, **meta)
        .replace("para. 5", "para. 7")
        .replace("par. 5", "par. 7")
        == IN_TEXT[style][count - 1]
    )
    assert (
        alinea.format_reference(doc, style, **meta) == ENTRIES[style][count - 1] + ENTRY_REST[style]
    )


def test_cite_many_authors() -> None:
    doc = demo()
    eleven = [f"Given{chr(65 + i)} Family{chr(65 + i)}" for i in range(11)]
    chicago = alinea.format_reference(
        doc, "chicago-author-date", authors=eleven, issued=2000, publisher="P"
    )
    assert chicago.startswith(
        "FamilyA, GivenA, GivenB FamilyB, GivenC FamilyC, GivenD FamilyD, GivenE FamilyE, GivenF FamilyF,"
        " GivenG FamilyG, et al. 2000. A Study of Things."
    )
    twenty_one = [f"Given Family{i}" for i in range(1, 22)]
    apa = alinea.format_reference(doc, "apa", authors=twenty_one, issued=2000, publisher="P")
    assert apa.startswith("Family1, G., Family2, G., ")
    assert "Family19, G., . . . Family21, G. (2000)." in apa
    assert "Family20" not in apa
    assert (
        alinea.format_citation(doc, 1, "apa", authors=twenty_one, issued=2000)
        == "(Family1 et al., 2000, para. 1)"
    )


# --- missing data ------------------------------------------------------------------------------


def test_cite_without_author_a_newspaper_article_goes_under_its_newspaper_in_chicago() -> None:
    doc = demo()
    meta = dict(ARTICLE, title="Oil and Power")
    assert (
        alinea.format_citation(doc, 2, "chicago-author-date", **meta) == "(The Daily 2002, para. 2)"
    )
    assert alinea.format_reference(doc, "chicago-author-date", **meta) == (
        "The Daily. 2002. “Oil and Power.” January 15, 2002. https://example.org/oil."
    )
    assert alinea.format_citation(doc, 2, "chicago-notes", **meta) == (
        "“Oil and Power,” The Daily, January 15, 2002, para. 2, https://example.org/oil."
    )
    assert (
        alinea.format_citation(doc, 2, "chicago-notes", form="short-note", **meta)
        == "“Oil and Power,” para. 2."
    )
    assert alinea.format_citation(doc, 2, "mla", **meta) == "(“Oil and Power,” par. 2)"
    assert alinea.format_reference(doc, "mla", **meta) == (
        "“Oil and Power.” The Daily, 15 Jan. 2002, example.org/oil."
    )
    assert alinea.format_citation(doc, 2, "apa", **meta) == "(“Oil and Power,” 2002, para. 2)"
    assert alinea.format_reference(doc, "apa", **meta) == (
        "Oil and Power. (2002, January 15). The Daily. https://example.org/oil"
    )


def test_cite_without_author_or_date_a_book_goes_under_its_title() -> None:
    doc = demo()
    assert (
        alinea.format_citation(doc, 1, "chicago-author-date") == "(A Study of Things n.d., para. 1)"
    )
    assert alinea.format_reference(doc, "chicago-author-date") == "A Study of Things. n.d."
    assert alinea.format_citation(doc, 1, "chicago-notes") == "A Study of Things (n.d.), para. 1."
    assert alinea.format_reference(doc, "chicago-notes") == "A Study of Things. n.d."
    assert alinea.format_citation(doc, 1, "mla") == "(A Study of Things, par. 1)"
    assert alinea.format_reference(doc, "mla") == "A Study of Things."
    assert alinea.format_citation(doc, 1, "apa") == "(A Study of Things, n.d., para. 1)"
    assert alinea.format_reference(doc, "apa") == "A Study of Things. (n.d.)."
    # A subtitle is left out of the short title.
    titled = dict(title="Oil and Power: A History", publisher="Steppe Press", place="Almaty")
    assert alinea.format_citation(doc, 1, "apa", **titled) == "(Oil and Power, n.d., para. 1)"
    assert alinea.format_reference(doc, "chicago-notes", **titled) == (
        "Oil and Power: A History. Almaty: Steppe Press, n.d."
    )


def test_cite_without_date() -> None:
    doc = demo()
    meta = {"author": "Jane Doe", "publisher": "Steppe Press", "place": "Almaty"}
    assert alinea.format_citation(doc, 4, "chicago-author-date", **meta) == "(Doe n.d., para. 4)"
    assert alinea.format_reference(doc, "chicago-author-date", **meta) == (
        "Doe, Jane. n.d. A Study of Things. Almaty: Steppe Press."
    )
    assert alinea.format_citation(doc, 4, "chicago-notes", **meta) == (
        "Jane Doe, A Study of Things (Almaty: Steppe Press, n.d.), para. 4."
    )
    assert alinea.format_citation(doc, 4, "apa", **meta) == "(Doe, n.d., para. 4)"
    assert (
        alinea.format_reference(doc, "apa", **meta)
        == "Doe, J. (n.d.). A Study of Things. Steppe Press."
    )
    assert (
        alinea.format_reference(doc, "mla", **meta) == "Doe, Jane. A Study of Things. Steppe Press."
    )


def test_cite_undated_web_page_gives_the_access_date() -> None:
    doc = demo()
    meta = {
        "author": "Doe, Jane",
        "type": "webpage",
        "container": "Steppe Notes",
        "url": "https://example.org/things",
        "accessed": "2020-03-03",
    }
    assert alinea.format_reference(doc, "chicago-author-date", **meta) == (
        "Doe, Jane. n.d. “A Study of Things.” Steppe Notes. Accessed March 3, 2020. https://example.org/things."
    )
    assert alinea.format_citation(doc, 1, "chicago-notes", **meta) == (
        "Jane Doe, “A Study of Things,” Steppe Notes, para. 1, accessed March 3, 2020, https://example.org/things."
    )
    assert alinea.format_reference(doc, "mla", **meta) == (
        "Doe, Jane. “A Study of Things.” Steppe Notes, example.org/things. Accessed 3 Mar. 2020."
    )
    assert alinea.format_reference(doc, "apa", **meta) == (
        "Doe, J. (n.d.). A Study of Things. Steppe Notes. Retrieved March 3, 2020, from https://example.org/things"
    )


# --- kinds of work -----------------------------------------------------------------------------

JOURNAL = {
    "authors": ["Doe, Jane", "Roe, John"],
    "title": "Pipelines and Promises",
    "container_title": "Central Asian Survey",
    "volume": 21,
    "issue": "3",
    "pages": "245-262",
    "issued": "2002-09",
    "doi": "https://doi.org/10.1080/0263493022000001",
}


def test_cite_journal_article() -> None:
    doc = demo()
    assert alinea.reference(doc, JOURNAL).type == "article-journal"
    assert alinea.format_reference(doc, "chicago-author-date", JOURNAL) == (
        "Doe, Jane, and John Roe. 2002. “Pipelines and Promises.” Central Asian Survey 21 (3): 245–262."
        " https://doi.org/10.1080/0263493022000001."
    )
    assert alinea.format_citation(doc, 2, "chicago-notes", metadata=JOURNAL) == (
        "Jane Doe and John Roe, “Pipelines and Promises,” Central Asian Survey 21, no. 3 (September 2002):"
        " para. 2, https://doi.org/10.1080/0263493022000001."
    )
    assert alinea.format_reference(doc, "chicago-notes", JOURNAL) == (
        "Doe, Jane, and John Roe. “Pipelines and Promises.” Central Asian Survey 21, no. 3 (September 2002):"
        " 245–262. https://doi.org/10.1080/0263493022000001."
    )
    assert alinea.format_reference(doc, "mla", JOURNAL) == (
        "Doe, Jane, and John Roe. “Pipelines and Promises.” Central Asian Survey, vol. 21, no. 3, Sept. 2002,"
        " pp. 245–262, https://doi.org/10.1080/0263493022000001."
    )
    assert alinea.format_reference(doc, "apa", JOURNAL) == (
        "Doe, J., & Roe, J. (2002). Pipelines and Promises. Central Asian Survey, 21(3), 245–262."
        " https://doi.org/10.1080/0263493022000001"
    )
    assert alinea.format_reference(doc, "apa", JOURNAL, markup="html") == (
        "Doe, J., &amp; Roe, J. (2002). Pipelines and Promises. <i>Central Asian Survey</i>, <i>21</i>(3),"
        " 245–262. https://doi.org/10.1080/0263493022000001"
    )


CHAPTER = {
    "author": "Jane Doe",
    "title": "The Thaw",
    "container_title": "Kazakhstan and the World",
    "editors": ["Ed One", "Tee Two"],
    "pages": "45–67",
    "publisher": "Steppe Press",
    "place": "Almaty",
    "issued": 2021,
}


def test_cite_chapter() -> None:
    doc = demo()
    assert alinea.reference(doc, CHAPTER).type == "chapter"
    assert alinea.format_reference(doc, "chicago-author-date", CHAPTER) == (
        "Doe, Jane. 2021. “The Thaw.” In Kazakhstan and the World, edited by Ed One and Tee Two, 45–67."
        " Almaty: Steppe Press."
    )
    assert alinea.format_citation(doc, 3, "chicago-notes", metadata=CHAPTER) == (
        "Jane Doe, “The Thaw,” in Kazakhstan and the World, ed. Ed One and Tee Two (Almaty: Steppe Press,"
        " 2021), para. 3."
    )
    assert alinea.format_reference(doc, "chicago-notes", CHAPTER) == (
        "Doe, Jane. “The Thaw.” In Kazakhstan and the World, edited by Ed One and Tee Two, 45–67."
        " Almaty: Steppe Press, 2021."
    )
    assert alinea.format_reference(doc, "mla", CHAPTER) == (
        "Doe, Jane. “The Thaw.” Kazakhstan and the World, edited by Ed One and Tee Two, Steppe Press, 2021,"
        " pp. 45–67."
    )
    assert alinea.format_reference(doc, "apa", CHAPTER) == (
        "Doe, J. (2021). The Thaw. In E. One & T. Two (Eds.), Kazakhstan and the World (pp. 45–67)."
        " Steppe Press."
    )


def test_cite_edited_book_goes_under_its_editors() -> None:
    doc = demo()
    meta = {
        "editors": ["Ed One", "Tee Two"],
        "publisher": "Steppe Press",
        "place": "Almaty",
        "issued": "2001",
    }
    assert alinea.reference(doc, meta).type == "book"
    assert (
        alinea.format_citation(doc, 1, "chicago-author-date", **meta)
        == "(One and Two 2001, para. 1)"
    )
    assert alinea.format_reference(doc, "chicago-author-date", **meta) == (
        "One, Ed, and Tee Two, eds. 2001. A Study of Things. Almaty: Steppe Press."
    )
    assert alinea.format_citation(doc, 1, "chicago-notes", **meta) == (
        "Ed One and Tee Two, eds., A Study of Things (Almaty: Steppe Press, 2001), para. 1."
    )
    assert alinea.format_reference(doc, "mla", **meta) == (
        "One, Ed, and Tee Two, editors. A Study of Things. Steppe Press, 2001."
    )
    assert alinea.format_reference(doc, "apa", **meta) == (
        "One, E., & Two, T. (Eds.). (2001). A Study of Things. Steppe Press."
    )


def test_cite_title_ending_in_a_question_mark_takes_no_period_or_comma() -> None:
    doc = demo()
    meta = {"author": "Jane Doe", "title": "Is It Over?", "issued": 2002, "container": "The Daily"}
    assert alinea.format_reference(doc, "chicago-author-date", **meta) == (
        "Doe, Jane. 2002. “Is It Over?” The Daily."
    )
    assert (
        alinea.format_citation(doc, 1, "chicago-notes", **meta)
        == "Jane Doe, “Is It Over?” The Daily, 2002, para. 1."
    )
    book = {"author": "Jane Doe", "title": "Is It Over?", "issued": 2002, "publisher": "P"}
    assert (
        alinea.format_citation(doc, 1, "chicago-notes", form="short-note", **book)
        == "Doe, Is It Over? para. 1."
    )
    assert alinea.format_reference(doc, "apa", **book) == "Doe, J. (2002). Is It Over? P."


def test_cite_markup() -> None:
    doc = demo()
    meta = {"author": "Jane Doe", "title": "Oil & *Gas*", "issued": 2002, "publisher": "P"}
    assert alinea.format_reference(doc, "chicago-author-date", markup="html", **meta) == (
        "Doe, Jane. 2002. <i>Oil &amp; *Gas*</i>. P."
    )
    assert alinea.format_reference(doc, "chicago-author-date", markup="markdown", **meta) == (
        "Doe, Jane. 2002. *Oil & \\*Gas\\**. P."
    )
    assert (
        alinea.format_citation(doc, 1, "mla", markup="html", title="Oil", publisher="P")
        == "(<i>Oil</i>, par. 1)"
    )


# --- metadata: bylines, names, dates, types ----------------------------------------------------


def test_cite_authors_from_the_byline() -> None:
    doc = demo("By JANE DOE and John Roe, Reuters")
    assert [b.kind for b in doc.blocks][:2] == ["title", "byline"]
    ref = alinea.reference(doc)
    assert ref.authors == (cite.Name("Doe", "Jane"), cite.Name("Roe", "John"))
    assert alinea.format_citation(doc, "demo:2", "apa", issued=2002) == "(Doe & Roe, 2002, para. 2)"
    # Metadata overrides the byline; None removes it.
    assert (
        alinea.format_citation(doc, 2, "apa", author="Max Poe", issued=2002)
        == "(Poe, 2002, para. 2)"
    )
    assert (
        alinea.format_citation(doc, 2, "apa", author=None, issued=2002)
        == "(A Study of Things, 2002, para. 2)"
    )


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"]),
        ("By JANE DOE", ["Jane Doe"]),
        ("by: Jane Doe, John Roe and Max Poe", ["Jane Doe", "John Roe", "Max Poe"]),
        ("By Jean-Paul Sartre & Simone de Beauvoir", ["Jean-Paul Sartre", "Simone de Beauvoir"]),
        ("By Dr. Jane de Ville in Almaty", ["Jane de Ville"]),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("By Jane Doe | January 15, 2002", ["Jane Doe"]),
        ("By Jane Doe January 15, 2002", ["Jane Doe"]),
        ("[photo] By Jane Doe - Associated Press", ["Jane Doe"]),
        ("By Jane Doe and John Roe for IWPR", ["Jane Doe", "John Roe"]),
        ("By Martin Luther King, Jr.", ["Martin Luther King Jr."]),
        ("By James Baker III", ["James Baker III"]),
        ("By Reuters", []),
        ("By Staff", []),
    ],
)
def test_cite_byline_authors(byline: str, names: list[str]) -> None:
    assert cite.byline_authors(byline) == names


@pytest.mark.parametrize(
    ("value", "name", "apa"),
    [
        ("Jane Doe", cite.Name("Doe", "Jane"), "Doe, J."),
        ("Doe, Jane Marie", cite.Name("Doe", "Jane Marie"), "Doe, J. M."),
        ("Jean-Paul Sartre", cite.Name("Sartre", "Jean-Paul"), "Sartre, J.-P."),
        ("J.R.R. Tolkien", cite.Name("Tolkien", "J.R.R."), "Tolkien, J. R. R."),
        ("Ludwig van Beethoven", cite.Name("van Beethoven", "Ludwig"), "van Beethoven, L."),
        ("Martin Luther King Jr.", cite.Name("King", "Martin Luther", "Jr."), "King, M. L., Jr."),
        ("King, Martin Luther, Jr.", cite.Name("King", "Martin Luther", "Jr."), "King, M. L., Jr."),
        ("Martin Luther King, Jr.", cite.Name("King", "Martin Luther", "Jr."), "King, M. L., Jr."),
        ("Plato", cite.Name("Plato"), "Plato"),
        ({"family": "Kalpykova", "given": "Marjan"}, cite.Name("Kalpykova", "Marjan"), "Kalpykova, M."),
        ({"literal": "Institute for War & Peace Reporting"},
         cite.Name("Institute for War & Peace Reporting", institution=True),
         "Institute for War & Peace Reporting"),
    ],
)  # fmt: skip
def test_cite_names(value: object, name: cite.Name, apa: str) -> None:
    parsed = cite.Name.parse(value)
    assert parsed == name
    assert parsed.apa() == apa


def test_cite_institutional_author_is_never_inverted() -> None:
    doc = demo()
    meta = {
        "author": {"literal": "Human Rights Watch"},
        "issued": 2002,
        "publisher": "HRW",
        "type": "report",
    }
    assert (
        alinea.format_citation(doc, 1, "chicago-author-date", **meta)
        == "(Human Rights Watch 2002, para. 1)"
    )
    assert (
        alinea.format_reference(doc, "apa", **meta)
        == "Human Rights Watch. (2002). A Study of Things. HRW."
    )
    assert (
        alinea.format_reference(doc, "mla", **meta)
        == "Human Rights Watch. A Study of Things. HRW, 2002."
    )


def test_cite_dates() -> None:
    import datetime

    assert cite.Date.parse("2002-01-15") == cite.Date(2002, 1, 15)
    assert cite.Date.parse("2002-01") == cite.Date(2002, 1)
    assert cite.Date.parse("2002") == cite.Date.parse(2002) == cite.Date(2002)
    assert cite.Date.parse(datetime.date(2002, 1, 15)) == cite.Date(2002, 1, 15)
    assert cite.Date.parse({"date-parts": [[2002, 1]]}) == cite.Date(2002, 1)
    assert cite.Date(2002, 1, 15).iso() == "2002-01-15"
    for bad in ("Jan 2002", "2002-13", "2002-02-30", "", 3.5):
        with pytest.raises(alinea.ArgumentError):
            cite.Date.parse(bad)


def test_cite_reference_is_reusable_and_overridable() -> None:
    doc = demo()
    ref = alinea.reference(doc, {"author": "Jane Doe"}, issued=2002)
    assert isinstance(ref, alinea.Reference)
    assert (ref.id, ref.title, ref.type, ref.issued) == (
        "demo",
        "A Study of Things",
        "document",
        cite.Date(2002),
    )
    assert alinea.format_citation(ref, "demo:3", "apa") == "(Doe, 2002, para. 3)"
    later = alinea.reference(ref, issued=2003, publisher="P")
    assert later.type == "book"  # inferred again: a publisher makes it a book
    assert alinea.format_citation(later, 3, "apa") == "(Doe, 2003, para. 3)"
    assert alinea.format_reference(later, "apa") == "Doe, J. (2003). A Study of Things. P."
    typed = alinea.reference(doc, type="report", publisher="P")
    assert alinea.reference(typed, container="X").type == "report"  # a type given stays
    # The Reference keeps its document, so passages are still checked.
    with pytest.raises(alinea.CitationError):
        alinea.format_citation(ref, 9, "apa")
    # A hand-made Reference checks the form of a citation only.
    loose = alinea.Reference(id="other", title="T", authors=(cite.Name("Doe", "Jane"),))
    assert alinea.format_citation(loose, "other:40-42", "mla") == "(Doe, pars. 40–42)"
    with pytest.raises(alinea.CitationError, match="names document 'demo', not 'other'"):
        alinea.format_citation(loose, "demo:1", "mla")


def test_cite_type_inference_and_aliases() -> None:
    doc = demo()
    assert alinea.reference(doc).type == "document"
    assert alinea.reference(doc, container="The Daily").type == "article-newspaper"
    assert alinea.reference(doc, container="J", volume=1).type == "article-journal"
    assert alinea.reference(doc, container="B", editors="Ed One").type == "chapter"
    assert alinea.reference(doc, publisher="P").type == "book"
    assert alinea.reference(doc, url="https://example.org/").type == "webpage"
    assert alinea.reference(doc, type="Newspaper").type == "article-newspaper"
    assert alinea.reference(doc, type="incollection").type == "chapter"
    assert alinea.reference(doc, {"container-title": "J", "publisher-place": "L"}).place == "L"
    assert alinea.reference(doc, authors="Doe, Jane; Roe, John").authors == (
        cite.Name("Doe", "Jane"),
        cite.Name("Roe", "John"),
    )


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ("demo:9", "has no paragraph 9 (it has 5)"),
        ("demo:2.7", "paragraph 2 has no sentence 7"),
        ("other:1", "names document 'other', not 'demo'"),
        ("demo:4-2", "ends before it starts"),
        (9, "has no paragraph 9"),
    ],
)
def test_cite_passage_the_document_does_not_have(passage: object, message: str) -> None:
    with pytest.raises(alinea.CitationError, match=re.escape(message)) as e:
        alinea.format_citation(demo(), passage, "apa")
    assert isinstance(e.value, LookupError)


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ("demo:x", "is not a citation"),
        ("7", "is not a citation"),
        ("demo:0", "is not a citation"),
        (0, "is not a paragraph number"),
        (-3, "is not a paragraph number"),
        (True, "not True"),
        (2.5, "not float"),
    ],
)
def test_cite_malformed_passage(passage: object, message: str) -> None:
    with pytest.raises(alinea.ArgumentError, match=re.escape(message)) as e:
        alinea.format_citation(demo(), passage, "apa")
    assert not isinstance(e.value, alinea.CitationError)


def test_cite_bad_arguments() -> None:
    doc = demo()
    with pytest.raises(alinea.ArgumentError, match="unknown citation style 'harvard'"):
        alinea.format_citation(doc, 1, "harvard")
    with pytest.raises(alinea.ArgumentError, match="unknown citation style"):
        alinea.format_reference(doc, "ieee")
    with pytest.raises(alinea.ArgumentError, match="unknown form 'note' for apa"):
        alinea.format_citation(doc, 1, "apa", form="note")
    with pytest.raises(alinea.ArgumentError, match="unknown markup"):
        alinea.format_citation(doc, 1, "apa", markup="rtf")
    with pytest.raises(alinea.ArgumentError, match="unknown metadata key 'colour'"):
        alinea.format_citation(doc, 1, "apa", colour="red")
    with pytest.raises(alinea.ArgumentError, match="gives authors twice"):
        alinea.reference(doc, {"author": "A B"}, authors=["C D"])
    with pytest.raises(alinea.ArgumentError, match="unknown reference type"):
        alinea.reference(doc, type="thesis")
    with pytest.raises(alinea.ArgumentError, match="not an http"):
        alinea.reference(doc, url="example.org")
    with pytest.raises(alinea.ArgumentError, match="not a date"):
        alinea.reference(doc, issued="15 January 2002")
    with pytest.raises(alinea.ArgumentError, match="expected an alinea Document"):
        alinea.reference("not a document")
    # Style names are case-insensitive and have a few aliases.
    assert alinea.format_citation(doc, 1, "APA") == alinea.format_citation(doc, 1, "apa")
    assert alinea.format_citation(doc, 1, "chicago-note") == alinea.format_citation(
        doc, 1, "chicago-notes"
    )


# --- CSL-JSON ----------------------------------------------------------------------------------

CSL_TYPES = {
    "article-newspaper",
    "article-magazine",
    "article-journal",
    "chapter",
    "book",
    "report",
    "webpage",
    "document",
}


def test_cite_csl_json(kazak: alinea.Document) -> None:
    item = alinea.to_csl_json(
        kazak,
        NEWS,
        url="https://example.org/kazak-thaw",
        accessed="2024-05-01",
        note="Author's name is a pseudonym.",
    )
    assert item == {
        "id": "kazak-thaw",
        "type": "article-newspaper",
        "title": "US-Kazak Relations Thaw",
        "author": [{"family": "Kalpykova", "given": "Marjan"}],
        "issued": {"date-parts": [[2002, 1, 15]]},
        "container-title": "Reporting Central Asia",
        "URL": "https://example.org/kazak-thaw",
        "accessed": {"date-parts": [[2024, 5, 1]]},
        "note": "Author's name is a pseudonym.\nalinea citation id: kazak-thaw (cite paragraphs as kazak-thaw:N)",
    }
    assert json.loads(json.dumps(item, ensure_ascii=False)) == item
    assert cite.csl_citation_item(kazak, "kazak-thaw:3-5") == {
        "id": "kazak-thaw",
        "locator": "3-5",
        "label": "paragraph",
    }
    assert cite.csl_citation_item(kazak, 7) == {
        "id": "kazak-thaw",
        "locator": "7",
        "label": "paragraph",
    }


def test_cite_csl_json_all_fields() -> None:
    meta = {k: v for k, v in CHAPTER.items() if k != "author"}
    meta.update(
        authors=["King, Martin Luther, Jr.", {"literal": "IWPR"}], doi="doi:10.1/X", volume=2
    )
    item = alinea.to_csl_json(demo(), meta, type="chapter", short_title="Thaw")
    assert item["type"] == "chapter"
    assert item["author"] == [
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"literal": "IWPR"},
    ]
    assert item["editor"] == [{"family": "One", "given": "Ed"}, {"family": "Two", "given": "Tee"}]
    assert item["issued"] == {"date-parts": [[2021]]}
    assert item["page"] == "45-67"
    assert (item["DOI"], item["volume"], item["title-short"], item["publisher-place"]) == (
        "10.1/X",
        "2",
        "Thaw",
        "Almaty",
    )


def test_cite_csl_json_of_every_seed_is_valid(seeds: list[Path]) -> None:
    for path in seeds:
        doc = alinea.read(path)
        for meta in ({}, NEWS, CHAPTER, JOURNAL):
            item = alinea.to_csl_json(doc, meta)
            assert json.loads(json.dumps(item)) == item
            assert item["id"] == doc.id and item["type"] in CSL_TYPES and item["title"]
            assert all(v not in (None, "", [], {}) for v in item.values())
            for person in item.get("author", []) + item.get("editor", []):
                assert set(person) <= {"family", "given", "suffix", "literal"}
                assert all(isinstance(v, str) and v for v in person.values())
            for date in ("issued", "accessed"):
                if date in item:
                    (parts,) = item[date]["date-parts"]
                    assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)


def test_cite_csl_json_renders_with_citeproc(kazak: alinea.Document) -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON

    item = json.loads(
        json.dumps(alinea.to_csl_json(kazak, NEWS, url="https://example.org/kazak-thaw"))
    )
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = citeproc.CitationStylesBibliography(
        style, CiteProcJSON([item]), citeproc.formatter.plain
    )
    cited = cite.csl_citation_item(kazak, "kazak-thaw:3-5")
    citation = citeproc.Citation(
        [citeproc.CitationItem(cited["id"], locator=Locator(cited["label"], cited["locator"]))]
    )
    bibliography.register(citation)
    assert str(bibliography.cite(citation, lambda item: None)) == "(Kalpykova, 2002, paras. 3–5)"
    (entry,) = [str(e) for e in bibliography.bibliography()]
    assert entry.startswith(
        "Kalpykova, M. (2002) “US-Kazak Relations Thaw”, Reporting Central Asia, 15 January."
    )


# --- BibTeX ------------------------------------------------------------------------------------


def test_cite_bibtex_article(kazak: alinea.Document) -> None:
    assert alinea.to_bibtex(
        kazak, NEWS, url="https://example.org/kazak-thaw?a=1&b=2", accessed="2024-05-01"
    ) == (
        "@article{kazak-thaw,\n"
        "  author = {Kalpykova, Marjan},\n"
        "  title = {{US-Kazak Relations Thaw}},\n"
        "  journal = {Reporting Central Asia},\n"
        "  year = {2002},\n"
        "  month = jan,\n"
        "  url = {https://example.org/kazak-thaw?a=1&b=2},\n"
        "  urldate = {2024-05-01},\n"
        "}\n"
    )


def test_cite_bibtex_escapes_latex_and_keeps_utf8() -> None:
    meta = {
        "authors": ["Қалпықова, Маржан", "King, Martin Luther, Jr.", {"literal": "Smith & Sons"}],
        "title": "Oil, $ & 100% #1: C_x ~ ^ \\ {braces} — naïve",
        "publisher": "A & B",
        "place": "Almaty",
        "issued": "1999-12-31",
        "editors": "Ed One",
        "pages": "3–9",
    }
    out = alinea.to_bibtex(demo(), meta, type="chapter", container="Big $ Book")
    assert out == (
        "@incollection{demo,\n"
        "  author = {Қалпықова, Маржан and King, Jr., Martin Luther and {Smith \\& Sons}},\n"
        "  editor = {One, Ed},\n"
        "  title = {{Oil, \\$ \\& 100\\% \\#1: C\\_x \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        " \\{braces\\} — naïve}},\n"
        "  booktitle = {Big \\$ Book},\n"
        "  pages = {3--9},\n"
        "  publisher = {A \\& B},\n"
        "  address = {Almaty},\n"
        "  year = {1999},\n"
        "  month = dec,\n"
        "}\n"
    )


def test_cite_bibtex_entry_types() -> None:
    doc = demo()
    first = {
        "document": "@misc{demo,",
        "webpage": "@misc{demo,",
        "book": "@book{demo,",
        "report": "@techreport{demo,",
        "chapter": "@incollection{demo,",
        "article-journal": "@article{demo,",
    }
    for kind, head in first.items():
        assert alinea.to_bibtex(doc, type=kind).splitlines()[0] == head
    assert "  institution = {P},\n" in alinea.to_bibtex(doc, type="report", publisher="P")
    assert "  howpublished = {Site},\n" in alinea.to_bibtex(doc, type="webpage", container="Site")
    assert "  doi = {10.1/x},\n" in alinea.to_bibtex(doc, doi="https://doi.org/10.1/x")
    assert alinea.to_bibtex(doc) == "@misc{demo,\n  title = {{A Study of Things}},\n}\n"


def _balanced(tex: str) -> bool:
    depth = 0
    i = 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_cite_bibtex_escaping_any_title(title: str) -> None:
    if not title.strip():
        return
    out = alinea.to_bibtex(demo(), title=title, author="Jane Doe", publisher=title)
    assert _balanced(out)
    # No unescaped LaTeX special character in a field value.
    for line in out.splitlines()[1:-1]:
        value = line.split(" = ", 1)[1]
        unescaped = re.sub(
            r"\\(?:[&%$#_{}]|textbackslash\{\}|textasciitilde\{\}|textasciicircum\{\})", "", value
        )
        assert not re.search(r"[&%$#_~^\\]", unescaped), line
