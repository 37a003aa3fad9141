"""TEI output: well-formed, deterministic, and valid against TEI P5 and the alinea profile.

Contract 5 of the design: every TEI file alinea writes validates against TEI P5
``tei_all`` and against the project's stricter profile ``tei/alinea.rng``.

jing takes a moment to start, so validation is batched: a session fixture writes
every document (seeds, ``docs/samples/*.txt``, awkward in-memory texts, in-memory
texts that exercise every construct the writer knows, each indented and compact,
plus hand-made reference and broken documents) into one directory, checks with
lxml that each is well-formed, and runs jing once per schema over all the
well-formed ones. The per-file tests then look up that file's errors in jing's
output (``path:line:col: error: ...``). A file that is not well-formed fails its
tests with the parser's message; it is kept out of the jing batch because jing
stops at the first fatal error and would silently skip every file after it.

Besides validity, the tests check what RELAX NG cannot say: paragraph numbers
run 1, 2, 3 ...; every block's xml:id follows the writer's rule (``pN`` for the
N-th numbered paragraph, ``bK`` for the K-th block otherwise); every edit in the
standOff layer matches ``Document.edits()`` and points inside (or just after) an
existing block; editorialDecl lists exactly the kinds and counts of those edits.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree
from paths import REPO, sample_paths, seed_paths, shared_dir

import alinea

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
NS = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"

PROFILE = REPO / "tei" / "alinea.rng"
FULL_EXAMPLE = REPO / "tei" / "examples" / "full.xml"
PARAGRAPH_MATCH = "/TEI/text/body//p[@n]"


def tei_all_path() -> Path:
    return shared_dir() / "corpus" / "schema" / "tei_all.rng"


def tag(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def local(el: etree._Element) -> str:
    return etree.QName(el).localname


CITATION_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
STRING_RANGE = re.compile(
    r"#string-range\((?P<ref>[pb][1-9][0-9]*),(?P<offset>\d+),(?P<length>\d+)\)"
)
LAYOUTS = ("indented", "compact")

# --------------------------------------------------------------------------- #
# The documents under test                                                    #
# --------------------------------------------------------------------------- #

# In-memory texts with characters that an XML writer must escape or pass through
# untouched. Each is (text, keyword arguments for alinea.parse).
AWKWARD: dict[str, tuple[str, dict]] = {
    "markup-characters": (
        "Fish & Chips <b> > a\n\n"
        "R&D costs < 5% & > 2%; AT&T's \"<tag attr='v'>\" ]]> done.\n\n"
        "Entities stay text: &amp; &lt; &#x41; &#65; &nbsp;\n",
        {},
    ),
    "xml-lookalike-title": (
        "<?xml version='1.0'?>\n\n<!-- not a comment --> <![CDATA[ not cdata ]]> <p n=\"0\">\n",
        {},
    ),
    "quotes": (
        "\"Straight\" and 'single' quotes\n\n"
        "\u201cCurly\u201d \u2018single\u2019 \u00abguillemets\u00bb \u201elow\u201c "
        "and an apostrophe: it\u2019s, o'clock, \"quoted 'inner' text\".\n",
        {},
    ),
    "tabs-and-spaces": (
        "Col1\tCol2\t\tCol3\n\n"
        "\tIndented with a tab, trailing tab\t\n\n"
        "No-break\u00a0space, thin\u2009space, zero\u200bwidth, line\u2028separator.\n",
        {},
    ),
    "emoji": (
        "Emoji \U0001f600\n\n"
        "Thumbs \U0001f44d\U0001f3fd, family \U0001f468\u200d\U0001f469\u200d\U0001f467, "
        "flags \U0001f1f0\U0001f1ff \U0001f1fa\U0001f1f8, variation \u2764\ufe0f.\n",
        {},
    ),
    "combining-marks": (
        "Cafe\u0301 and nai\u0308ve\n\n"
        "\u0301A paragraph that starts with a combining acute.\n\n"
        "Stacked: Z\u0351\u0325a\u0300\u0301\u0302 and Vietnamese Vie\u0323\u0302t.\n",
        {},
    ),
    "right-to-left": (
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd\n\n"
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 "
        "(Arabic) and \u05e2\u05d1\u05e8\u05d9\u05ea 123 mixed with English.\n\n"
        "Marks: \u200fRLM\u200e LRM \u202eoverride\u202c \u2067isolate\u2069.\n",
        {},
    ),
    "odd-source-name": (
        "A title\n\nA paragraph.\n",
        {"id": "odd.source-name_1", "source": "R&D <notes> \"v2\" 'final'.txt"},
    ),
    "no-title": ("just one line, no title", {"detect_title": False}),
    "crlf-and-bom": ("\ufeffTitle\r\n\r\nOne\r\nwrapped.\r\n\r\nTwo.\r\n", {}),
    "form-feed": ("Page one ends here\f\nand page two goes on.\n", {}),
    "lenient-controls": ("Controls \x00 \x0b \x1f \ufffe replaced\n", {"lenient": True}),
    "c1-controls": ("Next line \x85 and \x80 are legal XML 1.0 characters.\n", {}),
    "backslashes": ("Back\\slash \\x{C} \\\\ and a form\ffeed\n\nC:\\dir\\file.txt\n", {}),
    "many-paragraphs": (
        "Many\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(1, 121)) + "\n",
        {},
    ),
}

# A paragraph hard-wrapped at about sixty columns, with a word hyphenated at a line end.
WRAPPED = (
    "This paragraph was hard-wrapped by an old text editor at\n"
    "about sixty characters, so every line is nearly full and the\n"
    "words run on; one word is split across lines with a hyphen-\n"
    "ation mark, and the tool should join the two halves again.\n"
)

# Every kind of block and inline element the writer produces in one document.
EVERYTHING = (
    "*** START OF THE PROJECT GUTENBERG EBOOK THE SAMPLE ***\n\n"
    "The Sample Book\n\nA standfirst sentence about the book.\n\n"
    "The Sample Book\n\nA standfirst sentence about the book.\n\n"
    "By Jane Doe\n\n"
    "Chapter Six: The Storm\n\n" + WRAPPED + "\n"
    "Some *emphasis*, some **bold**, and **bold with *italic* inside**.\n\n"
    "The first long sentence of this chapter runs on and ends in the\n\n12\n\n"
    "middle of it, after a page number.\n\n"
    "> A quoted line\n> and its second line.\n\n"
    "- first item\n- second item\n\n"
    "1. one\n2. two\n\n"
    "CHAPTER IV.\n\n"
    "Another long paragraph of this chapter keeps going until the\n\n13\n\n"
    "next page begins, and then it ends.\n\n"
    "Page one ends here.\n\f\nPage two starts here.\n\n"
    "Jane Doe is a reporter in Paris.\n\n"
    "Support our journalists\n\n"
    "*** END OF THE PROJECT GUTENBERG EBOOK THE SAMPLE ***\n"
)


@dataclass(frozen=True)
class Construct:
    """An in-memory text meant to make the writer produce certain TEI.

    ``expect`` holds XPath expressions (prefix ``tei:``) that must each find something
    in the output: if one finds nothing, ingest no longer recognizes what the text was
    written to show, and the text needs changing so that the construct stays covered.
    """

    text: str
    expect: tuple[str, ...]
    kwargs: dict = field(default_factory=dict)


def _edit(kind: str, gap: bool | None = None) -> str:
    sub = "" if gap is None else ("[@subtype='gap']" if gap else "[not(@subtype)]")
    return f"{EDITS}/tei:annotation/tei:note[@type='{kind}']{sub}"


BODY = "/tei:TEI/tei:text/tei:body"
EDITS = "/tei:TEI/tei:standOff/tei:listAnnotation[@type='edits']"
FRONT = "/tei:TEI/tei:text/tei:front"
BACK = "/tei:TEI/tei:text/tei:back"

CONSTRUCTS: dict[str, Construct] = {
    "crlf-bom": Construct(
        "\ufeffA CRLF Title\r\n\r\nA paragraph with a kept\r\nline end.\r\n\r\n"
        "The last paragraph.\r\n",
        (
            _edit("bom"),
            _edit("line-end"),
            _edit("whitespace", gap=True),
            f"{BODY}/tei:div/tei:p//tei:lb",
        ),
    ),
    "hard-wrap": Construct(
        "Hard Wrapped\n\n" + WRAPPED + "\nA second paragraph follows here.\n",
        (_edit("line-join"), _edit("hyphen")),
    ),
    "emphasis": Construct(
        "Emphasis\n\nSome *emphasis* and **bold** text, **bold with *italic* inside**, "
        "*italic with **bold** inside* and _underscored_ words.\n",
        (
            f"{BODY}/tei:div/tei:p//tei:hi[@rend='italic']",
            f"{BODY}/tei:div/tei:p//tei:hi[@rend='bold']",
            f"{BODY}//tei:hi[@rend='bold']/tei:hi[@rend='italic']",
            f"{BODY}//tei:hi[@rend='italic']/tei:hi[@rend='bold']",
            _edit("markup"),
        ),
    ),
    "divisions": Construct(
        "A Novel\n\nChapter Six: The Storm\n\nIt was a dark night.\n\nThe rain fell.\n\n"
        "CHAPTER IV.\n\nAnother chapter begins.\n",
        (
            f"{BODY}/tei:div[@type='chapter'][@n='6']/tei:head[1][.='Chapter Six: The Storm']",
            f"{BODY}/tei:div[@type='chapter'][@n='4']/tei:head[.='CHAPTER IV.']",
            f"{BODY}/tei:div[@type='chapter'][@n='4']/tei:p[@n='3']",
        ),
    ),
    "heading-only-division": Construct(
        "Chapter 1\n\nChapter 2\n\nText of the second chapter.\n",
        (f"{BODY}/tei:div[@n='1'][count(*)=1]/tei:head",),
    ),
    "block-quote": Construct(
        "Quoted\n\nHe said:\n\n> First quoted line\n> second quoted line.\n\nAfter the quote.\n",
        (
            f"{BODY}/tei:div/tei:quote/tei:p[@n='2'][@xml:id='p2']",
            f"{BODY}//tei:quote/tei:p//tei:lb",
            _edit("markup"),
        ),
    ),
    "indented-quote": Construct(
        "Indented Quote\n\nAn ordinary paragraph that is not indented.\n\n"
        "Another ordinary paragraph.\n\n"
        "    This paragraph is indented by four spaces\n    and is a block quotation.\n\n"
        "A third ordinary paragraph.\n\nAnd a fourth.\n",
        (f"{BODY}/tei:div/tei:quote/tei:p[@n='3']", _edit("indent")),
    ),
    "lists": Construct(
        "Lists\n\nIntro paragraph.\n\n- a\n- b\n\n1. one\n2. two\n\nEnd paragraph.\n",
        (f"{BODY}/tei:div/tei:list[2]/tei:item[2]", _edit("list-marker")),
    ),
    "page-numbers": Construct(
        "Paged Text\n\nThe first long sentence of this text runs on and ends in the\n\n12\n\n"
        "middle of it, after a page number.\n\n"
        "Another long paragraph of this text keeps going until the\n\n"
        "13\n\nnext page begins, and then it ends.\n\nFinal paragraph.\n",
        (
            f"{BODY}/tei:div/tei:p[@n='1']//tei:pb[@n='12']",
            f"{BODY}/tei:div/tei:p[@n='2']//tei:pb[@n='13']",
            _edit("page-break-join", gap=False),
        ),
    ),
    "page-numbers-between-paragraphs": Construct(
        "Paged Text\n\nA complete paragraph that ends with a full stop.\n\n7\n\n"
        "A new paragraph on the next page.\n\nAnother complete paragraph.\n\n8\n\nThe last one.\n",
        (f"{BODY}/tei:div/tei:p[@n='2']//tei:pb[@n='7']", _edit("page-number", gap=True)),
    ),
    "running-heads": Construct(
        "Running Heads\n\nFirst paragraph of the text.\n\nTHE BOOK OF THINGS\n\n"
        "Second paragraph of the text.\n\nTHE BOOK OF THINGS\n\nThird paragraph of the text.\n\n"
        "THE BOOK OF THINGS\n\nFourth paragraph.\n",
        (f"{BODY}/tei:div/tei:p//tei:pb", _edit("running-head", gap=True)),
    ),
    "form-feeds": Construct(
        "Form Feeds\n\nPage one ends here.\n\f\nPage two starts here.\n\n"
        "A paragraph with a form\ffeed inside.\n",
        (
            f"{BODY}/tei:div/tei:p[@n='2']//tei:pb[not(@n)]",
            _edit("page-break", gap=True),
            _edit("page-break", gap=False),
        ),
    ),
    "duplicate-title": Construct(
        "Title\n\nStandfirst sentence.\n\nTitle\n\nStandfirst sentence.\n\n"
        "Body paragraph one.\n\nBody paragraph two.\n",
        (
            f"{FRONT}/tei:docTitle/tei:titlePart[@type='main'][.='Title']",
            f"{FRONT}/tei:argument/tei:p[.='Standfirst sentence.']",
            _edit("duplicate", gap=True),
        ),
    ),
    "byline-and-tail": Construct(
        "A Title\n\nBy Jane Doe\n\nFirst paragraph.\n\nSecond paragraph.\n\n"
        "Jane Doe is a reporter in Paris.\n\nSupport our journalists\n",
        (
            f"{FRONT}/tei:byline[.='By Jane Doe']",
            f"{BACK}/tei:note[@type='author'][.='Jane Doe is a reporter in Paris.']",
            f"{BACK}/tei:div[@type='boilerplate']/tei:p[.='Support our journalists']",
        ),
    ),
    "gutenberg": Construct(
        "*** START OF THE PROJECT GUTENBERG EBOOK MOBY ***\n\nMoby Dick\n\nCHAPTER I.\n\n"
        "Call me Ishmael.\n\n*** END OF THE PROJECT GUTENBERG EBOOK MOBY ***\n",
        (
            f"{FRONT}/tei:note[@type='boilerplate']",
            f"{BACK}/tei:div[@type='boilerplate']/tei:p[starts-with(., '*** END')]",
        ),
    ),
    "author-note-only": Construct(
        "Jane Doe is a reporter in Paris.\n",
        (f"{BODY}[count(*)=1]/tei:div[count(*)=1]/tei:p[not(@*)][not(node())]", f"{BACK}/tei:note"),
    ),
    "front-matter-only": Construct(
        "Title\n\nJane Doe is a reporter in Paris.\n\nSupport our journalists\n",
        (f"{BODY}/tei:div/tei:note",),
    ),
    "lenient-illegal-characters": Construct(
        "Controls\n\nA NUL \x00 and a vertical tab \x0b and U+FFFE \ufffe"
        " and a backslash \\ here.\n",
        (_edit("illegal-char"),),
        {"lenient": True},
    ),
    "everything": Construct(
        EVERYTHING,
        (
            f"{FRONT}/tei:note[@type='boilerplate']",
            f"{FRONT}/tei:docTitle/tei:titlePart",
            f"{FRONT}/tei:argument/tei:p",
            f"{FRONT}/tei:byline",
            f"{BODY}/tei:div[@type='chapter'][@n='6']/tei:head",
            f"{BODY}/tei:div[@type='chapter'][@n='4']/tei:head",
            f"{BODY}/tei:div/tei:quote/tei:p[@n]",
            f"{BODY}/tei:div/tei:list/tei:item",
            f"{BODY}//tei:hi[@rend='bold']/tei:hi[@rend='italic']",
            f"{BODY}//tei:pb[@n='12']",
            f"{BODY}//tei:pb[not(@n)]",
            f"{BODY}//tei:lb",
            f"{BACK}/tei:note[@type='author']",
            f"{BACK}/tei:div[@type='boilerplate']/tei:p",
            _edit("duplicate", gap=True),
            _edit("line-join"),
            _edit("hyphen"),
            _edit("page-break-join"),
            _edit("page-break"),
        ),
    ),
    "everything-crlf-bom": Construct(
        "\ufeff" + EVERYTHING.replace("\n", "\r\n"),
        (_edit("bom"), f"{BODY}/tei:div/tei:quote", f"{BODY}//tei:pb[@n='13']", _edit("hyphen")),
    ),
}


@dataclass(frozen=True)
class Case:
    """One document under test and how to build it."""

    name: str
    build: Callable[[], alinea.Document]


def _read(path: Path) -> Callable[[], alinea.Document]:
    return lambda: alinea.read(path)


def _parse(name: str, text: str, kwargs: dict) -> Callable[[], alinea.Document]:
    kw = {"id": name, **kwargs}
    return lambda: alinea.parse(text, **kw)


def _cases() -> list[Case]:
    cases = [Case(f"seed-{p.stem}", _read(p)) for p in seed_paths()]
    cases += [Case(f"sample-{p.stem}", _read(p)) for p in sample_paths()]
    cases += [Case(f"text-{n}", _parse(n, t, kw)) for n, (t, kw) in AWKWARD.items()]
    cases += [Case(f"construct-{n}", _parse(n, c.text, c.kwargs)) for n, c in CONSTRUCTS.items()]
    return cases


CASES = {c.name: c for c in _cases()}


def _params(prefix: str, missing_reason: str) -> list:
    names = [n for n in CASES if n.startswith(prefix)]
    if not names:
        skip = pytest.mark.skip(reason=missing_reason)
        return [pytest.param(None, id=f"no-{prefix.rstrip('-')}", marks=skip)]
    return [pytest.param(n, id=n) for n in names]


# Parameters for every per-document test: seeds and samples skip (with a reason)
# when there are none, so that the module always collects.
DOC_PARAMS = (
    _params("seed-", f"no seed texts under {shared_dir() / 'seeds'}")
    + _params("sample-", f"no sample texts in {REPO / 'docs' / 'samples'} yet")
    + _params("text-", "no in-memory texts")
    + _params("construct-", "no construct texts")
)


# --------------------------------------------------------------------------- #
# Hand-made documents: a minimal valid one, broken variants, an inline matrix  #
# --------------------------------------------------------------------------- #

# The shape alinea writes, with one of each block: valid against both schemas.
# Every variant below changes one thing in it.
BASE = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A title</title></titleStmt>
      <publicationStmt>
        <authority>Converted with alinea; not published</authority>
        <idno type="alinea-citation-id">base</idno>
      </publicationStmt>
      <sourceDesc><bibl><idno type="filename">base.txt</idno></bibl></sourceDesc>
    </fileDesc>
    <encodingDesc>
      <appInfo>
        <application ident="alinea" version="0.1.0"><label>alinea</label></application>
      </appInfo>
      <editorialDecl>
        <p>whitespace: space and blank lines between blocks were normalized to one blank line (1 change).</p>
        <p>markup: light markup (*emphasis*, _italics_, &gt; quote marks) was removed and encoded as hi or quote (2 changes).</p>
        <p>Every change is recorded in standOff with the original text, so the source can be rebuilt.</p>
      </editorialDecl>
      <refsDecl>
        <citeStructure unit="paragraph" match="/TEI/text/body//p[@n]" use="@n"/>
      </refsDecl>
    </encodingDesc>
  </teiHeader>
  <text>
    <front>
      <docTitle><titlePart xml:id="b1" type="main">A title</titlePart></docTitle>
      <argument><p xml:id="b2">A standfirst.</p></argument>
      <byline xml:id="b3">By Jane Doe</byline>
    </front>
    <body>
      <div type="chapter" n="1">
        <head xml:id="b4">Chapter One</head>
        <p xml:id="p1" n="1">First paragraph with <hi rend="italic">emphasis</hi>.</p>
        <quote><p xml:id="p2" n="2">A quoted
<lb/>paragraph.</p></quote>
        <list><item xml:id="b7">an item</item></list>
        <p xml:id="p3" n="3">Third <pb n="2"/>paragraph.</p>
        <note xml:id="b9" type="author">A note in the body.</note>
      </div>
    </body>
    <back>
      <note xml:id="b10" type="author">Jane Doe is a reporter in Paris.</note>
      <div type="boilerplate"><p xml:id="b11">Support our journalists</p></div>
    </back>
  </text>
  <standOff>
    <listAnnotation type="edits">
      <annotation xml:id="e1" target="#string-range(p1,21,0)" motivation="editing">
        <note type="markup">*</note>
      </annotation>
      <annotation xml:id="e2" target="#string-range(p1,29,0)" motivation="editing">
        <note type="markup">*</note>
      </annotation>
      <annotation xml:id="e3" target="#string-range(p3,16,2)" motivation="editing">
        <note type="whitespace" subtype="gap">

  </note>
      </annotation>
    </listAnnotation>
  </standOff>
</TEI>
"""


