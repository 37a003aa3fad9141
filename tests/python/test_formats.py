"""JSON, W3C Web Annotation and plain-text forms of a document."""

from __future__ import annotations

import json
from pathlib import Path

import alinea
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import REPO, sample_paths, seed_paths

INGEST_DATA = REPO / "tests" / "data" / "ingest"
TEXT = (
    'Café “Notes”\n\nChapter One\n\nAda met *Grace* in Zürich 🐍, and    said: "hello\\world".\n\n'
    "A second para-\ngraph that was hard\nwrapped.\n"
)


def fixture_paths() -> list[Path]:
    return sorted(INGEST_DATA.glob("*.txt")) + sample_paths() + seed_paths()


def test_json_round_trip_keeps_everything() -> None:
    doc = alinea.parse(TEXT, id="demo", source="demo.txt")
    s = doc.to_json()
    assert s == alinea.to_json(doc)
    data = json.loads(s)
    assert data["format"] == 1
    assert data["alinea"] == alinea.__version__
    assert data["offsets"] == "code points"
    assert data["id"] == "demo"
    assert data["text"] == doc.text
    assert [b["kind"] for b in data["blocks"]] == [b.kind for b in doc.blocks]
    assert [(b["start"], b["end"]) for b in data["blocks"]] == [
        (b.start, b.end) for b in doc.blocks
    ]
    assert [layer["name"] for layer in data["layers"]] == doc.layer_names
    for layer in data["layers"]:
        got = [(a["start"], a["end"], a["type"], a["attributes"]) for a in layer["annotations"]]
        assert got == [tuple(a) for a in doc.annotations(layer["name"])]
    back = alinea.from_json(s)
    assert back == doc
    assert back.source_text() == doc.source_text() == TEXT
    assert alinea.from_json(s.encode()) == doc
    assert back.paragraph(1).cite() == "demo:1"


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_json_round_trip_fixtures(path: Path) -> None:
    doc = alinea.read(path, lenient=True)
    assert alinea.from_json(doc.to_json()) == doc


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_json_round_trip_generated(text: str) -> None:
    try:
        doc = alinea.parse(text, lenient=True)
    except alinea.ParseError:
        return  # empty input
    s = doc.to_json()
    json.loads(s)  # valid JSON for Python too
    back = alinea.from_json(s)
    assert back == doc
    assert back.source_text() == doc.source_text()


@pytest.mark.parametrize(
    "bad",
    ["", "{", "[]", '{"format": 1}', '{"a": 1,}', '{"a": "\x01"}', "[" * 100000, '{"a":1} 2'],
)
def test_from_json_errors_are_parse_errors(bad: str) -> None:
    with pytest.raises(alinea.ParseError) as info:
        alinea.from_json(bad)
    assert info.value.code == "A009"


def test_from_json_reports_where() -> None:
    with pytest.raises(alinea.ParseError) as info:
        alinea.from_json('{\n  "format": 1,\n  "alinea": x}')
    assert (info.value.offset, info.value.line, info.value.column) == (29, 3, 13)


def test_from_json_rejects_invalid_documents() -> None:
    data = json.loads(alinea.parse(TEXT, id="demo").to_json())
    data["blocks"][0]["end"] = len(data["text"]) + 5
    with pytest.raises(alinea.ParseError, match="beyond the end"):
        alinea.from_json(json.dumps(data))
    data = json.loads(alinea.parse(TEXT, id="demo").to_json())
    data["id"] = "a:b"
    with pytest.raises(alinea.ParseError, match="not a valid document"):
        alinea.from_json(json.dumps(data))
    with pytest.raises(TypeError):
        alinea.from_json(3)  # type: ignore[arg-type]


def check_annotations(doc: alinea.Document, page: dict, source: str, layers: list[str]) -> int:
    text = doc.text
    items = page["items"]
    expected = [(name, a) for name in layers for a in doc.annotations(name)]
    assert len(items) == len(expected)
    for item, (name, (start, end, type_, attrs)) in zip(items, expected):
        assert item["type"] == "Annotation"
        assert item["alinea:layer"] == name
        bodies = item["body"]
        assert bodies[0] == {"type": "TextualBody", "purpose": "tagging", "value": type_}
        assert {b["alinea:attribute"]: b["value"] for b in bodies[1:]} == attrs
        target = item["target"]
        assert target["source"] == source
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position == {"type": "TextPositionSelector", "start": start, "end": end}
        assert quote["exact"] == text[start:end]
        assert quote["prefix"] == text[max(0, start - 32) : start]
        assert quote["suffix"] == text[end : end + 32]
    return len(items)


def test_web_annotations() -> None:
    doc = alinea.parse(TEXT, id="demo")
    coll = json.loads(doc.to_web_annotations())
    assert coll["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert coll["type"] == "AnnotationCollection"
    assert coll["alinea:offsets"] == "code points"
    page = coll["first"]
    assert page["type"] == "AnnotationPage"
    layers = [n for n in doc.layer_names if n != "edits"]
    assert "emphasis" in layers
    n = check_annotations(doc, page, "urn:alinea:demo", layers)
    assert coll["total"] == n > 0
    assert any(i["body"][0]["value"] == "hi" for i in page["items"])

    with_edits = json.loads(
        alinea.to_web_annotations(doc, "https://example.org/t.txt", include_edits=True)
    )
    assert with_edits["total"] == n + len(doc.annotations("edits"))
    check_annotations(doc, with_edits["first"], "https://example.org/t.txt", doc.layer_names)


@pytest.mark.parametrize("path", fixture_paths()[:20], ids=lambda p: p.name)
def test_web_annotations_fixtures(path: Path) -> None:
    doc = alinea.read(path, lenient=True)
    coll = json.loads(doc.to_web_annotations(include_edits=True))
    check_annotations(doc, coll["first"], f"urn:alinea:{doc.id}", doc.layer_names)


def test_plain_text() -> None:
    doc = alinea.parse(TEXT, id="demo")
    out = doc.to_text()
    assert out == alinea.to_text(doc)
    assert out.endswith("\n") and not out.endswith("\n\n")
    parts = out[:-1].split("\n\n")
    assert len(parts) == len(doc.blocks)
    for part, block in zip(parts, doc.blocks):
        if block.kind == "paragraph":
            assert part == f"[{block.n}] {block.text}"
        else:
            assert part == block.text
    assert parts[0] == "Café “Notes”"
    assert "\n\n[2] A second para" in out


@pytest.mark.parametrize("path", fixture_paths()[:20], ids=lambda p: p.name)
def test_plain_text_numbers_every_paragraph(path: Path) -> None:
    doc = alinea.read(path, lenient=True)
    out = doc.to_text()
    for p in doc.paragraphs:
        assert f"[{p.n}] {p.text}" in out
