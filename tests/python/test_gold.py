"""The project's gold annotations (tests/data/annotators): every file parses and fits its text.

The gold format and guidelines are in tests/data/annotators/README.md; the gold is resolved to
spans by tests/bench/score_annotators.py, which this test imports. The seeds' gold is checked
only where the shared seeds are present (../shared/seeds, ALINEA_SHARED_DIR overrides).

The held-out gold (tests/data/annotators/heldout/gold, texts in tests/data/annotators/heldout)
is checked by the same tests, and kept apart from the development gold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from paths import REPO, SAMPLES, scorer, shared_dir

import alinea

DATA = REPO / "tests" / "data" / "annotators"
GOLD = DATA / "gold"
HELDOUT = DATA / "heldout"
HELDOUT_GOLD = HELDOUT / "gold"


S = scorer()
GOLD_FILES = sorted(GOLD.glob("*.tsv"))
OWN_TEXTS = sorted(DATA.glob("*.txt"))
HELDOUT_GOLD_FILES = sorted(HELDOUT_GOLD.glob("*.tsv"))
HELDOUT_TEXTS = sorted(HELDOUT.glob("*.txt"))
ALL_GOLD_FILES = GOLD_FILES + HELDOUT_GOLD_FILES
MONTH_DAY = r"(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?"
ISO = re.compile(rf"^(\d{{4}}(-{MONTH_DAY})?|--{MONTH_DAY})$")


def _gold_id(path: Path) -> str:
    return f"heldout/{path.stem}" if path.parent == HELDOUT_GOLD else path.stem


def _text_path(stem: str, gold_dir: Path = GOLD) -> Path | None:
    if gold_dir == HELDOUT_GOLD:
        p = HELDOUT / f"{stem}.txt"
        return p if p.is_file() else None
    seed = shared_dir() / "seeds" / f"{stem}.txt"
    for p in (DATA / f"{stem}.txt", SAMPLES / f"{stem}.txt", seed):
        if p.is_file():
            return p
    return None


def _is_seed(stem: str) -> bool:
    return not (DATA / f"{stem}.txt").is_file() and not (SAMPLES / f"{stem}.txt").is_file()


def _all_rows() -> list:
    """The rows of every gold file, the held-out ones included (entity ids are shared)."""
    return [row for f in ALL_GOLD_FILES for row in S.parse_gold(f)]


def test_the_gold_covers_every_text() -> None:
    stems = {f.stem for f in GOLD_FILES}
    for p in OWN_TEXTS + sorted(SAMPLES.glob("*.txt")):
        assert p.stem in stems, f"{p} has no gold file"
    seeds = [s for s in stems if _is_seed(s)]
    assert len(seeds) == 2, f"expected the gold of the two seeds, found {seeds}"
    assert len(OWN_TEXTS) >= 5


@pytest.mark.parametrize("path", OWN_TEXTS, ids=lambda p: p.stem)
def test_own_texts_are_plain_paragraphed_utf8(path: Path) -> None:
    raw = path.read_bytes()
    assert 2000 <= len(raw) <= 5000, f"{path.name}: {len(raw)} bytes"
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff") and "\r" not in text
    blocks = [b for b in text.split("\n\n") if b.strip()]
    assert len(blocks) >= 5
    title = blocks[0]
    assert "\n" not in title.strip() and len(title) < 120, "the first line is a title"


def test_the_heldout_gold_covers_every_heldout_text() -> None:
    texts = {p.stem for p in HELDOUT_TEXTS}
    golds = {f.stem for f in HELDOUT_GOLD_FILES}
    assert len(texts) >= 3, f"expected at least three held-out texts, found {sorted(texts)}"
    assert texts == golds, f"held-out texts without gold {sorted(texts - golds)}, gold " \
        f"without text {sorted(golds - texts)}"
    dev = {f.stem for f in GOLD_FILES} | {p.stem for p in sorted(SAMPLES.glob("*.txt"))}
    assert not texts & dev, f"held-out stems also in the development set: {texts & dev}"


def test_the_scorer_keeps_the_two_sets_apart() -> None:
    dev = S.text_paths()
    heldout = S.text_paths(S.HELDOUT_GOLD_DIR)
    assert S.HELDOUT_GOLD_DIR == HELDOUT_GOLD
    assert set(heldout) == {f.stem for f in HELDOUT_GOLD_FILES}
    assert all(p is not None and p.parent == HELDOUT for p in heldout.values())
    assert not set(dev) & set(heldout)
    docs, missing = S.load_gold(gold_dir=S.HELDOUT_GOLD_DIR)
    assert not missing and {d.stem for d in docs} == set(heldout)


@pytest.mark.parametrize("path", HELDOUT_TEXTS, ids=lambda p: p.stem)
def test_heldout_texts_are_plain_paragraphed_utf8(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff") and "\r" not in text
    words = len(text.split())
    assert 500 <= words <= 800, f"{path.name}: {words} words"
    blocks = [b for b in text.split("\n\n") if b.strip()]
    assert len(blocks) >= 5
    assert all("\n" not in b.strip() for b in blocks), "one paragraph a line"
    title = blocks[0]
    assert len(title) < 120, "the first line is a title"
    # alinea.read must not change the text: the gold is written against the file as it is
    assert alinea.read(str(path)).text == text.strip()


@pytest.mark.parametrize("path", ALL_GOLD_FILES, ids=_gold_id)
def test_gold_file_parses_and_fits_its_text(path: Path) -> None:
    rows = S.parse_gold(path)
    assert rows, f"{path.name} is empty"
    text_path = _text_path(path.stem, path.parent)
    if text_path is None:
        assert path.parent == GOLD, f"no held-out text for {path.name}"
        assert _is_seed(path.stem), f"no text for {path.name}"
        pytest.skip(f"seed {path.stem} not found under {shared_dir()}")
    text = alinea.read(str(text_path)).text
    for row in rows:
        n = len(S.occurrences(text, row.text))
        need = row.occurrence or 1
        assert n >= need, f"{row.source}: {row.text!r} occurs {n} times, gold says {need}"
    spans = S.resolve(path.stem, text, rows)
    for s in spans:
        assert text[s.start : s.end] == s.text
    bad = S.overlaps(spans)
    assert not bad, "overlapping gold spans: " + "; ".join(
        f"{a.source} {a.text!r} / {b.source} {b.text!r}" for a, b in bad
    )
    seen = set()
    for row in rows:
        key = (row.type, row.text, row.occurrence)
        assert key not in seen, f"{row.source}: the same row twice"
        seen.add(key)


@pytest.mark.parametrize("path", ALL_GOLD_FILES, ids=_gold_id)
def test_types_attributes_and_normalisations(path: Path) -> None:
    for row in S.parse_gold(path):
        assert row.type in S.TYPES
        names = {k for k, _ in row.attributes}
        assert names <= S.ALLOWED_ATTRIBUTES[row.type], f"{row.source}: attributes {names}"
        attrs = dict(row.attributes)
        for k, v in attrs.items():
            assert v, f"{row.source}: {k} is empty (leave the attribute out instead)"
        if row.type == "date":
            shapes = ({"when"}, {"from", "to"}, {"notBefore", "notAfter"}, {"type"})
            assert names in shapes and attrs.get("type", "relative") == "relative", (
                f"{row.source}: a date needs exactly one of when, from+to, "
                f"notBefore+notAfter, type=relative; has {attrs}"
            )
            for k in ("when", "from", "to", "notBefore", "notAfter"):
                if k in attrs:
                    assert ISO.match(attrs[k]), f"{row.source}: {k}={attrs[k]} is not ISO 8601"
            for lo, hi in (("from", "to"), ("notBefore", "notAfter")):
                if lo in attrs:
                    assert attrs[lo] < attrs[hi], f"{row.source}: {lo} is not before {hi}"
        if row.type in S.NAME_TYPES:
            assert row.entity, f"{row.source}: a name needs an entity id"
            assert S.ENTITY_ID.match(row.entity), f"{row.source}: bad entity id {row.entity!r}"
        else:
            assert not row.entity, f"{row.source}: only names have an entity id"


def test_entity_ids_have_one_type_and_speakers_exist() -> None:
    rows = _all_rows()
    types: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.entity:
            types[row.entity].add(row.type)
    mixed = {e: t for e, t in types.items() if len(t) > 1}
    assert not mixed, f"entity ids with more than one type: {mixed}"
    for row in rows:
        if row.type == "q" and dict(row.attributes).get("who"):
            who = dict(row.attributes)["who"]
            assert who in types, f"{row.source}: who={who} is no entity of any gold file"


def test_cross_text_variants_share_one_entity() -> None:
    """The variant spellings the authority list must group are one entity in the gold, and
    the people who only share a surname are not."""
    by_text: dict[str, set[str]] = defaultdict(set)
    for row in _all_rows():
        if row.entity:
            by_text[row.text].add(row.entity)

    def one(*forms: str) -> None:
        ids = set().union(*(by_text[f] for f in forms))
        assert len(ids) == 1, f"{forms}: {ids}"

    one("Nazarbaev", "Nazarbayev")
    one("Kazakstan", "Kazakhstan")
    one("Ken Derr", "Ken Durr")
    one("Ilse Marten", "Ilse Marden")
    one("Aigerim Suleimenova", "Aigerim Suleymenova")
    one("Kassym-Jomart Tokayev", "Kassym-Zhomart Tokaev")
    for a, b in (("Tomas Reuter", "Anke Reuter"), ("Miriam Achterberg", "Karel Achterberg"),
                 ("George W. Bush", "George H. W. Bush")):
        assert by_text[a] and by_text[b] and not (by_text[a] & by_text[b]), (a, b)
    assert by_text["Reuter"] == {"tomas-reuter"}


def test_star_rows_skip_occurrences_inside_longer_spans() -> None:
    rows = [
        S.GoldRow("t:1", "orgName", "Nazarbayev University", None, (), "nu"),
        S.GoldRow("t:2", "persName", "Nazarbayev", None, (), "naz"),
        S.GoldRow("t:3", "placeName", "Kazakhstan", None, (), "kz"),
    ]
    text = "Nazarbayev founded Nazarbayev University; Kazakhstani, Kazakhstan's, Kazakhstan-U.S."
    spans = S.resolve("t", text, rows)
    assert [(s.text, s.start) for s in spans] == [
        ("Nazarbayev", 0),
        ("Nazarbayev University", 19),
        ("Kazakhstan", 55),
        ("Kazakhstan", 69),
    ]
    assert S.occurrences("the U.S.S.R. and the U.S.", "U.S.") == [21]