def _sub(*pairs: str) -> Callable[[str], str]:
    """Replace the first occurrence of each old string by its new one: _sub(old, new, ...)."""

    def apply(doc: str) -> str:
        for old, new in zip(pairs[::2], pairs[1::2]):
            assert old in doc, f"mutation does not apply: {old!r} not in the base document"
            doc = doc.replace(old, new, 1)
        return doc

    return apply


def _part(doc: str, start: str, end: str) -> str:
    """The part of doc from start up to (not including) end."""
    return doc[doc.index(start):doc.index(end)]


# Other shapes the writer produces, each valid against both schemas. (The reference
# example tei/examples/full.xml has the rest: front boilerplate, a division without
# head, a heading alone, several quoted paragraphs, every type of body note, escaped
# originals ...)
VARIANTS = {
    # No title, text given in memory, no edits: no front, no editorialDecl, no standOff.
    "untitled": _sub(
        "<title>A title</title>", '<title type="untitled">Untitled (base)</title>',
        '<bibl><idno type="filename">base.txt</idno></bibl>',
        "<p>Text given to alinea in memory, without a source file.</p>",
        _part(BASE, "<editorialDecl>", "<refsDecl>"), "",
        _part(BASE, "<text>", "</text>"),
        '<text><body><div><p xml:id="p1" n="1">Only a paragraph.</p></div></body>',
        _part(BASE, "<standOff>", "</TEI>"), "",
    ),
    # No block in the body (a text that is only an author note): the placeholder division.
    "placeholder-body": _sub(
        _part(BASE, "<editorialDecl>", "</editorialDecl>"),
        "<editorialDecl><p>whitespace: space and blank lines between blocks were normalized to one"
        " blank line (1 change).</p><p>Every change is recorded in standOff with the original"
        " text, so the source can be rebuilt.</p>",
        _part(BASE, "<text>", "</text>"),
        '<text><body><div><p></p></div></body><back><note xml:id="b1" type="author">Jane Doe is a'
        " reporter in Paris.</note></back>",
        _part(BASE, '<listAnnotation type="edits">', "</listAnnotation>"),
        '<listAnnotation type="edits"><annotation xml:id="e1" target="#string-range(b1,32,0)"'
        ' motivation="editing"><note type="whitespace">\n</note></annotation>',
    ),
}


