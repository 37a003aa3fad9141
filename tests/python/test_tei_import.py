"""Importing other projects' TEI (best effort), teiCorpus, and hostile XML.

Every file of ``../shared/corpus/tei-samples`` (see its ``MANIFEST.tsv``) must import, or fail
with a typed ``alinea.ParseError`` (A007/A008); the two that cannot be imported are listed in
``NOT_IMPORTABLE`` with the reason. For the files that import, the text of the body's
paragraphs is compared with an lxml XPath string extraction:

* the lxml side takes every ``p`` under ``text//body`` that is not inside another ``p``, an
  ``ab``, or a ``note`` (those are either part of the enclosing block's text, or become note
  blocks of their own), and its string value with three exclusions, which follow what the
  reader does by design: text inside a ``note`` within the ``p`` (notes move to note blocks at
  the end of the document), and the alternatives of a ``choice`` that the reader does not take
  (``sic``, ``abbr``, ``orig``: it reads ``corr``, ``expan``, ``reg``). Element names are
  matched by local name, because the reader ignores namespaces (examples in ``egXML`` use
  another one);
* both sides are whitespace-collapsed (XML whitespace only: space, tab, CR, LF);
* the lxml paragraphs must appear, in order, among the document's numbered paragraphs (which
  also hold ``ab``, ``l``, ``lg`` and loose text, so the lxml list is a subsequence). They are
  compared without any whitespace, because the reader puts a space for ``<lb/>`` and a line
  break around nested block elements (a ``stage`` inside a ``p``) where XPath's string value
  puts nothing; ``test_most_paragraphs_match_exactly_whitespace_collapsed`` checks that the
  whitespace-collapsed strings are equal for almost all paragraphs.
"""

from __future__ import annotations

import re
import resource
import time
from pathlib import Path

import alinea
import pytest
from lxml import etree
from paths import shared_dir

SAMPLES = shared_dir() / "corpus" / "tei-samples"
TEI = "http://www.tei-c.org/ns/1.0"
WS = re.compile(r"[ \t\r\n]+")

# File -> why it is not importable (the error code it must give).
NOT_IMPORTABLE = {
    "teic-p5-test/testp4compat.xml": "A008",  # TEI P4 (root TEI.2)
    "teic-p5-test/testi18n.xml": "A008",  # element names translated to German: no <text>
}


def manifest() -> list[str]:
    path = SAMPLES / "MANIFEST.tsv"
    if not path.exists():
        return []
    return [
        line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[1:] if line
    ]


FILES = manifest()
needs_samples = pytest.mark.skipif(not FILES, reason=f"TEI samples not found under {SAMPLES}")


def norm(s: str) -> str:
    return WS.sub(" ", s).strip()


def nows(s: str) -> str:
    return WS.sub("", s)


def lxml_paragraphs(tei: etree._Element) -> list[str]:
    """Whitespace-collapsed string values of the body's p elements (exclusions: module doc)."""
    ps = tei.xpath(
        "./*[local-name()='text']//*[local-name()='body']//*[local-name()='p']"
        "[not(ancestor::*[local-name()='p' or local-name()='ab' or local-name()='note'])]"
    )
    out = []
    for p in ps:
        parts = p.xpath(
            ".//text()[not(ancestor::*[local-name()='note'])]"
            "[not(ancestor::*[(local-name()='sic' or local-name()='abbr' or local-name()='orig')"
            " and parent::*[local-name()='choice']])]"
        )
        s = norm("".join(parts))
        if s:
            out.append(s)
    return out


def parse_lxml(path: Path) -> etree._Element:
    try:
        return etree.parse(
            str(path), etree.XMLParser(huge_tree=True, resolve_entities=False)
        ).getroot()
    except etree.XMLSyntaxError:  # grobid's sample-4 has an xml:id that is not an NCName
        parser = etree.XMLParser(huge_tree=True, resolve_entities=False, recover=True)
        return etree.parse(str(path), parser).getroot()


def tei_elements(root: etree._Element) -> list[etree._Element]:
    if etree.QName(root).localname == "TEI":
        return [root]
    return list(root.iter(f"{{{TEI}}}TEI"))


def is_subsequence(needles: list[str], haystack: list[str]) -> tuple[bool, str]:
    it = iter(haystack)
    for k, n in enumerate(needles):
        if not any(h == n for h in it):
            return False, f"paragraph {k + 1} of {len(needles)} not found in order: {n[:200]!r}"
    return True, ""


