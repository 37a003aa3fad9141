"""Citations DOC:N, DOC:N.M and ranges: they resolve, through TEI too, and for any XPath tool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import alinea

TEI = "{http://www.tei-c.org/ns/1.0}"


def strip_namespace(tree: etree._ElementTree) -> etree._ElementTree:
    """TEI's XPath attributes (citeStructure/@match) take the TEI namespace as the default one;
    lxml has no default namespace for XPath, so compare on a copy without it."""
    root = etree.fromstring(etree.tostring(tree))
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith(TEI):
            el.tag = el.tag[len(TEI) :]
    return etree.ElementTree(root)


def test_citation_every_paragraph_and_sentence_of_the_seeds_round_trip(seeds: list[Path], tmp_path: Path) -> None:
    for path in seeds:
        doc = alinea.read(path)
        alinea.write_tei(doc, tmp_path / "out.xml")
        back = alinea.from_tei(tmp_path / "out.xml")
        assert back == doc
        count = 0
        for p in doc.paragraphs:
            assert back.resolve(p.cite()).text == p.text
            for s in p.sentences:
                passage = back.resolve(s.citation)
                assert passage.text == s.text == doc.text[s.start : s.end]
                assert passage.citation == s.citation
                count += 1
        assert count > len(doc.paragraphs)


def test_citation_cite_structure_resolves_with_xpath(seeds: list[Path]) -> None:
    for path in seeds:
        doc = alinea.read(path)
        tree = strip_namespace(etree.ElementTree(etree.fromstring(doc.to_tei().encode())))
        (outer,) = tree.xpath("/TEI/teiHeader/encodingDesc/refsDecl/citeStructure")
        (inner,) = outer.xpath("citeStructure")
        assert (outer.get("unit"), inner.get("unit"), inner.get("delim")) == ("paragraph", "sentence", ".")
        paragraphs = tree.xpath(outer.get("match"))
        assert len(paragraphs) == len(doc.paragraphs)
        for el in paragraphs:
            n = el.xpath(outer.get("use"))[0]
            p = doc.resolve(f"{doc.id}:{n}")
            assert el.xpath("string(.)") == p.text
            for s_el in el.xpath(inner.get("match")):
                m = s_el.xpath(inner.get("use"))[0]
                assert s_el.xpath("string(.)") == doc.resolve(f"{doc.id}:{n}.{m}").text


def test_citation_ranges() -> None:
    doc = alinea.parse("One. Two.\n\nThree. Four.\n\nFive.\n", id="d")
    assert doc.resolve("d:1-2").text == "One. Two.\n\nThree. Four."
    assert doc.resolve("d:1.2-2.1").text == "Two.\n\nThree."
    assert doc.resolve("d:2.2-3").text == "Four.\n\nFive."
    assert doc.resolve("d:3").start == doc.paragraphs[2].start


@pytest.mark.parametrize(
    ("citation", "error", "message"),
    [
        ("d:9", alinea.CitationError, "has no paragraph 9 (it has 3)"),
        ("d:2.7", alinea.CitationError, "paragraph 2 has no sentence 7 (it has 2)"),
        ("other:1", alinea.CitationError, "names document 'other', not 'd'"),
        ("d:3-1", alinea.CitationError, "ends before it starts"),
        ("d:x", alinea.ArgumentError, "'x' is not a number"),
        ("no colon", alinea.ArgumentError, "no ':'"),
        ("d:0", alinea.ArgumentError, "is not a number from 1"),
    ],
)
def test_citation_errors_name_what_is_missing(citation: str, error: type, message: str) -> None:
    doc = alinea.parse("One. Two.\n\nThree. Four.\n\nFive.\n", id="d")
    with pytest.raises(error) as info:
        doc.resolve(citation)
    assert message in str(info.value)
    if error is alinea.CitationError:
        assert isinstance(info.value, LookupError)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. Smith went to Washington. He met Dr. Jones there.", ["Mr. Smith went to Washington.", "He met Dr. Jones there."]),
        ("The U.S. economy grew. The U.S. The end.", ["The U.S. economy grew.", "The U.S.", "The end."]),
        ("Use tools, e.g. hammers. Then stop.", ["Use tools, e.g. hammers.", "Then stop."]),
        ("J. R. R. Tolkien wrote it. It sold.", ["J. R. R. Tolkien wrote it.", "It sold."]),
        ("James Baker III met them. Talks began.", ["James Baker III met them.", "Talks began."]),
        ("Growth was 3.5 per cent. Prices rose.", ["Growth was 3.5 per cent.", "Prices rose."]),
        ('He said, "Stop." Then he left.', ['He said, "Stop."', "Then he left."]),
        ('"Why?" she asked. Nobody knew.', ['"Why?" she asked.', "Nobody knew."]),
        ("It went on... and on. Finally it ended.", ["It went on... and on.", "Finally it ended."]),
        ("Wait\u2026 Then go.", ["Wait\u2026", "Then go."]),
        ("Acme Inc. makes things. Buy them!", ["Acme Inc. makes things.", "Buy them!"]),
        ("Is it? Yes! Sure.", ["Is it?", "Yes!", "Sure."]),
        ("No final punctuation here", ["No final punctuation here"]),
    ],
)
def test_citation_sentence_segmentation(text: str, sentences: list[str]) -> None:
    doc = alinea.parse(text, id="s", detect_title=False)
    assert [s.text for s in doc.paragraphs[0].sentences] == sentences


def test_citation_sentences_never_cut_emphasis() -> None:
    doc = alinea.parse("Here *an emphasised. Two sentences* end. Next one.", id="e")
    assert [s.text for s in doc.paragraphs[0].sentences] == [
        "Here an emphasised. Two sentences end.",
        "Next one.",
    ]
    assert alinea.from_tei(doc.to_tei()) == doc


def test_citation_cli(tmp_path: Path) -> None:
    src = tmp_path / "essay.txt"
    src.write_text("An Essay\n\nFirst sentence. Second sentence.\n\nLast paragraph.\n")
    run = [sys.executable, "-m", "alinea"]
    assert subprocess.run([*run, "convert", src, "-o", tmp_path, "-q"], check=False).returncode == 0
    ok = subprocess.run([*run, "cite", tmp_path / "essay.xml", "essay:1.2", "essay:2"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == ["essay:1.2\tSecond sentence.", "essay:2\tLast paragraph."]
    bad = subprocess.run([*run, "cite", src, "essay:5"], capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert "has no paragraph 5" in bad.stderr and str(src) in bad.stderr