@dataclass(frozen=True)
class Mutant:
    name: str
    mutate: Callable[[str], str]
    tei_all_accepts: bool  # True: only the profile catches it (the profile is stricter)


def _mutant(name: str, *pairs: str, tei_all_accepts: bool = True) -> Mutant:
    return Mutant(name, _sub(*pairs), tei_all_accepts)


BODY_DIV = _part(BASE, '<div type="chapter"', "</body>")
AUTHORITY = "<authority>Converted with alinea; not published</authority>"
EDITORIAL_DECL = _part(BASE, "<editorialDecl>", "<refsDecl>")
MARKUP_NOTE = '<note type="markup">*</note>'

MUTANTS = [
    # Numbered paragraphs.
    _mutant("p-without-n", '<p xml:id="p3" n="3">', '<p xml:id="p3">'),
    _mutant("quote-p-without-n", '<p xml:id="p2" n="2">', '<p xml:id="p2">'),
    _mutant("p-n-zero", 'xml:id="p1" n="1"', 'xml:id="p1" n="0"'),
    _mutant("p-n-leading-zero", 'xml:id="p3" n="3"', 'xml:id="p3" n="03"'),
    _mutant("p-n-not-a-number", 'xml:id="p3" n="3"', 'xml:id="p3" n="three"'),
    _mutant("p-without-id", '<p xml:id="p3" n="3">', '<p n="3">'),
    _mutant("p-id-not-pN", 'xml:id="p3" n="3"', 'xml:id="para3" n="3"'),
    _mutant("p-id-b", 'xml:id="p3" n="3"', 'xml:id="b8" n="3"'),
    _mutant("p-duplicate-id", 'xml:id="p3" n="3"', 'xml:id="p1" n="3"', tei_all_accepts=False),
    _mutant("quote-holds-text", "<quote><p", "<quote>Text <p"),
    # Other blocks.
    _mutant("head-without-id", '<head xml:id="b4">', "<head>"),
    _mutant("item-without-id", '<item xml:id="b7">', "<item>"),
    _mutant("titlePart-without-id", '<titlePart xml:id="b1" ', "<titlePart "),
    _mutant("byline-without-id", '<byline xml:id="b3">', "<byline>"),
    _mutant("back-note-without-id", '<note xml:id="b10" ', "<note "),
    _mutant("back-p-without-id", '<p xml:id="b11">', "<p>"),
    _mutant("block-id-not-bK", '<item xml:id="b7">', '<item xml:id="item7">'),
    _mutant("block-id-b0", '<item xml:id="b7">', '<item xml:id="b0">'),
    _mutant("numbered-standfirst", '<p xml:id="b2">', '<p xml:id="b2" n="1">'),
    _mutant("numbered-back-p", '<p xml:id="b11">', '<p xml:id="b11" n="4">'),
    _mutant("titlePart-sub", 'type="main">A title', 'type="sub">A title'),
    _mutant("body-note-other-type", 'type="author">A note', 'type="footnote">A note'),
    _mutant("back-note-boilerplate", 'type="author">Jane', 'type="boilerplate">Jane'),
    _mutant("back-div-other-type", '<div type="boilerplate">', '<div type="appendix">'),
    # Divisions.
    _mutant("p-directly-in-body",
            '<div type="chapter" n="1">', "", "</div>\n    </body>", "</body>"),
    _mutant("nested-div", '<div type="chapter" n="1">', '<div type="chapter" n="1"><div>',
            "</div>\n    </body>", "</div></div>\n    </body>"),
    _mutant("div-other-type", '<div type="chapter"', '<div type="article"'),
    _mutant("div-n-roman", '<div type="chapter" n="1">', '<div type="chapter" n="I">'),
    _mutant("div-two-heads", "Chapter One</head>", 'Chapter One</head><head xml:id="b5">2</head>'),
    _mutant("empty-div", "</body>", "<div/></body>"),
    _mutant("placeholder-with-n", BODY_DIV, '<div><p n="1"></p></div>'),
    _mutant("placeholder-with-text", BODY_DIV, "<div><p>text</p></div>"),
    _mutant("empty-back", _part(BASE, "<back>", "</text>"), "<back/>"),
    # Header.
    _mutant("missing-citeStructure", _part(BASE, "<refsDecl>", "</encodingDesc>"), ""),
    _mutant("citeStructure-old-match", 'match="/TEI/text/body//p[@n]"',
            'match="/TEI/text/body/div/p"'),
    _mutant("citeStructure-other-use", 'use="@n"', 'use="@xml:id"'),
    _mutant("missing-appInfo", _part(BASE, "<appInfo>", "<editorialDecl>"), ""),
    _mutant("refsDecl-before-editorialDecl", EDITORIAL_DECL, "",
            "</refsDecl>", "</refsDecl>" + EDITORIAL_DECL),
    _mutant("editorialDecl-correction",
            "<editorialDecl>", "<editorialDecl><correction><p>Typos corrected.</p></correction>"),
    _mutant("editorialDecl-closing-p-only", _part(BASE, "<p>whitespace:", "<p>Every change"), ""),
    _mutant("bad-citation-id", ">base</idno>", ">bad id!</idno>"),
    _mutant("empty-title", "<title>A title</title>", "<title> </title>"),
    _mutant("untitled-other-text", "<title>A title</title>", '<title type="untitled">Nil</title>'),
    _mutant("two-titles", "<title>A title</title>", "<title>A title</title><title>B</title>"),
    _mutant("publisher-not-authority", AUTHORITY, "<publisher>alinea</publisher>"),
    _mutant("idno-without-agency", AUTHORITY, "", tei_all_accepts=False),
    # Inline content.
    _mutant("hi-with-id", '<hi rend="italic">', '<hi rend="italic" xml:id="h1">'),
    _mutant("cert-above-one", '<hi rend="italic">', '<hi rend="italic" cert="1.5">'),
    _mutant("resp-not-a-respStmt", '<hi rend="italic">', '<hi rend="italic" resp="#spacy">'),
    _mutant("ana-not-a-layer", '<hi rend="italic">', '<hi rend="italic" ana="#x">'),
    _mutant("pb-other-attribute", '<pb n="2"/>', '<pb n="2" ed="a"/>'),
    _mutant("lb-with-content", "<lb/>", "<lb>x</lb>", tei_all_accepts=False),
    _mutant("nested-s", "First paragraph with",
            '<s xml:id="s1" n="1">First <s xml:id="s2" n="1">paragraph</s></s> with'),
    _mutant("element-outside-profile", "Third ", "Third <w>x</w> "),
    _mutant("said-in-date", "Third ", "<date><said>x</said></date> ", tei_all_accepts=False),
    # The edits layer.
    _mutant("edit-target-not-string-range", "#string-range(p1,21,0)", "#p1"),
    _mutant("edit-target-no-block", "#string-range(p1,21,0)", "#string-range(x1,21,0)"),
    _mutant("edit-id-not-eN", '<annotation xml:id="e1"', '<annotation xml:id="a1"'),
    _mutant("edit-without-motivation", '(p1,21,0)" motivation="editing"', '(p1,21,0)"'),
    _mutant("edit-unknown-kind", MARKUP_NOTE, '<note type="typo">*</note>'),
    _mutant("edit-other-subtype", 'subtype="gap"', 'subtype="between"'),
    _mutant("edit-other-rend", MARKUP_NOTE, '<note type="markup" rend="raw">*</note>'),
    _mutant("edit-note-with-element", MARKUP_NOTE,
            '<note type="markup"><hi rend="bold">*</hi></note>'),
    _mutant("edit-two-notes", MARKUP_NOTE, MARKUP_NOTE * 2),
    _mutant("edit-without-note", MARKUP_NOTE, ""),
    _mutant("edits-list-empty", _part(BASE, '<listAnnotation type="edits">', "</listAnnotation>"),
            '<listAnnotation type="edits">', tei_all_accepts=False),
]


