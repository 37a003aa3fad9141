"""Re-anchoring: citations and annotations carried from one version of a text to the next."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alinea

# Eight paragraphs of distinct prose (with some non-ASCII, so that code points and bytes differ).
BASE = [
    (
        "The wharf committee of Zürich-on-Sea met on Thursday to review the winter repairs. Its chair, "
        "Agnès Ferreira, opened with a report on the state of the timber piles."
    ),
    (
        "Divers had found rot in eleven of the forty piles under the fish market. The worst were near "
        "the crane, where the “old cut” meets the new basin."
    ),
    (
        "Replacing them would cost more than the committee had set aside for the year. A grant from the "
        "maritime fund was suggested as a way to close the gap."
    ),
    (
        "The harbourmaster, Tomasz Kowalczyk, argued that the work could not wait for spring. Two "
        "trawlers had already reported damage to their hulls."
    ),
    (
        "After some discussion the committee agreed to apply for the grant at once. The application is "
        "due on the first of February. A decision is expected in March."
    ),
    (
        "Members also heard a proposal to light the north mole with solar lamps. The lamps would be "
        "cheaper to run than the present gas lanterns."
    ),
    (
        "The café owners on the quay asked for the market to stay open during the repairs. Their letter "
        "was read into the minutes and referred to the works subcommittee."
    ),
    "The next meeting will take place on the second Tuesday of January in the customs house.",
]
NAMES = [
    "Agnès Ferreira",
    "timber piles",
    "“old cut”",
    "maritime fund",
    "Tomasz Kowalczyk",
    "first of February",
    "solar lamps",
    "café owners",
    "customs house",
]


def join(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def old_version() -> alinea.Document:
    return alinea.parse(join(BASE), id="wharf")


def names_of(doc: alinea.Document, phrases: list[str] = NAMES) -> dict[str, list[tuple[Any, ...]]]:
    spans = []
    for k, phrase in enumerate(phrases):
        start = doc.text.index(phrase)
        spans.append((start, start + len(phrase), "name", {"ref": f"#n{k}"}))
    return {"names": spans}


def check_invariants(
    old: alinea.Document, result: alinea.ReanchorResult, layer: str = "names"
) -> None:
    """What must hold whatever the revision: exact placements lie on their quote, orphans are
    not placed, the layer holds exactly the placed annotations, citations resolve."""
    doc = result.document
    placed = []
    for item in result.items:
        assert 0.0 <= item.confidence <= 1.0
        if item.status == "orphaned":
            assert item.new is None and item.new_spans == [] and item.new_citations == []
            continue
        assert item.confidence >= 0.5
        if item.kind == "annotation":
            start, end = item.new
            placed.append((start, end))
            assert item.quote["exact"] == item.text == old.text[item.old_span[0] : item.old_span[1]]
            if item.status != "edited":
                assert doc.text[start:end] == item.quote["exact"]
            if item.status == "unchanged":
                assert item.new == item.old_span
        else:
            for citation, (start, end) in zip(item.new_citations, item.new_spans):
                assert doc.resolve(citation).text == doc.text[start:end]
            if item.status in ("unchanged", "moved"):
                assert len(item.new_citations) == 1
                assert doc.resolve(item.new).text == old.resolve(item.old).text
            if item.status == "unchanged":
                assert item.new == item.old
    if layer in result.layers:
        assert sorted((s, e) for s, e, _, _ in doc.annotations(layer)) == sorted(placed)


def revise(paragraphs: list[str]) -> tuple[alinea.Document, alinea.ReanchorResult]:
    old = old_version()
    result = alinea.reanchor(old, join(paragraphs), annotations=names_of(old))
    check_invariants(old, result)
    return old, result


def by_old(result: alinea.ReanchorResult, kind: str) -> dict[Any, alinea.ReanchorItem]:
    return {item.old: item for item in result.items if item.kind == kind}


def annotation_status(result: alinea.ReanchorResult) -> dict[str, str]:
    return {item.quote["exact"]: item.status for item in result.items if item.kind == "annotation"}


# ------------------------------------------------------------------------------ scenarios


def test_reanchor_identical_versions_are_unchanged() -> None:
    old, result = revise(BASE)
    assert all(item.status == "unchanged" and item.confidence == 1.0 for item in result.items)
    counts = result.counts()
    assert counts["paragraph"]["unchanged"] == 8
    assert counts["sentence"]["unchanged"] == sum(len(p.sentences) for p in old.paragraphs)
    assert counts["annotation"]["unchanged"] == len(NAMES)
    assert result.document.annotations("names") == names_of(old)["names"]
    assert result.document.id == "wharf"


def test_reanchor_insert_a_paragraph() -> None:
    revised = (
        BASE[:3]
        + ["A late item noted that the slipway winch had been serviced in December."]
        + BASE[3:]
    )
    _, result = revise(revised)
    for n in range(1, 9):
        item = by_old(result, "paragraph")[f"wharf:{n}"]
        assert item.new == f"wharf:{n if n <= 3 else n + 1}"
        assert item.status == ("unchanged" if n <= 3 else "moved")
    assert by_old(result, "sentence")["wharf:5.3"].new == "wharf:6.3"
    assert "orphaned" not in annotation_status(result).values()
    assert annotation_status(result)["Agnès Ferreira"] == "unchanged"
    assert annotation_status(result)["solar lamps"] == "moved"


def test_reanchor_delete_a_paragraph() -> None:
    _, result = revise(BASE[:3] + BASE[4:])
    paragraphs = by_old(result, "paragraph")
    assert paragraphs["wharf:4"].status == "orphaned"
    assert paragraphs["wharf:4"].new is None
    assert paragraphs["wharf:5"].new == "wharf:4" and paragraphs["wharf:5"].status == "moved"
    assert paragraphs["wharf:3"].status == "unchanged"
    assert [
        s.status for s in result.items if s.kind == "sentence" and s.old.startswith("wharf:4.")
    ] == [
        "orphaned",
        "orphaned",
    ]
    statuses = annotation_status(result)
    assert statuses["Tomasz Kowalczyk"] == "orphaned"  # it was in the deleted paragraph
    assert [n for n, s in statuses.items() if s == "orphaned"] == ["Tomasz Kowalczyk"]


def test_reanchor_edit_a_word() -> None:
    revised = list(BASE)
    revised[1] = revised[1].replace("eleven", "twelve")
    _, result = revise(revised)
    paragraphs = by_old(result, "paragraph")
    assert paragraphs["wharf:2"].status == "edited"
    assert paragraphs["wharf:2"].new == "wharf:2"
    assert 0.8 < paragraphs["wharf:2"].confidence < 1.0
    assert all(p.status == "unchanged" for k, p in paragraphs.items() if k != "wharf:2")
    sentences = by_old(result, "sentence")
    assert sentences["wharf:2.1"].status == "edited" and sentences["wharf:2.1"].new == "wharf:2.1"
    assert sentences["wharf:2.2"].status == "unchanged"
    assert annotation_status(result)["“old cut”"] == "unchanged"  # same length: same offsets


def test_reanchor_edit_inside_an_annotation_reports_edited() -> None:
    revised = list(BASE)
    revised[3] = revised[3].replace("Tomasz Kowalczyk", "Tomas Kowalczyk")
    _, result = revise(revised)
    item = next(
        i for i in result.items if i.kind == "annotation" and i.quote["exact"] == "Tomasz Kowalczyk"
    )
    assert item.status == "edited"
    start, end = item.new
    assert result.document.text[start:end] == "Tomas Kowalczyk"
    assert item.confidence >= 0.6


def test_reanchor_word_replaced_under_an_annotation_follows_its_context() -> None:
    """The annotated word was replaced: the old prefix and suffix still frame the new word."""
    old = old_version()
    revised = list(BASE)
    revised[1] = revised[1].replace("eleven", "twelve")
    result = alinea.reanchor(old, join(revised), annotations=names_of(old, ["eleven", "forty"]))
    check_invariants(old, result)
    items = {i.quote["exact"]: i for i in result.items if i.kind == "annotation"}
    start, end = items["eleven"].new
    assert (items["eleven"].status, result.document.text[start:end]) == ("edited", "twelve")
    assert 0.6 < items["eleven"].confidence < 1.0
    assert items["forty"].status == "unchanged"


def test_reanchor_split_a_paragraph() -> None:
    first, second = BASE[4].split(" The application")
    revised = BASE[:4] + [first, "The application" + second] + BASE[5:]
    _, result = revise(revised)
    paragraphs = by_old(result, "paragraph")
    assert paragraphs["wharf:5"].status == "split"
    assert paragraphs["wharf:5"].new == ("wharf:5", "wharf:6")
    assert paragraphs["wharf:5"].confidence > 0.9
    assert paragraphs["wharf:6"].new == "wharf:7" and paragraphs["wharf:6"].status == "moved"
    sentences = by_old(result, "sentence")
    assert sentences["wharf:5.1"].status == "unchanged"
    assert (sentences["wharf:5.2"].new, sentences["wharf:5.2"].status) == ("wharf:6.1", "moved")
    assert (sentences["wharf:5.3"].new, sentences["wharf:5.3"].status) == ("wharf:6.2", "moved")
    assert "orphaned" not in annotation_status(result).values()


def test_reanchor_merge_two_paragraphs() -> None:
    revised = BASE[:5] + [BASE[5] + " " + BASE[6], BASE[7]]
    _, result = revise(revised)
    paragraphs = by_old(result, "paragraph")
    for n in (6, 7):
        assert paragraphs[f"wharf:{n}"].status == "merged"
        assert paragraphs[f"wharf:{n}"].new == "wharf:6"
        assert paragraphs[f"wharf:{n}"].confidence > 0.9
    assert paragraphs["wharf:8"].new == "wharf:7"
    sentences = by_old(result, "sentence")
    assert (sentences["wharf:7.1"].new, sentences["wharf:7.1"].status) == ("wharf:6.3", "moved")
    assert "orphaned" not in annotation_status(result).values()


def test_reanchor_reorder_paragraphs() -> None:
    revised = [BASE[0], BASE[6], BASE[2], BASE[3], BASE[4], BASE[5], BASE[1], BASE[7]]
    _, result = revise(revised)
    paragraphs = by_old(result, "paragraph")
    assert (paragraphs["wharf:2"].new, paragraphs["wharf:2"].status) == ("wharf:7", "moved")
    assert (paragraphs["wharf:7"].new, paragraphs["wharf:7"].status) == ("wharf:2", "moved")
    for n in (1, 3, 4, 5, 6, 8):
        assert paragraphs[f"wharf:{n}"].status == "unchanged"
    statuses = annotation_status(result)
    assert statuses["café owners"] == "moved" and statuses["“old cut”"] == "moved"
    assert "orphaned" not in statuses.values()


def test_reanchor_punctuation_only() -> None:
    revised = [p.replace(", ", " - ").replace("“", '"').replace("”", '"') for p in BASE]
    _, result = revise(revised)
    changed = {n + 1 for n, (a, b) in enumerate(zip(BASE, revised)) if a != b}
    assert changed == {1, 2, 4}
    for n in range(1, 9):
        item = by_old(result, "paragraph")[f"wharf:{n}"]
        assert item.new == f"wharf:{n}"
        assert item.status == ("edited" if n in changed else "unchanged")
        assert item.confidence >= 0.95
        assert item.fingerprint == alinea.fingerprint(result.document.paragraph(n).text)
    statuses = annotation_status(result)
    assert statuses["“old cut”"] == "edited"  # its own quotation marks changed
    assert statuses["Agnès Ferreira"] == "moved"  # ", " became " - " before it
    assert "orphaned" not in statuses.values()


def test_reanchor_unrelated_text_orphans_everything() -> None:
    unrelated = [
        "Grease a loaf tin and line it with baking paper. Warm the milk until it is just tepid.",
        "Stir the yeast into the milk with a spoonful of honey and leave it somewhere warm to froth.",
        "Knead the dough for ten minutes, then cover it and let it rise until doubled in size.",
        "The customs house clock struck four as the loaf went into the oven.",
    ]
    _, result = revise(unrelated)
    assert {item.status for item in result.items} == {"orphaned"}
    assert all(item.new is None for item in result.items)
    assert result.document.annotations("names") == []
    assert result.counts()["annotation"]["orphaned"] == len(NAMES)


# ------------------------------------------------------------------------------ API


def test_reanchor_accepts_tei_paths_and_text(tmp_path: Path) -> None:
    old = old_version()
    alinea.write_tei(old, tmp_path / "old.xml")
    (tmp_path / "new.txt").write_text(join(BASE[1:]), encoding="utf-8")
    for source in (tmp_path / "old.xml", str(tmp_path / "old.xml"), old.to_tei()):
        for target in (tmp_path / "new.txt", join(BASE[1:])):
            result = alinea.reanchor(source, target)
            assert result.document.id == "wharf"
            assert by_old(result, "paragraph")["wharf:2"].new == "wharf:1"
            assert by_old(result, "paragraph")["wharf:1"].status == "orphaned"
    with pytest.raises(TypeError):
        alinea.reanchor(42, "text")  # type: ignore[arg-type]


def test_reanchor_items_and_report() -> None:
    old = old_version()
    revised = list(BASE)
    revised[0] = revised[0].replace("winter", "spring")
    result = alinea.reanchor(old, join(revised), annotations=names_of(old))
    assert len(result) == len(result.items)
    item = by_old(result, "paragraph")["wharf:1"]
    assert (item.kind, item.status, item.layer, item.index, item.quote) == (
        "paragraph",
        "edited",
        None,
        None,
        None,
    )
    assert len(item.fingerprint) == 16
    ann = next(i for i in result.items if i.kind == "annotation")
    assert ann.old == ("names", 0) and (ann.layer, ann.index) == ("names", 0)
    assert ann.quote == {
        "type": "TextQuoteSelector",
        "exact": "Agnès Ferreira",
        "prefix": " the winter repairs. Its chair, ",  # 32 code points each side
        "suffix": ", opened with a report on the st",
    }
    report = result.report()
    assert "paragraph  wharf:1 -> wharf:1  edited 0." in report
    assert "sentence   wharf:1.1 -> wharf:1.1  edited 0." in report
    assert "unchanged 1.00" not in report
    assert report.endswith(result.summary())
    assert "unchanged 1.00" in result.report(all=True)
    assert result.summary().splitlines()[0] == "paragraphs: 8 (7 unchanged, 1 edited)"
    assert repr(item).startswith("<ReanchorItem paragraph  wharf:1 -> wharf:1  edited")


def test_reanchor_annotation_argument_errors() -> None:
    old = old_version()
    with pytest.raises(alinea.ArgumentError, match="outside the old text"):
        alinea.reanchor(old, "x", annotations={"a": [(0, 10**6, "t")]})
    with pytest.raises(alinea.ArgumentError, match="reserved"):
        alinea.reanchor(old, "x", annotations={"edits": [(0, 1, "t")]})
    with pytest.raises(alinea.ArgumentError, match="between 0 and 1"):
        alinea.reanchor(old, "x", min_confidence=2.0)
    with pytest.raises(alinea.ArgumentError, match="existing_layers"):
        alinea.reanchor(old, "x", existing_layers="drop")


def test_reanchor_threshold_orphans_rather_than_guesses() -> None:
    revised = list(BASE)
    revised[2] = "Replacing them would cost far more than planned. A grant was suggested."
    old = old_version()
    loose = alinea.reanchor(old, join(revised), min_confidence=0.3, min_confidence_far=0.3)
    strict = alinea.reanchor(old, join(revised))
    assert by_old(loose, "paragraph")["wharf:3"].status == "edited"
    item = by_old(strict, "paragraph")["wharf:3"]
    assert item.status == "orphaned" and item.new is None
    assert 0.3 <= item.confidence < 0.5


def test_reanchor_seed_chapter_revised(seeds: list[Path], tmp_path: Path) -> None:
    """The book chapter, written to TEI, against a revision: one paragraph cut, a word changed."""
    source = max(seeds, key=lambda p: p.stat().st_size)
    old = alinea.read(source)
    alinea.write_tei(old, tmp_path / "old.xml")
    text = source.read_text(encoding="utf-8")
    paragraphs = [p.text for p in old.paragraphs]
    cut = paragraphs[3]
    victim = paragraphs[6]
    word = next(w for w in victim.split() if len(w) > 6 and w.isalpha())
    revised = text.replace(cut, "", 1).replace(
        victim, victim.replace(word, word.upper() + "x", 1), 1
    )
    result = alinea.reanchor(tmp_path / "old.xml", revised)
    check_invariants(old, result)
    items = by_old(result, "paragraph")
    assert items[f"{old.id}:4"].status == "orphaned"
    assert items[f"{old.id}:7"].status == "edited" and items[f"{old.id}:7"].new == f"{old.id}:6"
    for n in range(1, len(paragraphs) + 1):
        if n not in (4, 7):
            assert items[f"{old.id}:{n}"].status == ("unchanged" if n < 4 else "moved")
            assert items[f"{old.id}:{n}"].new == f"{old.id}:{n if n < 4 else n - 1}"


# ------------------------------------------------------------------------------ CLI


def test_reanchor_cli(tmp_path: Path) -> None:
    old_txt = tmp_path / "wharf.txt"
    old_txt.write_text(join(BASE), encoding="utf-8")
    assert (
        subprocess.run(
            [sys.executable, "-m", "alinea", "convert", old_txt, "-o", tmp_path], check=False
        ).returncode
        == 0
    )
    new_txt = tmp_path / "wharf-2.txt"
    new_txt.write_text(join(BASE[:2] + BASE[3:]), encoding="utf-8")
    out = tmp_path / "out" / "new.xml"
    out.parent.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "alinea",
            "reanchor",
            tmp_path / "wharf.xml",
            new_txt,
            "-o",
            out,
            "--report",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{tmp_path / 'wharf.xml'} -> {new_txt} -> {out}"
    assert "paragraph  wharf:3 -> (none)  orphaned" in run.stdout
    assert "paragraph  wharf:4 -> wharf:3  moved 1.00" in lines
    assert "paragraph  wharf:1 -> wharf:1" not in run.stdout  # unchanged items are not listed
    assert lines[-3:-1] == ["paragraphs: 8 (2 unchanged, 5 moved, 1 orphaned)", lines[-2]]
    doc = alinea.from_tei(out)
    assert doc.id == "wharf" and len(doc.paragraphs) == 7
    quiet = subprocess.run(
        [sys.executable, "-m", "alinea", "reanchor", tmp_path / "wharf.xml", new_txt, "-o", out],
        capture_output=True,
        text=True,
        check=False,
    )
    assert quiet.returncode == 0 and quiet.stdout == ""
    missing = subprocess.run(
        [sys.executable, "-m", "alinea", "reanchor", tmp_path / "nope.xml", new_txt, "-o", out],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 1 and "nope.xml" in missing.stderr


# ------------------------------------------------------------------------------ property

VOCAB = [
    "harbour", "ferry", "levy", "cargo", "quay", "storm", "Zürich", "café", "naïve", "the", "of",
    "a", "and", "to", "commission", "vote", "loan", "bank", "lighthouse", "wall", "gale", "silt",
    "channel", "captain", "tide", "rope", "sail", "mast", "deck", "Ægir", "ōtaki", "net",
]  # fmt: skip

words = st.lists(st.sampled_from(VOCAB), min_size=2, max_size=10)
sentences = words.map(lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
OPS = ["replace_word", "insert_word", "delete_word", "insert_paragraph", "delete_paragraph", "split",
       "merge", "swap", "punctuation"]  # fmt: skip
edits = st.lists(
    st.tuples(
        st.sampled_from(OPS),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.sampled_from(VOCAB),
        paragraphs,
    ),
    max_size=6,
)


def apply_edit(ps: list[str], op: str, x: int, y: int, word: str, paragraph: str) -> None:
    p = x % len(ps)
    tokens = ps[p].split(" ")
    w = y % len(tokens)
    if op == "replace_word":
        tokens[w] = word
    elif op == "insert_word":
        tokens.insert(w, word)
    elif op == "delete_word" and len(tokens) > 1:
        del tokens[w]
    elif op == "insert_paragraph":
        ps.insert(y % (len(ps) + 1), paragraph)
        return
    elif op == "delete_paragraph" and len(ps) > 1:
        del ps[p]
        return
    elif op == "split":
        parts = ps[p].split(". ")
        if len(parts) > 1:
            k = 1 + y % (len(parts) - 1)
            ps[p : p + 1] = [". ".join(parts[:k]) + ".", ". ".join(parts[k:])]
        return
    elif op == "merge" and p + 1 < len(ps):
        ps[p : p + 2] = [ps[p] + " " + ps[p + 1]]
        return
    elif op == "swap":
        q = y % len(ps)
        ps[p], ps[q] = ps[q], ps[p]
        return
    elif op == "punctuation":
        tokens[w] = tokens[w].rstrip(".") + (";" if tokens[w].endswith(".") else ",")
    ps[p] = " ".join(tokens)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.lists(paragraphs, min_size=1, max_size=8),
    changes=edits,
    spans=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40)), max_size=12),
)
def test_reanchor_property_random_edits(
    base: list[str], changes: list[tuple[Any, ...]], spans: list[tuple[int, int]]
) -> None:
    """No annotation lands on text that differs from its exact quote unless reported edited;
    every other invariant of check_invariants holds."""
    old = alinea.parse(join(base), id="p", faithful=True)
    n = len(old.text)
    annotations = []
    for start, length in spans:
        start %= n + 1
        annotations.append((start, min(n, start + length), "x"))
    revised = list(base)
    for change in changes:
        apply_edit(revised, *change)
    new = alinea.parse(join(revised), id="p", faithful=True)
    result = alinea.reanchor(old, new, annotations={"names": annotations})
    check_invariants(old, result)
    statuses = Counter(item.status for item in result.items)
    assert sum(statuses.values()) == len(result.items)
    if revised == base:
        assert set(statuses) == {"unchanged"}
