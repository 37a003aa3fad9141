"""TEI export and import of every annotation layer.

Documents with arbitrary layers are built through the lossless JSON form (hypothesis draws
the layers: overlapping, empty, cross-block and gap spans; TEI element names and users' own
types; attributes valid for TEI and not, repeated names, awkward values; annotator, version
and confidence), written as TEI, and read back: ``from_tei(to_tei(doc)) == doc``. Every file
written is then validated by jing against tei_all and the alinea profile, in one batch per
schema (the helpers of ``test_tei.py``). Other projects' TEI from the shared samples must keep
its layers through a write and a read, and validate too.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from paths import shared_dir
from test_tei import NS, PROFILE, parse_xml, run_jing, tei_all_path

import alinea

SAMPLES = shared_dir() / "corpus" / "tei-samples"

TEXTS = [
    "A Title\n\nBy Jane Doe\n\nAda Lovelace met *Charles Babbage* in London, \u201cthe city\u201d.\n\n"
    "CHAPTER II.\n\n- one item\n- two items\n\n> a quoted paragraph\n\n"
    "Last paragraph with caf\u00e9, e\u0301 and \U0001F600 here.\n\nSupport our journalists\n",
    "Only one paragraph.",
    "Heading\n\nOne. Two.\n\nThree.",
]

TEI_TYPES = [
    "persName", "placeName", "orgName", "name", "geogName", "roleName", "rs", "date", "time",
    "q", "said", "soCalled", "mentioned", "term", "foreign", "emph", "hi", "title", "num",
    "seg", "pb", "s",
]
USER_TYPES = ["topic", "my:type", "caf\u00e9", "choice", "note", "sp", "corr", "lb", "p"]
ATTRIBUTE_NAMES = [
    "ref", "when", "notBefore", "type", "subtype", "rend", "who", "xml:lang", "n", "key",
    "level", "facs", "break", "resp", "cert", "ana", "xml:id", "color", "sic",
]
GOOD_VALUES = [
    "#a", "#a #b", "https://www.wikidata.org/wiki/Q7259", "2001-09-11", "1843", "2002-03",
    "12:30:00", "italic", "bold", "italic bold", "en", "en-GB", "1", "7", "m", "yes", "x",
]
LAYER_NAMES = [
    "names", "dates", "quotations", "emphasis", "pages", "sentences", "terms", "topics",
    "choices", "notes", " spaced ", "x<&>\"y",
]


def xml_char(c: str) -> bool:
    cp = ord(c)
    return (cp >= 0x20 or c in "\t\n\r") and cp not in (0xFFFE, 0xFFFF) and not 0xD800 <= cp < 0xE000


XML_TEXT = st.text(st.characters().filter(xml_char), max_size=12)
VALUES = st.one_of(st.sampled_from(GOOD_VALUES), XML_TEXT,
                   st.sampled_from([" lead", "trail ", "a\nb\r\nc\td", "<&>\"'", "", " "]))
NAMES = st.one_of(st.sampled_from(ATTRIBUTE_NAMES),
                  st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_.:-]{0,8}\Z"))
TYPES = st.one_of(st.sampled_from(TEI_TYPES), st.sampled_from(USER_TYPES),
                  st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=8))
LAYER = st.one_of(st.sampled_from(LAYER_NAMES), st.text(st.characters().filter(xml_char),
                                                          min_size=1, max_size=10))


@st.composite
def annotation(draw: st.DrawFn, length: int) -> dict:
    start = draw(st.integers(0, length))
    kind = draw(st.sampled_from(["short", "short", "empty", "long", "all"]))
    if kind == "empty":
        end = start
    elif kind == "all":
        start, end = 0, length
    else:
        reach = 12 if kind == "short" else 200
        end = draw(st.integers(start, min(length, start + reach)))
    typ = draw(TYPES)
    attrs = draw(st.lists(st.tuples(NAMES, VALUES), max_size=3))
    if typ == "s" and draw(st.booleans()):
        attrs = [("n", str(draw(st.integers(1, 5))))]
    a: dict = {"start": start, "end": end, "type": typ, "attributes": [list(p) for p in attrs]}
    if draw(st.booleans()):
        a["annotator"] = draw(st.sampled_from(["", "spacy", " hand ", "gazetteer\t2"]))
        a["version"] = draw(st.sampled_from(["", "3.7.2", "1"]))
    if draw(st.booleans()):
        a["confidence"] = draw(st.floats(0.0, 1.0))
    return a


@st.composite
def documents(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    base = json.loads(alinea.parse(text, id="hyp").to_json())
    length = len(base["text"])
    names = draw(st.lists(LAYER, max_size=5, unique=True))
    layers = [layer for layer in base["layers"] if layer["name"] == "edits"]
    for name in names:
        if name == "edits":
            continue
        layers.append({"name": name,
                       "annotations": draw(st.lists(annotation(length), max_size=10))})
    if draw(st.booleans()):  # the ingest layers in their own order (emphasis, pages ...)
        layers += [lay for lay in base["layers"] if lay["name"] not in names and lay["name"] != "edits"]
    draw(st.randoms()).shuffle(layers)
    base["layers"] = layers
    return json.dumps(base)


def counted(xml: str) -> tuple[int, int]:
    """Annotations in a written file: inline elements and standOff layer annotations."""
    tree = etree.fromstring(xml.encode("utf-8"))
    standoff = len(tree.findall(".//tei:listAnnotation[@type='alinea-layer']/tei:annotation", NS))
    text = tree.find("tei:text", NS)
    names = {f"{{{NS['tei']}}}{t}" for t in TEI_TYPES}
    inline = sum(1 for el in text.iter() if el.tag in names)
    return inline, standoff


class Batch:
    """Files written by a test, validated against both schemas at once when it ends."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: list[Path] = []

    def add(self, name: str, xml: str) -> None:
        path = self.directory / f"{len(self.files):04d}-{name}.xml"
        path.write_text(xml, encoding="utf-8")
        self.files.append(path)

    def validate(self) -> None:
        malformed: dict[Path, str] = {}
        for path in self.files:
            try:
                parse_xml(path)
            except etree.XMLSyntaxError as exc:
                malformed[path] = str(exc)
        assert not malformed, malformed
        for schema in (tei_all_path(), PROFILE):
            report = run_jing(schema, self.files, malformed)
            bad = {p.name: report.errors_for(p)[:5] for p in self.files if report.errors_for(p)}
            assert not bad, f"invalid against {schema.name}: {json.dumps(bad, indent=1)[:4000]}"