# The phrase-level elements of the profile, each in a minimal valid form, and
# the containers they may appear in. The matrix document puts every element
# in every container, and every phrase in every kind of block, so that both
# schemas must accept every combination the profile allows: evidence that the
# profile is no looser than tei_all.
PHRASES = {
    "hi": '<hi rend="italic">x</hi>',
    "pb": '<pb n="2"/>',
    "pb-bare": "<pb/>",
    "lb": "<lb/>",
    "anchor": '<anchor type="t"/>',
    "persName": '<persName ref="#x" when="2002">x</persName>',
    "placeName": '<placeName type="country">x</placeName>',
    "orgName": "<orgName>x</orgName>",
    "date": '<date when="2001-09-11" notBefore="2001" notAfter="2002">x</date>',
    "q": '<q who="#x" type="spoken">x</q>',
    "said": '<said who="#x">x</said>',
    "soCalled": "<soCalled>x</soCalled>",
    "foreign": '<foreign xml:lang="kk">x</foreign>',
    "term": '<term ref="#x">x</term>',
    "name": '<name type="ship" key="k" when="1843">x</name>',
    "geogName": '<geogName ref="#x" ana="#L3">x</geogName>',
    "roleName": '<roleName subtype="t" resp="#r1" cert="0.5">x</roleName>',
    "rs": '<rs type="person" ref="#a #b">x</rs>',
    "time": '<time when="12:30:00">x</time>',
    "mentioned": '<mentioned xml:lang="en-GB">x</mentioned>',
    "emph": '<emph rend="italic bold">x</emph>',
    "title": '<title level="m" type="main">x</title>',
    "num": '<num type="cardinal" n="2">x</num>',
    "seg": '<seg type="clause" subtype="main">x</seg>',
    "pb-full": '<pb n="iv" type="t" facs="#f" break="no" resp="#r2" cert="1"/>',
    "choice-sic": "<choice><sic>x</sic><corr>y</corr></choice>",
    "choice-reg": "<choice><reg>y</reg><orig>x</orig></choice>",
}
CONTAINERS = {
    "hi": '<hi rend="bold">{}</hi>',
    "persName": "<persName>{}</persName>",
    "placeName": "<placeName>{}</placeName>",
    "orgName": "<orgName>{}</orgName>",
    "date": "<date>{}</date>",
    "q": "<q>{}</q>",
    "said": "<said>{}</said>",
    "soCalled": "<soCalled>{}</soCalled>",
    "foreign": "<foreign>{}</foreign>",
    "term": "<term>{}</term>",
    "name": "<name>{}</name>",
    "rs": "<rs>{}</rs>",
    "time": "<time>{}</time>",
    "title": "<title>{}</title>",
    "seg": "<seg>{}</seg>",
    "sic": "<choice><sic>{}</sic><corr>c</corr></choice>",
    "corr": "<choice><sic>s</sic><corr>{}</corr></choice>",
    "orig": "<choice><orig>{}</orig><reg>r</reg></choice>",
    "reg": "<choice><orig>o</orig><reg>{}</reg></choice>",
    "s": '<s xml:id="s{id}" n="1">{}</s>',
    "q>s": '<q><s xml:id="s{id}" n="1">{}</s></q>',
    "said>s": '<said><s xml:id="s{id}" n="1">{}</s></said>',
}
# Combinations tei_all forbids, so the profile forbids them too.
EXCLUDED = {("date", "said"), ("time", "said"), ("byline", "said")}