@needs_samples
@pytest.mark.parametrize("name", FILES)
def test_sample_imports_or_fails_clearly(name: str) -> None:
    path = SAMPLES / name
    if name in NOT_IMPORTABLE:
        with pytest.raises(alinea.ParseError) as info:
            alinea.from_tei_corpus(path)
        assert info.value.code == NOT_IMPORTABLE[name]
        return
    docs = alinea.from_tei_corpus(path)
    assert docs
    for doc in docs:
        assert doc.source == path.name
        assert doc.id
        for layer in doc.layer_names:
            for start, end, _type, _attrs in doc.annotations(layer):
                assert 0 <= start <= end <= len(doc.text)


@needs_samples
@pytest.mark.parametrize("name", [f for f in FILES if f not in NOT_IMPORTABLE])
def test_sample_paragraph_text_is_preserved(name: str) -> None:
    path = SAMPLES / name
    docs = alinea.from_tei_corpus(path)
    teis = tei_elements(parse_lxml(path))
    assert len(docs) == len(teis)
    for doc, tei in zip(docs, teis):
        expected = [nows(s) for s in lxml_paragraphs(tei)]
        got = [nows(p.text) for p in doc.paragraphs]
        ok, why = is_subsequence(expected, got)
        assert ok, f"{doc.id}: {why}"


@needs_samples
def test_most_paragraphs_match_exactly_whitespace_collapsed() -> None:
    total = exact = 0
    for name in FILES:
        if name in NOT_IMPORTABLE:
            continue
        path = SAMPLES / name
        for doc, tei in zip(alinea.from_tei_corpus(path), tei_elements(parse_lxml(path))):
            got = {norm(p.text) for p in doc.paragraphs}
            for s in lxml_paragraphs(tei):
                total += 1
                exact += s in got
    assert total > 1000
    assert exact / total > 0.97, f"{exact} of {total}"


@needs_samples
def test_a_tei_corpus_needs_from_tei_corpus() -> None:
    path = SAMPLES / "teic-p5-test" / "testcorpus.xml"
    with pytest.raises(alinea.ParseError, match="from_tei_corpus") as info:
        alinea.from_tei(path)
    assert info.value.code == "A008"
    docs = alinea.from_tei_corpus(path)
    assert [d.id for d in docs] == ["testcorpus-1", "testcorpus-2", "testcorpus-3"]


# --- A small TEI from "another project", every construct the reader knows ----------------

OTHER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="other.1">
  <teiHeader><fileDesc><titleStmt><title>A   Test
     Title</title></titleStmt><publicationStmt><p>x</p></publicationStmt>
     <sourceDesc><p>y</p></sourceDesc></fileDesc></teiHeader>
  <text>
    <front><docTitle><titlePart>Front Title</titlePart></docTitle></front>
    <body>
      <div type="chapter" n="2">
        <head>Chapter Two</head>
        <p>Met <persName ref="#ada" type="real">Ada
           Lovelace</persName> in <placeName key="LDN">London</placeName> on
           <date when="1843-07-01">1 July 1843</date>.<note n="1">A note, <hi rend="italic">moved</hi>.</note>
           She said <q who="#ada">hello</q> and <said who="#cb">bye</said>, with
           <hi rend="bold">force</hi>, a <term xml:lang="la">terminus</term> and
           <foreign xml:lang="fr">bonjour</foreign>.</p>
        <p>A <choice><sic>teh</sic><corr>the</corr></choice> and
           <choice><abbr>Dr.</abbr><expan>Doctor</expan></choice> line<lb/>break and
           hyph<lb break="no"/>enation.<pb n="7"/> Next page.</p>
        <ab>An anonymous block.</ab>
        <lg><l>First line,</l>
            <l>second line.</l></lg>
        <sp who="#h"><speaker>HAMLET</speaker><l>To be, or not to be.</l><stage>Exit.</stage></sp>
        <list><item>one</item><item>two</item></list>
      </div>
    </body>
    <back><div><p>Back matter.</p></div></back>
  </text>
