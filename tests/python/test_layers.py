"""Annotation layers from Python: Document.add_layer/layer/layers/remove_layer, Layer, Annotation."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alinea

np = pytest.importorskip("numpy")

TEXT = (
    "Relations Thaw\n\n"
    "Nazarbaev met Putin in Astana 🎉 on 3 May 2002.\n\n"
    "The café in Almaty e\u0301tait naïve; Назарбаев agreed.\n"
)


@pytest.fixture
def doc() -> alinea.Document:
    return alinea.parse(TEXT, id="demo")


def span(doc: alinea.Document, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    return start, start + len(word)


# --- creating, listing, removing ------------------------------------------------------------


def test_add_layer_lists_and_looks_up(doc: alinea.Document) -> None:
    before = doc.layer_names
    layer = doc.add_layer("persons")
    assert isinstance(layer, alinea.Layer)
    assert layer.name == "persons"
    assert len(layer) == 0
    assert doc.layer_names == [*before, "persons"]
    assert [l.name for l in doc.layers] == doc.layer_names
    assert doc.layer("persons") == layer
    assert layer.document is doc
    assert "persons" in repr(layer)


def test_missing_layer_is_a_key_error(doc: alinea.Document) -> None:
    with pytest.raises(KeyError):
        doc.layer("nope")
    with pytest.raises(KeyError):
        doc.remove_layer("nope")


def test_duplicate_and_invalid_layer_names(doc: alinea.Document) -> None:
    doc.add_layer("persons")
    with pytest.raises(alinea.ArgumentError):
        doc.add_layer("persons")
    with pytest.raises(alinea.ArgumentError):
        doc.add_layer("")
    with pytest.raises(ValueError):
        doc.add_layer("bad\x00name")


def test_remove_layer(doc: alinea.Document) -> None:
    layer = doc.add_layer("persons")
    a = layer.add(*span(doc, "Putin"), "persName", {"ref": "Q7747"})
    doc.remove_layer("persons")
    assert "persons" not in doc.layer_names
    for use in (lambda: len(layer), lambda: list(layer), lambda: layer.add(0, 1, "x"), layer.columns):
        with pytest.raises(alinea.ArgumentError, match="removed"):
            use()
    with pytest.raises(alinea.ArgumentError, match="removed"):
        a.attributes  # noqa: B018
    assert a.text == "Putin"  # the span and the text outlive the layer
    assert "removed" in repr(layer)
    assert "layer removed" in repr(a)
    # A new layer of the same name is a new layer: the old handle stays dead.
    doc.add_layer("persons")
    with pytest.raises(alinea.ArgumentError, match="removed"):
        len(layer)
    assert len(doc.layer("persons")) == 0


def test_edits_layer_is_read_only(doc: alinea.Document) -> None:
    assert "edits" in doc.layer_names
    edits = doc.layer("edits")
    list(edits)  # readable
    with pytest.raises(alinea.ArgumentError, match="edits"):
        edits.add(0, 1, "x")
    with pytest.raises(alinea.ArgumentError, match="edits"):
        edits.extend([(0, 1, "x")])
    with pytest.raises(alinea.ArgumentError, match="edits"):
        edits.extend_arrays(np.array([0]), np.array([1]), ["x"])
    with pytest.raises(alinea.ArgumentError, match="edits"):
        doc.remove_layer("edits")


def test_layers_survive_reallocation_of_the_layer_vector(doc: alinea.Document) -> None:
    first = doc.add_layer("first")
    first.add(*span(doc, "Putin"), "persName")
    others = [doc.add_layer(f"l{k}") for k in range(100)]
    assert [a.text for a in first] == ["Putin"]
    first.add(*span(doc, "Astana"), "placeName")
    assert [a.text for a in first] == ["Putin", "Astana"]
    assert all(len(l) == 0 for l in others)


def test_iterating_while_adding_sees_the_layer_as_it_was(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    layer.add(0, 1, "a")
    layer.add(1, 2, "a")
    seen = []
    for a in layer:
        seen.append(a.start)
        layer.add(5, 6, "b")
        doc.add_layer(f"y{len(seen)}")
    assert seen == [0, 1]
    assert len(layer) == 4


# --- adding, and the three ways agree ------------------------------------------------------


def test_add_returns_the_annotation(doc: alinea.Document) -> None:
    layer = doc.add_layer("persons")
    s, e = span(doc, "Nazarbaev")
    a = layer.add(s, e, "persName", {"ref": "Q1"}, annotator="spacy", version="3.7", confidence=0.75)
    assert isinstance(a, alinea.Annotation)
    assert (a.start, a.end, a.type, a.text, a.layer) == (s, e, "persName", "Nazarbaev", "persons")
    assert a.attributes == {"ref": "Q1"}
    assert (a.annotator, a.version, a.confidence) == ("spacy", "3.7", 0.75)
    assert a == layer[0]
    assert "Nazarbaev" in repr(a) and "persName" in repr(a)


def test_unknown_provenance_is_none(doc: alinea.Document) -> None:
    a = doc.add_layer("x").add(0, 3, "t")
    assert (a.annotator, a.version, a.confidence) == (None, None, None)
    assert a.attributes == {}


def test_add_extend_and_extend_arrays_agree(doc: alinea.Document) -> None:
    rows = [
        (*span(doc, "Nazarbaev"), "persName", {"ref": "Q1"}),
        (*span(doc, "Putin"), "persName", {"ref": "Q2"}),
        (*span(doc, "Astana"), "placeName", {}),
        (*span(doc, "Назарбаев"), "persName", {"ref": "Q1"}),
        (*span(doc, "🎉"), "emoji", {}),
    ]
    by_add = doc.add_layer("by_add")
    for s, e, t, attrs in rows:
        by_add.add(s, e, t, attrs, annotator="me", confidence=0.5)
    by_extend = doc.add_layer("by_extend")
    by_extend.extend(rows, annotator="me", confidence=0.5)
    by_arrays = doc.add_layer("by_arrays")
    by_arrays.extend_arrays(
        np.array([r[0] for r in rows]),
        np.array([r[1] for r in rows]),
        [r[2] for r in rows],
        attributes={"ref": [r[3].get("ref") for r in rows]},
        confidences=np.full(len(rows), 0.5),
        annotator="me",
    )
    by_codes = doc.add_layer("by_codes")
    cats = ["persName", "placeName", "emoji"]
    by_codes.extend_arrays(
        [r[0] for r in rows],
        [r[1] for r in rows],
        np.array([cats.index(r[2]) for r in rows], dtype=np.int8),
        categories=cats,
        attributes=[r[3] or None for r in rows],
        confidences=[0.5] * len(rows),
        annotator="me",
    )

    def values(layer: alinea.Layer) -> list[tuple[object, ...]]:
        return [(a.start, a.end, a.type, a.text, a.attributes, a.annotator, a.confidence) for a in layer]

    assert values(by_add) == values(by_extend) == values(by_arrays) == values(by_codes)
    assert [list(l) == list(by_add) for l in (by_extend, by_arrays, by_codes)] == [False] * 3  # layer names differ
    assert values(by_add)[0][3] == "Nazarbaev"


def test_extend_arrays_types_as_one_str_and_str_arrays(doc: alinea.Document) -> None:
    starts, ends = np.array([0, 4, 8]), np.array([3, 7, 9])
    one = doc.add_layer("one")
    one.extend_arrays(starts, ends, "w")
    unicode_types = doc.add_layer("unicode")
    unicode_types.extend_arrays(starts, ends, np.array(["w", "wörter", "w"]))
    objects = doc.add_layer("objects")
    objects.extend_arrays(starts, ends, np.array(["w", "wörter", "w"], dtype=object))
    assert [a.type for a in one] == ["w", "w", "w"]
    assert [a.type for a in unicode_types] == [a.type for a in objects] == ["w", "wörter", "w"]
    assert unicode_types.type_names == ["w", "wörter"]


def test_extend_takes_any_iterable(doc: alinea.Document) -> None:
    layer = doc.add_layer("gen")
    layer.extend((k, k + 1, "char") for k in range(10))
    layer.extend([[10, 12, "pair"]])
    assert len(layer) == 11
    assert layer[-1].text == doc.text[10:12]


# --- order, indexing, columns ---------------------------------------------------------------


def test_document_order_whatever_the_order_of_addition(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    layer.add(20, 25, "b")
    layer.add(0, 10, "a")
    layer.add(0, 30, "a")  # same start, longer: first
    layer.add(5, 5, "pb")
    assert [(a.start, a.end) for a in layer] == [(0, 30), (0, 10), (5, 5), (20, 25)]
    assert [(a.start, a.end) for a in layer[1:3]] == [(0, 10), (5, 5)]
    assert layer[-1].start == 20
    assert layer[0] == list(layer)[0]
    with pytest.raises(IndexError):
        layer[4]
    with pytest.raises(IndexError):
        layer[-5]
    with pytest.raises(TypeError):
        layer["0"]  # type: ignore[call-overload]


def test_columns_match_iteration(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    layer.add(*span(doc, "Putin"), "persName", confidence=0.9)
    layer.add(*span(doc, "Nazarbaev"), "persName")
    layer.add(*span(doc, "🎉"), "emoji", confidence=1.0)
    layer.add(*span(doc, "naïve"), "term")
    cols = layer.columns()
    assert set(cols) == {"start", "end", "type", "type_names", "confidence"}
    assert cols["start"].dtype == np.int64 and cols["end"].dtype == np.int64
    assert cols["confidence"].dtype == np.float64
    assert cols["type_names"] == layer.type_names == ["persName", "emoji", "term"]
    items = list(layer)
    assert cols["start"].tolist() == [a.start for a in items]
    assert cols["end"].tolist() == [a.end for a in items]
    assert [cols["type_names"][c] for c in cols["type"]] == [a.type for a in items]
    expected = [a.confidence for a in items]
    assert [None if math.isnan(c) else c for c in cols["confidence"].tolist()] == expected
    with pytest.raises(ValueError):
        cols["start"][0] = 1  # read-only views of the layer's cache
    copies = layer.columns(copy=True)
    copies["start"][0] = 1
    assert layer.columns()["start"][0] == items[0].start


def test_columns_of_an_empty_layer(doc: alinea.Document) -> None:
    cols = doc.add_layer("empty").columns()
    assert len(cols["start"]) == len(cols["end"]) == len(cols["type"]) == len(cols["confidence"]) == 0
    assert cols["type_names"] == []


def test_columns_follow_additions(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    layer.add(4, 5, "a")
    first = layer.columns()
    layer.add(1, 2, "b")
    second = layer.columns()
    assert first["start"].tolist() == [4]  # an old view keeps the old snapshot
    assert second["start"].tolist() == [1, 4]


def test_columns_of_layers_without_confidences_are_nan_of_their_own_length(doc: alinea.Document) -> None:
    # Layers without confidences share one column of NaN: each must still see its own length,
    # read-only, and a copy must be writable and independent.
    small, big = doc.add_layer("small"), doc.add_layer("big")
    small.add(0, 1, "t")
    big.extend([(k, k + 1, "t") for k in range(40)])
    cs, cb = small.columns(), big.columns()
    assert len(cs["confidence"]) == 1 and len(cb["confidence"]) == 40
    assert np.isnan(cs["confidence"]).all() and np.isnan(cb["confidence"]).all()
    assert cb["confidence"].flags.c_contiguous and not cb["confidence"].flags.writeable
    with pytest.raises(ValueError):
        cb["confidence"][0] = 0.5
    copied = small.columns(copy=True)["confidence"]
    copied[0] = 0.5
    assert np.isnan(small.columns()["confidence"][0]) and np.isnan(big.columns()["confidence"][0])
    big.add(0, 2, "t", confidence=0.25)  # the layer grows: a new snapshot, with a column of its own
    grown = big.columns()["confidence"]
    assert len(grown) == 41 and grown[0] == 0.25 and np.isnan(grown[1:]).all()
    assert np.isnan(cb["confidence"]).all() and len(cb["confidence"]) == 40  # the old view is unchanged


def test_columns_gather_confidences_in_document_order(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    layer.add(5, 6, "t", confidence=0.5)
    layer.add(1, 2, "t")
    layer.add(3, 4, "t", confidence=1.0)
    cols = layer.columns()
    assert cols["start"].tolist() == [1, 3, 5]
    got = cols["confidence"].tolist()
    assert math.isnan(got[0]) and got[1:] == [1.0, 0.5]


def reference_columns(layer_rows: list[tuple[int, int, str]], types: list[str]) -> list[tuple[int, int, int]]:
    return sorted(((s, e, types.index(t)) for s, e, t in layer_rows), key=lambda r: (r[0], -r[1], types[r[2]]))


def long_text(n_words: int, seed: int = 5) -> str:
    # Multi-byte characters of every length, so that byte and code-point offsets differ and
    # characters straddle the counter's 128-byte blocks.
    import random

    rng = random.Random(seed)
    words = ["a", "café", "Назарбаев", "🎉", "e\u0301tait", "中文", "naïve", "relations", "ŉ"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(30)) + "." for _ in range(max(1, n_words // 30))]
    return "T\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("order", ["document", "reversed", "shuffled"])
def test_columns_on_a_long_multibyte_text(order: str) -> None:
    import random
    import re

    doc = alinea.parse(long_text(3000), id="long", faithful=True)
    text = doc.text
    words = [(m.start(), m.end()) for m in re.finditer(r"[^\s.]+", text)]
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    rows = [(s, e, "w") for s, e in words] + [(s, e, "p") for s, e in sentences]  # nested spans
    rows += [(s, s, "empty") for s, _ in words[::7]] + [(len(text), len(text), "end")]
    if order == "reversed":
        rows.reverse()
    elif order == "shuffled":
        random.Random(11).shuffle(rows)
    layer = doc.add_layer("x")
    layer.extend(rows)
    cols = layer.columns()
    got = list(zip(cols["start"].tolist(), cols["end"].tolist(), cols["type"].tolist()))
    assert got == reference_columns(rows, layer.type_names)
    assert [(a.start, a.end) for a in layer] == [(s, e) for s, e, _ in got]
    assert all(text[s:e] == a.text for (s, e, _), a in zip(got, layer))


def test_columns_of_spans_far_apart_and_overlapping() -> None:
    # Far jumps forwards (between the ends of a long text) and steps back (overlapping spans
    # whose ends pass the next start) all convert exactly.
    doc = alinea.parse(long_text(30000, seed=2), id="far", faithful=True)
    text = doc.text
    n = len(text)
    rows = [(0, n, "all"), (0, 1, "a"), (n // 2, n // 2 + 3, "b"), (n - 1, n, "c"), (n, n, "d")]
    rows += [(k, min(n, k + 400), "o") for k in range(1000, 9000, 50)]  # each overlaps the next eight
    layer = doc.add_layer("x")
    layer.extend(rows)
    cols = layer.columns()
    got = list(zip(cols["start"].tolist(), cols["end"].tolist(), cols["type"].tolist()))
    assert got == reference_columns(rows, layer.type_names)
    assert len(text.encode()) > len(text)


@settings(max_examples=40, deadline=None)
@given(
    chunks=st.lists(
        st.sampled_from(["ab ", "é", "e\u0301", "🎉", "Ж", "x\n", "中", "  ", "word "]), min_size=1, max_size=400
    ),
    data=st.data(),
)
def test_columns_match_python_offsets_on_any_text(chunks: list[str], data: st.DataObject) -> None:
    text = "".join(chunks)
    if not text.strip():
        text = "x" + text
    doc = alinea.parse(text, id="h", faithful=True)
    n = len(doc.text)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=60))
    rows = [(min(a, b), max(a, b), "t") for a, b in pairs]
    if data.draw(st.booleans()):
        rows.sort(key=lambda r: (r[0], -r[1]))  # in document order: the layer knows without sorting
    layer = doc.add_layer("h")
    layer.extend(rows)
    cols = layer.columns()
    got = list(zip(cols["start"].tolist(), cols["end"].tolist()))
    assert got == sorted(((s, e) for s, e, _ in rows), key=lambda r: (r[0], -r[1]))
    assert [(a.start, a.end) for a in layer] == got


# --- code points on non-ASCII text -------------------------------------------------------------


def test_code_point_offsets_on_non_ascii_text(doc: alinea.Document) -> None:
    layer = doc.add_layer("words")
    words = ["🎉", "café", "e\u0301tait", "naïve", "Назарбаев", "agreed"]
    for w in words:
        layer.add(*span(doc, w), "w")
    for a in layer:
        assert doc.text[a.start : a.end] == a.text
    assert sorted(a.text for a in layer) == sorted(words)
    cols = layer.columns()
    for s, e, a in zip(cols["start"].tolist(), cols["end"].tolist(), layer):
        assert doc.text[s:e] == a.text


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab é\u0301🎉Жx\n")), min_size=1, max_size=60
    ).filter(lambda t: t.strip() != ""),
    data=st.data(),
)
def test_any_span_round_trips(text: str, data: st.DataObject) -> None:
    doc = alinea.parse(text, id="h", faithful=True)
    n = len(doc.text)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=20))
    spans = [(min(a, b), max(a, b)) for a, b in pairs]
    layer = doc.add_layer("h")
    layer.extend([(s, e, "t") for s, e in spans])
    arrays = doc.add_layer("h2")
    arrays.extend_arrays(np.array([s for s, _ in spans], dtype=np.int64), np.array([e for _, e in spans]), "t")
    got = [(a.start, a.end, a.text) for a in layer]
    assert got == sorted(((s, e, doc.text[s:e]) for s, e in spans), key=lambda x: (x[0], -x[1]))
    assert [(a.start, a.end) for a in arrays] == [(s, e) for s, e, _ in got]
    cols = layer.columns()
    assert list(zip(cols["start"].tolist(), cols["end"].tolist())) == [(s, e) for s, e, _ in got]
    assert alinea.from_json(doc.to_json()) == doc


# --- find -----------------------------------------------------------------------------------


@pytest.fixture
def people(doc: alinea.Document) -> alinea.Layer:
    layer = doc.add_layer("people")
    layer.add(*span(doc, "Putin"), "persName", {"ref": "Q7747"}, annotator="spacy")
    layer.add(*span(doc, "Nazarbaev"), "persName", {"ref": "Q1"}, annotator="spacy")
    layer.add(*span(doc, "Назарбаев"), "persName", {"ref": "Q1"}, annotator="gazetteer")
    layer.add(*span(doc, "Astana"), "placeName", annotator="gazetteer")
    return layer


def test_find_by_type_attribute_annotator(people: alinea.Layer) -> None:
    assert [a.text for a in people.find(type="persName")] == ["Nazarbaev", "Putin", "Назарбаев"]
    assert [a.text for a in people.find(attributes={"ref": "Q1"})] == ["Nazarbaev", "Назарбаев"]
    assert [a.text for a in people.find(annotator="gazetteer")] == ["Astana", "Назарбаев"]
    assert [a.text for a in people.find(type="persName", annotator="gazetteer")] == ["Назарбаев"]
    assert people.find(type="orgName") == []
    assert len(people.find()) == 4


def test_find_by_span(doc: alinea.Document, people: alinea.Layer) -> None:
    p2 = doc.paragraphs[0]
    assert [a.text for a in people.find(within=(p2.start, p2.end))] == ["Nazarbaev", "Putin", "Astana"]
    s, e = span(doc, "Putin")
    assert [a.text for a in people.find(overlapping=(s + 2, s + 3))] == ["Putin"]
    assert [a.text for a in people.find(overlapping=(e, e))] == ["Putin"]  # touching, empty
    assert people.find(overlapping=(e, e + 1)) == []
    with pytest.raises(alinea.ArgumentError):
        people.find(within=(5, 2))
    with pytest.raises(alinea.ArgumentError):
        people.find(overlapping=(-1, 2))


# --- invalid input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((0, 3, "pers name"), {}, alinea.ArgumentError),  # a space in the type
        ((0, 3, ""), {}, alinea.ArgumentError),
        ((5, 3, "t"), {}, alinea.ArgumentError),  # start > end
        ((0, 10_000, "t"), {}, alinea.ArgumentError),  # beyond the text
        ((-1, 3, "t"), {}, alinea.ArgumentError),
        ((0, 3, "t"), {"confidence": 2.0}, alinea.ArgumentError),
        ((0, 3, "t"), {"confidence": -0.1}, alinea.ArgumentError),
        ((0, 3, "t"), {"confidence": float("nan")}, alinea.ArgumentError),
        ((0, 3, "t", {"bad name": "x"}), {}, alinea.ArgumentError),
        ((0, 3, "t", {"ref": "a\x01b"}), {}, alinea.ArgumentError),
        ((0, 3, "t", {"n": 3}), {}, TypeError),
        ((0, 3, "t", ["ref"]), {}, TypeError),
        ((0.0, 3, "t"), {}, TypeError),
        ((0, 3, 7), {}, TypeError),
        ((0, 3, "t"), {"annotator": "a\x00"}, alinea.ArgumentError),
    ],
)
def test_add_rejects_invalid_input(doc: alinea.Document, args: tuple, kwargs: dict, error: type) -> None:
    layer = doc.add_layer("x")
    with pytest.raises(error):
        layer.add(*args, **kwargs)
    assert len(layer) == 0


def test_errors_are_value_errors_with_a_message(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    with pytest.raises(ValueError, match="beyond the end of the text"):
        layer.add(0, len(doc.text) + 1, "t")
    assert layer.add(0, len(doc.text), "t").text == doc.text
    with pytest.raises(ValueError, match="item 1: .*ends before it starts"):
        layer.extend([(0, 1, "t"), (3, 2, "t")])


def test_extend_is_all_or_nothing(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    layer.add(0, 1, "t")
    bad_batches = [
        [(0, 1, "t"), (1, 2, "bad type")],
        [(0, 1, "t"), (1, 2)],
        [(0, 1, "t"), "not a tuple"],
        [(0, 1, "t"), (1, 2, "t", {"": "x"})],
    ]
    for batch in bad_batches:
        with pytest.raises((ValueError, TypeError)):
            layer.extend(batch)  # type: ignore[arg-type]
    with pytest.raises(alinea.ArgumentError):
        layer.extend([(0, 1, "t")], confidence=1.5)
    assert len(layer) == 1
    assert layer.type_names == ["t"]


def test_extend_arrays_rejects_invalid_input(doc: alinea.Document) -> None:
    layer = doc.add_layer("x")
    s, e = np.array([0, 2]), np.array([1, 3])
    with pytest.raises(TypeError):
        layer.extend_arrays(s.astype(float), e, "t")  # wrong dtype
    with pytest.raises(TypeError):
        layer.extend_arrays(s, e, np.array([0, 1]))  # codes without categories
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, np.array([1, 3, 4]), "t")  # mismatched lengths
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, e, ["t"])
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, e, np.array([0, 2]), categories=["a", "b"])  # code out of range
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, e, "t", confidences=np.array([0.5, 2.0]))
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, e, "t", confidences=np.array([0.5]))
    with pytest.raises(TypeError):
        layer.extend_arrays(s, e, "t", confidences=np.array(["a", "b"]))
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(np.array([-1, 2]), e, "t")
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, np.array([1, 10_000]), "t")
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(np.array([[0, 1]]), np.array([[1, 2]]), "t")  # two-dimensional
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, e, ["t", "bad type"])
    with pytest.raises(alinea.ArgumentError):
        layer.extend_arrays(s, e, "t", attributes={"ref": ["a"]})
    assert len(layer) == 0
    layer.extend_arrays(s, e, "t", confidences=np.array([math.nan, 0.25]))  # NaN: none
    assert [a.confidence for a in layer] == [None, 0.25]
    layer.extend_arrays([], [], [])
    assert len(layer) == 2


# --- equality, provenance round trip ------------------------------------------------------


def test_annotation_equality_and_hash(doc: alinea.Document) -> None:
    x, y = doc.add_layer("x"), doc.add_layer("y")
    a = x.add(0, 3, "t", {"k": "v"}, annotator="me")
    b = x.add(0, 3, "t", {"k": "v"}, annotator="me")
    c = x.add(0, 3, "t", {"k": "w"}, annotator="me")
    d = y.add(0, 3, "t", {"k": "v"}, annotator="me")
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert a != d  # another layer
    assert a != (0, 3, "t")
    assert len({a, b, c}) == 2
    with pytest.raises(TypeError):
        alinea.Annotation()  # type: ignore[call-arg]


def test_provenance_round_trips_through_json(doc: alinea.Document) -> None:
    layer = doc.add_layer("entities")
    layer.add(*span(doc, "Putin"), "persName", {"ref": "Q7747"}, annotator="spacy", version="3.7.2", confidence=0.93)
    layer.add(*span(doc, "Astana"), "placeName", annotator="gazetteer")
    layer.add(*span(doc, "🎉"), "emoji", confidence=0.0)
    back = alinea.from_json(doc.to_json())
    assert back == doc
    again = back.layer("entities")
    assert [(a.text, a.annotator, a.version, a.confidence, a.attributes) for a in again] == [
        (a.text, a.annotator, a.version, a.confidence, a.attributes) for a in layer
    ]
    entities = next(l for l in json.loads(doc.to_json())["layers"] if l["name"] == "entities")
    assert "spacy" in json.dumps(entities)
    doc.remove_layer("entities")
    assert alinea.from_json(doc.to_json()) == doc != back


def test_layers_appear_in_tei(doc: alinea.Document) -> None:
    doc.add_layer("entities").add(*span(doc, "Putin"), "persName", {"ref": "Q7747"})
    assert "Q7747" in doc.to_tei()


# --- pandas -------------------------------------------------------------------------------


def test_to_pandas(people: alinea.Layer) -> None:
    pd = pytest.importorskip("pandas")
    df = people.to_pandas()
    assert list(df.columns) == ["start", "end", "type", "text", "attributes", "annotator", "version", "confidence"]
    assert isinstance(df["type"].dtype, pd.CategoricalDtype)
    assert list(df["text"]) == [a.text for a in people]
    assert list(df["start"]) == [a.start for a in people]
    assert list(df["attributes"]) == [a.attributes for a in people]
    assert list(df["annotator"]) == [a.annotator for a in people]
    assert df["confidence"].isna().all()


def test_to_pandas_without_pandas_names_pandas(people: alinea.Layer, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match="pandas"):
        people.to_pandas()


def test_document_order_of_a_shuffled_layer_matches_the_core(doc: alinea.Document) -> None:
    # Ties on the span are ordered by type, attributes and provenance, as the core orders them
    # (the JSON writer and equality use the core's order).
    import random

    rng = random.Random(3)
    n = len(doc.text)
    rows = []
    for _ in range(400):
        s = rng.randrange(0, n)
        e = min(n, s + rng.choice([0, 1, 2]))
        rows.append((s, e, rng.choice(["a", "b"]), {"k": rng.choice(["1", "2"])}, rng.choice([None, "x"])))
    shuffled = doc.add_layer("shuffled")
    for s, e, t, attrs, who in rows:
        shuffled.add(s, e, t, attrs, annotator=who)
    ordered = doc.add_layer("ordered")
    for a in shuffled:
        ordered.add(a.start, a.end, a.type, a.attributes, annotator=a.annotator)
    assert [(a.start, a.end, a.type, a.attributes, a.annotator) for a in ordered] == [
        (a.start, a.end, a.type, a.attributes, a.annotator) for a in shuffled
    ]
    keys = [(a.start, -a.end, a.type, sorted(a.attributes.items()), a.annotator or "") for a in shuffled]
    assert keys == sorted(keys)


def test_changes_while_another_thread_reads_are_refused_not_raced() -> None:
    import threading

    text = "T\n\n" + "\n\n".join(f"Word {i} of a paragraph for the race." for i in range(20000)) + "\n"
    doc = alinea.parse(text, id="race")
    layer = doc.add_layer("x")
    done = threading.Event()

    def reader() -> None:
        for _ in range(3):
            doc.to_tei()  # releases the GIL while it reads the document
        done.set()

    thread = threading.Thread(target=reader)
    thread.start()
    added = refused = 0
    while not done.is_set():
        try:
            layer.add(0, 1, "t")
            added += 1
        except RuntimeError as exc:
            assert "being read by another thread" in str(exc)
            refused += 1
    thread.join()
    assert len(layer) == added
    layer.add(0, 1, "t")  # once the reader is done, changes go through
    assert len(layer) == added + 1
