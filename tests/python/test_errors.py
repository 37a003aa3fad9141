"""Each bad input gets its typed error, with a stable code and the position."""

from __future__ import annotations

from pathlib import Path

import pytest

import alinea


def test_errors_invalid_utf8_gives_byte_offset_line_and_column() -> None:
    with pytest.raises(alinea.ParseError) as info:
        alinea.parse(b"first line\nsecond \xff line", source="in.txt")
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, alinea.AlineaError)
    assert (err.code, err.offset, err.line, err.column) == ("A001", 18, 2, 8)
    assert err.path == "in.txt"
    assert str(err).startswith("in.txt:2:8: invalid UTF-8")


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\ufffe"])
def test_errors_characters_xml_forbids(char: str) -> None:
    with pytest.raises(alinea.ParseError) as info:
        alinea.parse("ok " + char + " tail")
    assert info.value.code == "A002"
    assert info.value.column == 4


def test_errors_lenient_mode_replaces_and_records() -> None:
    doc = alinea.parse("ok \x00 tail", lenient=True)
    assert doc.text == "ok \ufffd tail"
    assert doc.source_text() == "ok \x00 tail"
    assert [kind for *_, kind, _ in doc.edits()] == ["illegal-char"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\ufeff", "\r\n\f"])
def test_errors_empty_input(text: str) -> None:
    with pytest.raises(alinea.ParseError) as info:
        alinea.parse(text)
    assert info.value.code == "A003"


def test_errors_unreadable_path_is_oserror(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError.__mro__[1]) as info:  # OSError
        alinea.read(missing)
    err = info.value
    assert isinstance(err, alinea.FileError)
    assert err.errno == 2 and err.filename == str(missing) and err.code == "A004"
    with pytest.raises(alinea.FileError):
        alinea.read(tmp_path)  # a directory


def test_errors_write_into_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        alinea.write_tei(alinea.parse("x"), tmp_path / "no" / "out.xml")
    assert list(tmp_path.iterdir()) == []


def test_errors_bad_id_and_bad_type() -> None:
    with pytest.raises(alinea.ArgumentError) as info:
        alinea.parse("text", id="doc:1")
    assert isinstance(info.value, ValueError) and info.value.code == "A005"
    with pytest.raises(TypeError):
        alinea.parse(42)  # type: ignore[arg-type]


def test_errors_missing_paragraph_is_lookup_error() -> None:
    doc = alinea.parse("One.\n\nTwo.", id="d")
    with pytest.raises(LookupError) as info:
        doc.paragraph(3)
    assert isinstance(info.value, alinea.CitationError) and info.value.code == "A006"