def inline_matrix() -> str:
    """A profile-valid document with every phrase element in every container and block."""
    serial = iter(range(1, 100_000))
    paras = []
    for name, phrase in PHRASES.items():
        # Directly in a numbered paragraph, and in each container.
        paras.append(f"t {phrase} t")
        for cname, container in CONTAINERS.items():
            if (cname, name) not in EXCLUDED:
                wrapped = container.replace("{id}", str(next(serial))).format(phrase)
                paras.append(f"t {wrapped} t")
    everywhere = " ".join(PHRASES.values())
    in_byline = " ".join(v for k, v in PHRASES.items() if ("byline", k) not in EXCLUDED)
    block = iter(range(1, 100_000))

    def b() -> str:
        return f'xml:id="b{next(block)}"'

    front = (
        f'<front><note {b()} type="boilerplate">{everywhere}</note>'
        f'<docTitle><titlePart {b()} type="main">A {everywhere}</titlePart></docTitle>'
        f'<argument><p {b()}>{everywhere} <s xml:id="sa" n="1">{everywhere}</s></p></argument>'
        f'<byline {b()}>By <docAuthor>{everywhere}</docAuthor> {in_byline}</byline></front>'
    )
    body = "".join(f'<p xml:id="p{n}" n="{n}">{t}</p>' for n, t in enumerate(paras, start=1))
    n = len(paras) + 1
    body = (
        f'<body><div type="chapter" n="1"><head {b()}>h {everywhere}</head>{body}'
        f'<quote><p xml:id="p{n}" n="{n}">{everywhere}'
        f' <s xml:id="sq" n="1">{everywhere}</s></p></quote>'
        f'<list><item {b()}>{everywhere}</item></list>'
        f'<note {b()} type="author">{everywhere}</note></div></body>'
    )
    back = (
        f'<back><note {b()} type="author">{everywhere}</note>'
        f'<div type="boilerplate"><p {b()}>{everywhere}'
        f' <s xml:id="sb" n="1">{everywhere}</s></p></div></back>'
    )
    text = BASE[BASE.index("<text>"):BASE.index("</text>")]
    return BASE.replace(text, f"<text>{front}{body}{back}")


