"""The fuzzer's seed corpus and every input it ever found a bug with, replayed on each test run
(the fuzzer itself needs clang and runs outside the suite; see tests/fuzz/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import REPO

import alinea

FUZZ = REPO / "tests" / "fuzz"
INPUTS = sorted((FUZZ / "regressions").glob("*")) + sorted((FUZZ / "corpus" / "ingest").glob("*"))
PRESETS = [{}, {"faithful": True}, *({name: False} for name in alinea.REPAIRS)]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fuzz_corpus_input_keeps_the_contracts(path: Path) -> None:
    data = path.read_bytes()
    for options in PRESETS:
        try:
            doc = alinea.parse(data, lenient=True, **options)
        except alinea.ParseError as exc:
            assert exc.code in ("A001", "A003")  # invalid UTF-8, or nothing but whitespace
            return
        assert doc.source_text().encode("utf-8") == data
        again = alinea.from_tei(doc.to_tei())
        assert again == doc
        for block in doc.blocks:
            assert doc.text[block.start : block.end] == block.text