</TEI>
"""


def spans(doc: alinea.Document, layer: str) -> list[tuple[str, str, dict[str, str]]]:
    return [(doc.text[s:e], t, a) for s, e, t, a in doc.annotations(layer)]


def test_other_tei_text_and_blocks() -> None:
    doc = alinea.from_tei(OTHER)
    assert doc.id == "other.1"
    assert doc.title == "A Test Title"
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == ("title", "Front Title")
    assert kinds[1] == ("heading", "Chapter Two")
    assert doc.blocks[1].n == 2 and doc.blocks[1].division == "chapter"
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs == [
        "Met Ada Lovelace in London on 1 July 1843. She said hello and bye, with force, a terminus and bonjour.",
        "A the and Doctor line break and hyphenation. Next page.",
        "An anonymous block.",
        "First line,\nsecond line.",
        "To be, or not to be.",
    ]
    assert [p.n for p in doc.paragraphs] == [1, 2, 3, 4, 5]
    assert ("boilerplate", "HAMLET") in kinds and ("boilerplate", "Exit.") in kinds
    assert ("item", "one") in kinds and ("item", "two") in kinds
    assert "one\ntwo" in doc.text  # items of one list are separated by a single newline
    assert ("boilerplate", "Back matter.") in kinds
    assert kinds[-1] == ("note", "A note, moved.")  # notes come last


def test_other_tei_layers() -> None:
    doc = alinea.from_tei(OTHER)
    assert spans(doc, "names") == [
        ("Ada Lovelace", "persName", {"ref": "#ada", "type": "real"}),
        ("London", "placeName", {"key": "LDN"}),
    ]
    assert spans(doc, "dates") == [("1 July 1843", "date", {"when": "1843-07-01"})]
    assert spans(doc, "quotations") == [
        ("hello", "q", {"who": "#ada"}),
        ("bye", "said", {"who": "#cb"}),
    ]
    assert ("force", "hi", {"rend": "bold"}) in spans(doc, "emphasis")
    assert ("moved", "hi", {"rend": "italic"}) in spans(doc, "emphasis")
    assert spans(doc, "terms") == [
        ("terminus", "term", {"xml:lang": "la"}),
        ("bonjour", "foreign", {"xml:lang": "fr"}),
    ]
    assert spans(doc, "choices") == [
        ("the", "corr", {"sic": "teh"}),
        ("Doctor", "expan", {"abbr": "Dr."}),
    ]
    pages = doc.annotations("pages")
    assert len(pages) == 1 and pages[0][2] == "pb" and pages[0][3] == {"n": "7"}
    assert doc.text[: pages[0][0]].endswith("enation.")  # a point stands where it is
    notes = doc.annotations("notes")
    assert len(notes) == 1 and notes[0][0] == notes[0][1] and notes[0][3] == {"n": "1"}
    assert doc.text[: notes[0][0]].endswith("1 July 1843.")
    drama = spans(doc, "drama")
    assert ("HAMLET", "speaker", {}) in drama and ("Exit.", "stage", {}) in drama
    sp = [a for a in drama if a[1] == "sp"]
    assert (
        sp
        and sp[0][0].startswith("HAMLET")
        and sp[0][0].endswith("Exit.")
        and sp[0][2] == {"who": "#h"}
    )


def test_other_tei_id_and_source_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "my letter.xml"
    path.write_text(OTHER.replace(' xml:id="other.1"', ""), encoding="utf-8")
    doc = alinea.from_tei(path)
    assert doc.id == "my-letter"
    assert doc.source == "my letter.xml"


def test_own_output_still_round_trips_and_other_tei_reexports() -> None:
    doc = alinea.parse("Title\n\nA paragraph with *emphasis*.\n\nAnother one.", id="t")
    assert alinea.from_tei(doc.to_tei()) == doc
    other = alinea.from_tei(OTHER)
    # the imported document can be written as alinea TEI and read back exactly
    assert alinea.from_tei(other.to_tei()).text == other.text


def test_not_tei_and_p4() -> None:
    for xml, code in [
        ("<html><body/></html>", "A008"),
        ("<TEI.2><text/></TEI.2>", "A008"),
        ("<TEI/>", "A008"),
    ]:
        with pytest.raises(alinea.ParseError) as info:
            alinea.from_tei(xml)
        assert info.value.code == code


# --- Hostile XML ---------------------------------------------------------------------------


def timed(fn, limit: float = 2.0):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    assert time.perf_counter() - start < limit
    return result


def body(inner: str) -> str:
    return f'<TEI xmlns="{TEI}"><text><body><p>{inner}</p></body></text></TEI>'


def test_billion_laughs_is_not_expanded() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10 if k > 1 else "&lol;" * 10}">'
        for k in range(1, 10)
    )
    xml = f"<?xml version='1.0'?><!DOCTYPE TEI [{entities}]>" + body("&lol9;")
    doc = timed(lambda: alinea.from_tei(xml))
    # Documented: references to entities other than the five predefined stay as literal text.
    assert doc.paragraphs[0].text == "&lol9;"


def test_external_entities_are_never_fetched() -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE TEI SYSTEM "http://example.invalid/tei.dtd" '
        '[<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>'
        + body("&xxe;")
    )
    doc = timed(lambda: alinea.from_tei(xml))
    assert doc.paragraphs[0].text == "&xxe;"
    assert "root:" not in doc.text


def test_a_million_levels_of_nesting() -> None:
    depth = 1_000_000
    inline = body("<hi>" * depth + "x" + "</hi>" * depth)
    doc = timed(lambda: alinea.from_tei(inline), 5.0)
    assert doc.paragraphs[0].text == "x"
    containers = (
        f'<TEI xmlns="{TEI}"><text><body>' + "<div>" * depth + "<p>y</p>" + "</div>" * depth
    )
    containers += "</body></text></TEI>"
    doc = timed(lambda: alinea.from_tei(containers), 5.0)
    assert [p.text for p in doc.paragraphs] == ["y"]
    unclosed = f'<TEI xmlns="{TEI}"><text><body>' + "<div>" * depth
    with pytest.raises(alinea.ParseError) as info:
        timed(lambda: alinea.from_tei(unclosed))
    assert info.value.code == "A007"


def test_a_100_mb_attribute_is_bounded() -> None:
    big = "A" * (100 * 1024 * 1024)
    xml = body(f'<persName ref="{big}">Ada</persName>').encode()
    del big
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    doc = timed(lambda: alinea.from_tei(xml), 5.0)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    (_, _, kind, attrs) = doc.annotations("names")[0]
    assert kind == "persName" and len(attrs["ref"]) == 100 * 1024 * 1024
    del attrs, doc
    assert grown_mb < 800  # input, pugixml's copy, the layer's copy and Python's str


def test_truncated_files_give_a007_with_a_location() -> None:
    xml = body("Some <hi>text</hi> here.\nand more").replace("<p>", "\n<p>")
    for cut in (len(xml) // 2, len(xml) - 5):
        with pytest.raises(alinea.ParseError) as info:
            alinea.from_tei(xml[:cut])
        assert info.value.code == "A007"
        assert info.value.line >= 1 and info.value.column >= 1 and info.value.offset >= 0


def test_wrong_encodings() -> None:
    text = body("café")
    # UTF-8 bytes declared ISO-8859-1: the declaration is honoured, as lxml does (mojibake).
    declared_latin1 = ('<?xml version="1.0" encoding="ISO-8859-1"?>' + text).encode("utf-8")
    doc = alinea.from_tei(declared_latin1)
    expected = etree.fromstring(declared_latin1).xpath("string(//*[local-name()='p'])")
    assert doc.paragraphs[0].text == expected == "cafÃ©"
    # Real latin-1 with its declaration.
    latin1 = ('<?xml version="1.0" encoding="ISO-8859-1"?>' + text).encode("latin-1")
    assert alinea.from_tei(latin1).paragraphs[0].text == "café"
    # UTF-16 with a byte order mark, either endianness; and without one.
    for encoding in ("utf-16", "utf-16-be", "utf-16-le"):
        data = ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode(encoding)
        assert alinea.from_tei(data).paragraphs[0].text == "café", encoding
    # A str is already decoded: its declaration does not matter.
    assert (
        alinea.from_tei('<?xml version="1.0" encoding="ISO-8859-1"?>' + text).paragraphs[0].text
        == "café"
    )
    # Latin-1 bytes without a declaration are not UTF-8: A001.
    with pytest.raises(alinea.ParseError) as info:
        alinea.from_tei(text.encode("latin-1"))
    assert info.value.code == "A001"
    # Declared UTF-16 but 8-bit bytes, or an encoding alinea does not read: A007.
    for decl in ("UTF-16", "windows-1252", "Shift_JIS"):
        with pytest.raises(alinea.ParseError, match="encoding|UTF-16") as info:
            alinea.from_tei(f'<?xml version="1.0" encoding="{decl}"?>{text}'.encode())
        assert info.value.code == "A007"