# --------------------------------------------------------------------------- #
# Writing everything, and one jing run per schema                             #
# --------------------------------------------------------------------------- #


@dataclass
class Written:
    """Every file under test, by key; conversion errors, by case name; files that
    are not well-formed XML, with the parser's message."""

    directory: Path
    files: dict[str, Path] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    malformed: dict[Path, str] = field(default_factory=dict)

    def doc_file(self, case: str, layout: str) -> Path:
        if case in self.failures:
            pytest.fail(f"alinea could not convert {case}: {self.failures[case]}")
        return self.files[f"{case}.{layout}"]

    def well_formed(self) -> list[Path]:
        return sorted(p for p in set(self.files.values()) if p not in self.malformed)


def parse_xml(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(str(path), parser)


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    out = Written(tmp_path_factory.mktemp("tei"))
    for case in CASES.values():
        try:
            doc = case.build()
            for layout in LAYOUTS:
                path = out.directory / f"{case.name}.{layout}.xml"
                alinea.write_tei(doc, path, indent=layout == "indented")
                out.files[f"{case.name}.{layout}"] = path
        except Exception as exc:  # reported by each test of this case
            out.failures[case.name] = f"{type(exc).__name__}: {exc}"
    fixtures = out.directory / "fixtures"
    fixtures.mkdir()
    extra = {"base": BASE, "inline-matrix": inline_matrix()}
    extra.update({f"variant-{name}": mutate(BASE) for name, mutate in VARIANTS.items()})
    extra.update({f"mutant-{m.name}": m.mutate(BASE) for m in MUTANTS})
    for key, content in extra.items():
        path = fixtures / f"{key}.xml"
        path.write_text(content, encoding="utf-8")
        out.files[key] = path
    out.files["full-example"] = FULL_EXAMPLE
    for path in set(out.files.values()):
        try:
            parse_xml(path)
        except etree.XMLSyntaxError as exc:
            out.malformed[path] = str(exc)
    return out


@dataclass
class JingReport:
    """jing's verdict on every file of one batch."""

    schema: Path
    errors: dict[Path, list[str]]
    unattributed: list[str]  # lines naming no validated file (a broken schema, say)
    malformed: dict[Path, str]  # kept out of the batch: not well-formed
    runs: int  # jing processes started: 1 unless a file was fatal to jing

    def errors_for(self, path: Path) -> list[str]:
        assert not self.unattributed, (
            f"jing could not validate against {self.schema}:\n" + "\n".join(self.unattributed)
        )
        if path in self.malformed:
            return [f"{path}: not well-formed XML: {self.malformed[path]}"]
        return self.errors.get(path, [])


ERROR_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|fatal): ")


def run_jing(schema: Path, files: list[Path], malformed: dict[Path, str]) -> JingReport:
    """Validate files against schema, in one jing process.

    jing stops at the first fatal (well-formedness) error and says nothing about the
    files after it. lxml has already kept malformed files out; should jing still find
    one fatal, it runs again on the files after that one, so none is skipped unseen.
    """
    jing = shutil.which("jing")
    if jing is None:
        pytest.skip("jing is not on PATH (apt-get install jing); TEI validation skipped")
    if not schema.is_file():
        pytest.skip(f"schema {schema} not found; validation against it skipped")
    by_name = {str(f): f for f in files}
    errors: dict[Path, list[str]] = {}
    unattributed: list[str] = []
    remaining, runs = list(files), 0
    while remaining:
        runs += 1
        proc = subprocess.run(
            [jing, str(schema), *map(str, remaining)],
            capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
        )
        fatal: Path | None = None
        for line in proc.stdout.splitlines():
            m = ERROR_LINE.match(line)
            path = by_name.get(m.group("path")) if m else None
            if path is None:
                # "file: fatal: ..." without a position, or a line about the schema.
                path = next((f for n, f in by_name.items() if line.startswith(n + ":")), None)
            if path is None:
                unattributed.append(line)
                continue
            errors.setdefault(path, []).append(line)
            if (m and m.group("kind") == "fatal") or ": fatal:" in line:
                fatal = path
        if proc.returncode != 0 and not proc.stdout.strip():
            unattributed.append(
                f"jing exited with {proc.returncode} and reported nothing: {proc.stderr}"
            )
        if fatal is None or unattributed:
            break
        remaining = remaining[remaining.index(fatal) + 1:]
    return JingReport(schema, errors, unattributed, malformed, runs)


@pytest.fixture(scope="session")
def tei_all_report(written: Written) -> JingReport:
    return run_jing(tei_all_path(), written.well_formed(), written.malformed)


@pytest.fixture(scope="session")
def profile_report(written: Written) -> JingReport:
    return run_jing(PROFILE, written.well_formed(), written.malformed)


@pytest.fixture(params=["tei_all", "alinea"])
def report(request: pytest.FixtureRequest) -> JingReport:
    """Each validity test runs once per schema: tei_all, then the alinea profile."""
    name = "tei_all_report" if request.param == "tei_all" else "profile_report"
    return request.getfixturevalue(name)


def assert_valid(report: JingReport, path: Path) -> None:
    errs = report.errors_for(path)
    if errs:
        pytest.fail(
            f"{path.name}: {len(errs)} error(s) against {report.schema.name}:\n"
            + "\n".join(errs[:20]),
            pytrace=False,
        )


# --------------------------------------------------------------------------- #
# Checks on a parsed document that RELAX NG cannot express                    #
# --------------------------------------------------------------------------- #

BLOCK_ELEMENTS = {"titlePart", "p", "byline", "head", "item", "note"}
# Elements that hold only elements: in compact output, no text at all between
# their children; in indented output, only white space.
ELEMENT_ONLY = {
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "bibl",
    "encodingDesc", "appInfo", "application", "editorialDecl", "refsDecl", "text", "front",
    "docTitle", "argument", "body", "div", "quote", "list", "back", "standOff",
    "listAnnotation", "annotation",
}


def profile_edit_kinds() -> list[str]:
    """The kinds of edit the profile knows, in its order (the writer's order)."""
    rng = etree.parse(str(PROFILE))
    values = rng.xpath("//r:define[@name='d.editKind']//r:value/text()", namespaces={"r": RNG_NS})
    assert values, "no d.editKind in the profile"
    return [str(v) for v in values]