@pytest.fixture
def batch(tmp_path: Path) -> Batch:
    return Batch(tmp_path)


def test_random_layers_round_trip_and_validate(batch: Batch) -> None:
    totals = {"docs": 0, "inline": 0, "standoff": 0}

    @settings(max_examples=120, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(documents(), st.booleans())
    def check(source: str, indent: bool) -> None:
        doc = alinea.from_json(source)
        xml = alinea.to_tei(doc, indent=indent)
        assert alinea.from_tei(xml) == doc
        assert alinea.to_tei(alinea.from_tei(xml), indent=indent) == xml  # deterministic
        inline, standoff = counted(xml)
        annotations = sum(len(layer["annotations"]) for layer in json.loads(doc.to_json())["layers"]
                          if layer["name"] != "edits")
        assert inline + standoff >= annotations  # nothing dropped (inline counts may include s, pb of ingest)
        totals["docs"] += 1
        totals["inline"] += inline
        totals["standoff"] += standoff
        batch.add("hyp", xml)

    check()
    assert totals["inline"] > 0 and totals["standoff"] > 0, totals
    batch.validate()


def seeded_document(rng: random.Random) -> alinea.Document:
    base = json.loads(alinea.parse(rng.choice(TEXTS), id="seeded").to_json())
    length = len(base["text"])
    present = {layer["name"] for layer in base["layers"]}
    for name in rng.sample(LAYER_NAMES, rng.randint(1, 4)):
        if name in present:
            continue
        anns = []
        for _ in range(rng.randint(0, 15)):
            start = rng.randint(0, length)
            end = min(length, start + rng.choice([0, 1, 5, 20, 300]))
            anns.append({"start": start, "end": end, "type": rng.choice(TEI_TYPES + USER_TYPES),
                         "attributes": [[rng.choice(ATTRIBUTE_NAMES), rng.choice(GOOD_VALUES)]
                                        for _ in range(rng.randint(0, 2))],
                         "annotator": rng.choice(["", "spacy"]), "confidence": rng.random()})
        base["layers"].append({"name": name, "annotations": anns})
    return alinea.from_json(json.dumps(base))


def test_seeded_layers_mostly_inline_round_trip_and_validate(batch: Batch) -> None:
    rng = random.Random(20240605)
    for _ in range(60):
        doc = seeded_document(rng)
        for indent in (True, False):
            xml = alinea.to_tei(doc, indent=indent)
            assert alinea.from_tei(xml) == doc
            batch.add("seeded", xml)
    batch.validate()


def sample_files() -> list[Path]:
    return sorted(SAMPLES.rglob("*.xml")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not sample_files(), reason=f"TEI samples not found under {SAMPLES}")
def test_foreign_tei_keeps_its_layers_through_alinea_tei(batch: Batch) -> None:
    imported = 0
    for path in sample_files():
        try:
            doc = alinea.from_tei(path)
        except alinea.ParseError:
            continue  # P4, translated element names, teiCorpus: see test_tei_import.py
        xml = alinea.to_tei(doc)
        back = alinea.from_tei(xml)
        assert back == doc, path.name
        assert back.layer_names == doc.layer_names
        batch.add(path.stem, xml)
        imported += 1
    assert imported >= 35
    batch.validate()