def is_placeholder(el: etree._Element) -> bool:
    """The writer's <div><p></p></div> in a body without blocks."""
    parent = el.getparent()
    return (
        local(el) == "p" and not el.attrib and len(el) == 0 and not el.text
        and local(parent) == "div" and not parent.attrib and len(parent) == 1
        and local(parent.getparent()) == "body"
    )


def block_elements(tree: etree._ElementTree) -> list[etree._Element]:
    """The elements that stand for one block each, in document order."""
    text = tree.getroot().find(tag("text"))
    return [el for el in text.iter(*(tag(n) for n in BLOCK_ELEMENTS)) if not is_placeholder(el)]


def block_text(el: etree._Element) -> str:
    return "".join(el.itertext())


def check_block_ids(tree: etree._ElementTree) -> None:
    """The K-th block is "bK", or "pN" if it is the N-th numbered paragraph."""
    numbered = 0
    for k, el in enumerate(block_elements(tree), start=1):
        xml_id, n = el.get(XML_ID), el.get("n")
        if n is not None:
            numbered += 1
            assert (n, xml_id) == (str(numbered), f"p{numbered}"), f"block {k}: {n=} {xml_id=}"
        else:
            assert xml_id == f"b{k}", f"block {k} ({local(el)}) has xml:id={xml_id}"


@dataclass(frozen=True)
class EditAnnotation:
    xml_id: str
    ref: str
    offset: int
    length: int
    kind: str
    gap: bool
    original: str  # unescaped


ESCAPE = re.compile(r"\\x\{([0-9A-F]+)\}|\\\\")


def unescape(s: str) -> str:
    """Undo the writer's escaping of an original XML cannot carry (note rend="escaped")."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else "\\", s)


def edit_annotations(tree: etree._ElementTree) -> list[EditAnnotation]:
    found = []
    for ann in tree.xpath(
        "/tei:TEI/tei:standOff/tei:listAnnotation[@type='edits']/tei:annotation", namespaces=NS
    ):
        # A run of edits of one kind with one original shares an annotation: one target each.
        targets = ann.get("target", "").split(" ")
        (note,) = ann
        text = note.text or ""
        if note.get("rend") == "escaped":
            assert "\\" not in ESCAPE.sub("", text), f"{ann.get(XML_ID)}: stray \\ in {text!r}"
            text = unescape(text)
        for target in targets:
            m = STRING_RANGE.fullmatch(target)
            assert m, f"{ann.get(XML_ID)}: target {ann.get('target')!r}"
            found.append(EditAnnotation(
                ann.get(XML_ID), m["ref"], int(m["offset"]), int(m["length"]),
                note.get("type"), note.get("subtype") == "gap", text,
            ))
    return found


def check_edits_layer(tree: etree._ElementTree) -> list[EditAnnotation]:
    """Annotation ids are e + the number of their first edit (e1, e2, e5 ...: a shared
    annotation covers several edits); each edit points into an existing block (or just after it)."""
    blocks = {el.get(XML_ID): block_text(el) for el in block_elements(tree)}
    edits = edit_annotations(tree)
    for i, e in enumerate(edits, start=1):
        assert e.xml_id == f"e{i}" or (i > 1 and e.xml_id == edits[i - 2].xml_id), (i, e)
        assert e.ref in blocks, f"{e.xml_id} points at {e.ref}, which is no block"
        size = len(blocks[e.ref])
        if e.gap:  # from the end of the block into the gap after it
            assert e.offset <= size < e.offset + e.length, f"gap edit {e} in a block of {size}"
        else:
            assert e.offset + e.length <= size, f"{e.xml_id}: {e} ends after its block ({size})"
    return edits


def check_editorial_decl(tree: etree._ElementTree, edits: list[EditAnnotation]) -> None:
    """editorialDecl has one line per kind of edit, with its count, then a closing line."""
    decl = tree.xpath("/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:editorialDecl", namespaces=NS)
    if not edits:
        assert not decl, "editorialDecl without edits"
        return
    assert len(decl) == 1, "edits without editorialDecl"
    lines = [p.text for p in decl[0]]
    counts = Counter(e.kind for e in edits)
    order = profile_edit_kinds()
    kinds = sorted(counts, key=order.index)
    assert len(lines) == len(kinds) + 1, lines
    descriptions = getattr(alinea, "EDIT_KINDS", None)
    for kind, line in zip(kinds, lines):
        n = counts[kind]
        ending = f" ({n} change{'' if n == 1 else 's'})."
        assert line.startswith(f"{kind}: ") and line.endswith(ending), (kind, n, line)
        if descriptions is not None:
            assert line == f"{kind}: {descriptions[kind]}{ending}"
    assert "standOff" in lines[-1]


# --------------------------------------------------------------------------- #
# Validity of what alinea writes                                              #
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_output_validates(case: str, layout: str, written: Written, report: JingReport) -> None:
    assert_valid(report, written.doc_file(case, layout))


def test_tei_jing_ran_once_per_schema(
    tei_all_report: JingReport, profile_report: JingReport
) -> None:
    """Batched: one jing process per schema (more only if jing met a fatal error)."""
    assert (tei_all_report.runs, profile_report.runs) == (1, 1)


# --------------------------------------------------------------------------- #
# Well-formedness, structure, determinism (no jing needed)                    #
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_output_is_well_formed(case: str, layout: str, written: Written) -> None:
    path = written.doc_file(case, layout)
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    raw.decode("utf-8")  # strict UTF-8
    assert path not in written.malformed, written.malformed.get(path)
    tree = parse_xml(path)
    assert tree.getroot().tag == tag("TEI")
    # Indentation goes only between elements of element-only content, never into a
    # block; compact output has none at all.
    for el in tree.getroot().iter(*(tag(n) for n in ELEMENT_ONLY)):
        gaps = [el.text] + [child.tail for child in el]
        if layout == "compact":
            assert gaps == [None] * len(gaps), f"text in {local(el)}"
        else:
            assert all(g is None or not g.strip() for g in gaps), f"text in {local(el)}"


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_body_paragraphs_are_numbered_and_citable(case: str, written: Written) -> None:
    doc = CASES[case].build()
    for layout in LAYOUTS:
        tree = parse_xml(written.doc_file(case, layout))
        root = tree.getroot()
        # The declared citeStructure match finds exactly the numbered paragraphs...
        paras = root.xpath("/tei:TEI/tei:text/tei:body//tei:p[@n]", namespaces=NS)
        assert len(paras) == len(doc.paragraphs)
        # ... which are every p in the body, but the placeholder of an empty body.
        others = root.xpath("/tei:TEI/tei:text/tei:body//tei:p[not(@n)]", namespaces=NS)
        assert all(is_placeholder(p) for p in others), "a body p without n"
        if others:  # the placeholder stands alone in the body
            assert not root.xpath("/tei:TEI/tei:text/tei:body//*[@xml:id]", namespaces=NS)
        for expected_n, (p, para) in enumerate(zip(paras, doc.paragraphs), start=1):
            assert local(p.getparent()) in ("div", "quote")
            n, xml_id = p.get("n"), p.get(XML_ID)
            assert (n, xml_id) == (str(expected_n), f"p{expected_n}") == (str(para.n), para.id)
            assert block_text(p) == para.text, f"{layout} p{expected_n}: text differs"


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_blocks_have_their_ids_and_text(case: str, written: Written) -> None:
    """Every block element has the xml:id of its block, and exactly that block's text."""
    doc = CASES[case].build()
    tree = parse_xml(written.doc_file(case, "indented"))
    check_block_ids(tree)
    elements = block_elements(tree)
    texts = [block_text(el) for el in elements]
    blocks = getattr(doc, "blocks", None)
    if blocks is not None:  # Document.blocks: the model's own blocks
        assert [el.get(XML_ID) for el in elements] == [b.id for b in blocks]
        assert texts == [b.text for b in blocks]
    # In any case, the blocks hold all of the text, in order: only the white space
    # that separates blocks is outside them.
    at = 0
    for el, t in zip(elements, texts):
        found = doc.text.find(t, at)
        assert found >= 0 and not doc.text[at:found].strip(), f"{el.get(XML_ID)}: {t!r} not next"
        at = found + len(t)
    assert not doc.text[at:].strip()


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_edits_layer_records_every_edit(case: str, written: Written) -> None:
    """standOff has one annotation per edit, with its kind, place and exact original."""
    doc = CASES[case].build()
    tree = parse_xml(written.doc_file(case, "indented"))
    annotations = check_edits_layer(tree)
    edits = doc.edits()
    assert bool(tree.xpath("/tei:TEI/tei:standOff", namespaces=NS)) == bool(edits)
    assert len(annotations) == len(edits)
    starts = {}
    blocks = getattr(doc, "blocks", None)
    if blocks is not None:
        starts = {b.id: (b.start, b.end) for b in blocks}
    else:
        starts = {p.id: (p.start, p.end) for p in doc.paragraphs}
    for ann, (start, end, kind, original) in zip(annotations, edits):
        assert ann.kind == kind, ann
        assert ann.length == end - start, ann
        assert ann.original == original, f"{ann.xml_id} ({kind}): {ann.original!r} != {original!r}"
        if ann.ref in starts:
            block_start, block_end = starts[ann.ref]
            assert ann.offset == start - block_start, ann
            assert ann.gap == (end > block_end), ann


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_header_declares_document_and_citation_scheme(case: str, written: Written) -> None:
    doc = CASES[case].build()
    tree = parse_xml(written.doc_file(case, "indented"))

    def one(xpath: str) -> etree._Element:
        found = tree.xpath(xpath, namespaces=NS)
        assert len(found) == 1, f"expected one {xpath}, found {len(found)}"
        return found[0]

    header = "/tei:TEI/tei:teiHeader"
    idno = one(f"{header}/tei:fileDesc/tei:publicationStmt/tei:idno[@type='alinea-citation-id']")
    assert idno.text == doc.id and CITATION_ID.fullmatch(idno.text)
    title = one(f"{header}/tei:fileDesc/tei:titleStmt/tei:title")
    if doc.title:
        assert (title.text, title.get("type")) == (doc.title, None)
    else:
        assert (title.text, title.get("type")) == (f"Untitled ({doc.id})", "untitled")
    if doc.source:
        fname = one(f"{header}/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:idno[@type='filename']")
        assert fname.text == doc.source
    else:
        one(f"{header}/tei:fileDesc/tei:sourceDesc/tei:p")
    cite = one(f"{header}/tei:encodingDesc/tei:refsDecl/tei:citeStructure")
    scheme = (cite.get("unit"), cite.get("match"), cite.get("use"))
    assert scheme == ("paragraph", PARAGRAPH_MATCH, "@n")
    app = one(f"{header}/tei:encodingDesc/tei:appInfo/tei:application[@ident='alinea']")
    assert app.get("version") == alinea.__version__
    check_editorial_decl(tree, edit_annotations(tree))


@pytest.mark.parametrize("case", [n for n in CASES if n.startswith("construct-")])
def test_tei_construct_texts_produce_their_constructs(case: str, written: Written) -> None:
    """Each construct text still makes the writer produce what it was written to show."""
    tree = parse_xml(written.doc_file(case, "compact"))
    expected = CONSTRUCTS[case.removeprefix("construct-")].expect
    missing = [x for x in expected if not tree.xpath(x, namespaces=NS)]
    assert not missing, "the output no longer has:\n" + "\n".join(missing)


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_output_is_deterministic(case: str, tmp_path: Path) -> None:
    first, second = CASES[case].build(), CASES[case].build()
    for indent in (True, False):
        a, b = tmp_path / f"a-{indent}.xml", tmp_path / f"b-{indent}.xml"
        alinea.write_tei(first, a, indent=indent)
        alinea.write_tei(second, b, indent=indent)
        assert a.read_bytes() == b.read_bytes()
        assert alinea.to_tei(first, indent=indent) == alinea.to_tei(second, indent=indent)


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_compact_and_indented_hold_the_same_text(case: str, written: Written) -> None:
    def texts(layout: str) -> list[str]:
        tree = parse_xml(written.doc_file(case, layout))
        notes = tree.xpath("/tei:TEI/tei:standOff//tei:note", namespaces=NS)
        return [block_text(el) for el in block_elements(tree) + notes]

    assert texts("indented") == texts("compact")


# --------------------------------------------------------------------------- #
# The profile itself: accepts the references, rejects the broken variants     #
# --------------------------------------------------------------------------- #

REFERENCES = ["base", "inline-matrix", "full-example", *(f"variant-{v}" for v in VARIANTS)]


@pytest.mark.parametrize("key", REFERENCES)
def test_profile_reference_documents_are_valid(
    key: str, written: Written, report: JingReport
) -> None:
    """Hand-made documents using every part of the profile: valid against both schemas."""
    assert_valid(report, written.files[key])


@pytest.mark.parametrize("key", ["base", "full-example", *(f"variant-{v}" for v in VARIANTS)])
def test_profile_reference_documents_follow_the_writer_rules(key: str, written: Written) -> None:
    """The references keep the rules the tests check on alinea's output."""
    tree = parse_xml(written.files[key])
    check_block_ids(tree)
    check_editorial_decl(tree, check_edits_layer(tree))


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_profile_rejects_broken_variant(
    mutant: Mutant, written: Written, profile_report: JingReport
) -> None:
    path = written.files[f"mutant-{mutant.name}"]
    assert profile_report.errors_for(path), f"the profile accepts {mutant.name}"


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_profile_is_stricter_than_tei_all(
    mutant: Mutant, written: Written, tei_all_report: JingReport
) -> None:
    """tei_all accepts the variants only the profile catches, and rejects the others."""
    path = written.files[f"mutant-{mutant.name}"]
    if mutant.tei_all_accepts:
        assert_valid(tei_all_report, path)
    else:
        assert tei_all_report.errors_for(path), f"tei_all accepts {mutant.name}"


def test_profile_knows_every_edit_kind() -> None:
    """The profile's d.editKind lists the writer's kinds of edit, in the writer's order."""
    kinds = getattr(alinea, "EDIT_KINDS", None)
    if kinds is None:
        pytest.skip("this alinea has no EDIT_KINDS (an older build: reinstall)")
    assert profile_edit_kinds() == list(kinds)
