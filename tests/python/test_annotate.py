"""The built-in annotators and the authority list from Python: what they find on the project's
gold (tests/data/annotators), the seeds' cross-text variants, valid TEI, the CLI, errors."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from pathlib import Path

import pytest
from paths import REPO, scorer, shared_dir
from test_tei import run_jing, tei_all_path
from test_tei_layers import Batch

import alinea
from alinea.cli import main

SEEDS = shared_dir() / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seeds at {SEEDS}")


S = scorer()


@pytest.fixture(scope="module")
def gold():
    docs, _ = S.load_gold()
    return docs


@pytest.fixture(scope="module")
def annotated(gold):
    """Each gold text read and annotated, and the authority list of them all."""
    docs = {}
    for g in gold:
        doc = alinea.read(str(g.path))
        alinea.annotate(doc)
        docs[g.stem] = doc
    authority = alinea.build_authority(list(docs.values()))
    return docs, authority


def test_annotate_adds_the_layers_with_provenance() -> None:
    doc = alinea.parse(
        "Talks\n\nOn 12 March 2002 President Nursultan Nazarbayev met Ken Derr, CEO of Chevron, in "
        'Almaty. "It was a long day," Derr said.\n',
        id="talks",
    )
    assert alinea.annotate(doc) is doc
    assert {"dates", "names", "quotations"} <= set(doc.layer_names)
    (date,) = doc.layer("dates")
    assert (date.text, date.attributes, date.annotator) == ("12 March 2002", {"when": "2002-03-12"}, "alinea.dates")
    names = {(a.text, a.type) for a in doc.layer("names")}
    assert {("Nursultan Nazarbayev", "persName"), ("Ken Derr", "persName"), ("Chevron", "orgName"),
            ("Almaty", "placeName")} <= names
    (quote,) = doc.layer("quotations")
    assert (quote.type, quote.attributes["who"]) == ("said", "#derr")
    assert all(0 <= (a.confidence or 0) <= 1 and a.version == alinea.__version__ for a in doc.layer("names"))
    for a in doc.layer("names"):
        assert doc.text[a.start:a.end] == a.text


def test_each_annotator_alone_and_options() -> None:
    doc = alinea.parse("T\n\nLast year Ada Lovelace visited Vellmar. It rained on Tuesday.\n", id="d")
    dates = alinea.annotate_dates(doc, document_date=datetime.date(2002, 3, 12))
    assert [(a.text, a.attributes.get("when")) for a in dates] == [("Last year", "2001"), ("Tuesday", None)]
    assert alinea.annotate_dates(doc, document_date="2002")[0].attributes["when"] == "2001"
    with pytest.raises(alinea.ArgumentError, match="document_date"):
        alinea.annotate_dates(doc, document_date="12/03/2002")
    gazetteer = alinea.Gazetteer([("Vellmar", "placeName", "https://example.org/vellmar", ["Velmar"])])
    only = alinea.annotate_names(doc, gazetteer, rules=False)
    assert [(a.text, a.attributes) for a in only] == [
        ("Vellmar", {"ref": "https://example.org/vellmar", "key": "Vellmar"})
    ]
    with_rules = alinea.annotate_names(doc, gazetteer)
    assert [a.text for a in with_rules] == ["Ada Lovelace", "Vellmar"]
    assert doc.layer("names") == with_rules  # the layer was replaced, not duplicated
    assert len(alinea.annotate_quotations(doc)) == 0


def test_gazetteer_from_tsv_and_its_errors(tmp_path: Path) -> None:
    tsv = tmp_path / "people.tsv"
    tsv.write_text("name\ttype\tref\tvariants\nIlse Marten\tpersName\t\tI. Marten|Marten\n", encoding="utf-8")
    g = alinea.Gazetteer.from_tsv(tsv)
    assert len(g) == 1
    assert len(alinea.Gazetteer.from_tsv(str(tsv))) == 1
    assert len(alinea.Gazetteer.builtin()) > 400
    doc = alinea.parse("T\n\nI. Marten chairs it.\n", id="d")
    assert [a.text for a in alinea.annotate_names(doc, g, rules=False)] == ["I. Marten"]
    with pytest.raises(alinea.ParseError) as err:
        alinea.Gazetteer.from_tsv("Ilse Marten\tpersonName\n")
    assert err.value.code == "A005" and err.value.line == 1
    with pytest.raises(OSError):
        alinea.Gazetteer.from_tsv(tmp_path / "missing.tsv")


def test_annotators_meet_the_issue_targets_on_the_gold(gold, annotated) -> None:
    docs, _ = annotated
    gold_spans = [s for g in gold for s in g.spans]
    predicted = []
    for g in gold:
        predicted += S.spans_from_json(g.stem, json.loads(docs[g.stem].to_json()), g.text, g.stem)
    result = S.score(gold_spans, predicted)
    per_type = result["types"]
    figures = {t: (per_type[t]["precision"], per_type[t]["recall"]) for t in ("date", "persName", "placeName", "orgName")}
    assert figures["date"][0] >= 0.9 and figures["date"][1] >= 0.9, figures
    for t in ("persName", "placeName", "orgName"):
        assert figures[t][0] >= 0.85 and figures[t][1] >= 0.8, (t, figures)
    assert result["q_speaker"]["share"] >= 0.8, result["q_speaker"]
    assert result["date_normalisation"]["share"] >= 0.95


def _gold_entity_of(gold, stem: str, start: int, end: int) -> str | None:
    for g in gold:
        if g.stem == stem:
            for s in g.spans:
                if s.start == start and s.end == end and s.entity:
                    return s.entity
    return None


def test_authority_list_never_joins_two_gold_entities(gold, annotated) -> None:
    docs, authority = annotated
    stems = list(docs)
    joined = []
    for entry in authority.entries:
        entities = {_gold_entity_of(gold, stems[d], start, end) for d, start, end, _ in entry["mentions"]}
        entities.discard(None)
        if len(entities) > 1:
            joined.append((entry["name"], sorted(entities)))
    assert not joined


@needs_seeds
def test_the_seeds_variants_end_in_one_entry_each(annotated) -> None:
    _, authority = annotated

    def entry_with(name: str):
        found = [e for e in authority.entries if name in e["variants"]]
        assert found, name
        return found[0]["id"]

    assert entry_with("Nursultan Nazarbaev") == entry_with("Nursultan Nazarbayev") == entry_with("Nazarbaev")
    assert entry_with("Kazakstan") == entry_with("Kazakhstan")
    assert entry_with("Ken Derr") == entry_with("Ken Durr")
    rules = {(d["rule"], d["first"], d["second"]) for d in authority.decisions if d["merged"]}
    assert any(r == "one-letter" and {a, b} == {"Ken Derr", "Ken Durr"} for r, a, b in rules)
    for d in authority.decisions:
        if d["merged"]:
            entry = authority.entries[d["entry"]]
            assert d["first"] in entry["variants"] and d["second"] in entry["variants"]
        else:
            assert d["entry"] is None
    people = [e for e in authority.entries if e["type"] == "persName"]
    assert len({e["id"] for e in people}) == len(people)


def test_annotated_tei_and_the_authority_list_validate(tmp_path: Path, annotated) -> None:
    docs, authority = annotated
    batch = Batch(tmp_path)
    authority.apply()
    for stem, doc in docs.items():
        xml = doc.to_tei()
        batch.add(stem, xml)
        batch.add(stem + "-standoff", doc.to_tei(standoff_layers=["names"], indent=False))
        back = alinea.from_tei(xml)
        assert back == doc
        refs = {a.attributes.get("ref") for a in back.layer("names") if a.type == "persName"}
        assert all(r and r.startswith("#") for r in refs)
    batch.validate()
    tei = authority.to_tei(title="People, places & organisations")
    path = tmp_path / "authority.xml"
    path.write_text(tei, encoding="utf-8")
    report = run_jing(tei_all_path(), [path], {})
    assert not report.errors_for(path)


def test_user_overrides_split_and_merge(tmp_path: Path) -> None:
    a = alinea.parse("T\n\nKen Derr of Chevron signed.\n", id="a")
    b = alinea.parse("T\n\nKen Durr of Chevron retired.\n", id="b")
    for d in (a, b):
        alinea.annotate(d)
    assert len({e["id"] for e in alinea.build_authority([a, b]).entries if e["type"] == "persName"}) == 1
    split = alinea.build_authority([a, b], overrides="split\tKen Derr\tKen Durr\n")
    assert len([e for e in split.entries if e["type"] == "persName"]) == 2
    kept = [d for d in split.decisions if not d["merged"]]
    assert kept and "user" in kept[0]["evidence"]
    fixes = tmp_path / "split.tsv"
    fixes.write_text("split\tKen Derr\tKen Durr\n", encoding="utf-8")
    for source in (fixes, str(fixes)):  # a path, as Path or as str
        assert len([e for e in alinea.build_authority([a, b], overrides=source).entries
                    if e["type"] == "persName"]) == 2
    bad = tmp_path / "fixes.tsv"
    bad.write_text("merge\tonly one\n", encoding="utf-8")
    with pytest.raises(alinea.ParseError) as err:
        alinea.build_authority([a, b], overrides=bad)
    assert err.value.line == 1


def test_cli_convert_annotate(tmp_path: Path, capsys) -> None:
    texts = REPO / "tests" / "data" / "annotators"
    sources = [str(texts / "vellmar-review.txt"), str(REPO / "docs" / "samples" / "harbour-report.txt")]
    out = tmp_path / "out"
    assert main(["convert", "--annotate", "--report", "-q", *sources, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "authority.xml" in printed and "spellings joined" in printed
    assert (out / "authority.xml").is_file()
    doc = alinea.from_tei(out / "vellmar-review.xml")
    assert {"dates", "names", "quotations"} <= set(doc.layer_names)
    by_text = defaultdict(set)
    for a in doc.layer("names"):
        by_text[a.text].add(a.attributes.get("ref"))
    assert by_text["Holmgaard"] == by_text["Jens Holmgaard"]
    assert main(["convert", "--annotate", "-q", "--gazetteer", str(tmp_path / "none.tsv"), *sources,
                 "-o", str(out)]) == 2


def test_gazetteers_from_json_and_tei(tmp_path: Path) -> None:
    js = tmp_path / "names.json"
    js.write_text(json.dumps([{"name": "Ilse Marten", "type": "persName", "variants": ["I. Marten"]},
                              {"name": "Vellmar", "type": "placeName", "ref": "https://example.org/v"}]),
                  encoding="utf-8")
    g = alinea.load_gazetteer(js)
    doc = alinea.parse("T\n\nI. Marten lives in Vellmar.\n", id="d")
    assert [(a.text, a.attributes.get("ref")) for a in alinea.annotate_names(doc, g, rules=False)] == [
        ("I. Marten", None), ("Vellmar", "https://example.org/v")]
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": 3}]', encoding="utf-8")
    with pytest.raises(alinea.ArgumentError, match="entry 0"):
        alinea.gazetteer_from_json(bad)
    # An authority list alinea wrote is a gazetteer for the next corpus.
    a = alinea.parse("T\n\nPresident Nursultan Nazarbaev met Ken Derr of Chevron.\n", id="a")
    alinea.annotate(a)
    tei = tmp_path / "authority.xml"
    tei.write_text(alinea.build_authority([a]).to_tei(), encoding="utf-8")
    g2 = alinea.gazetteer_from_tei(tei)
    b = alinea.parse("T\n\nNursultan Nazarbaev and Chevron.\n", id="b")
    found = {(x.text, x.type) for x in alinea.annotate_names(b, g2, rules=False)}
    assert {("Nursultan Nazarbaev", "persName"), ("Chevron", "orgName")} <= found
    (tmp_path / "empty.xml").write_text("<TEI/>", encoding="utf-8")
    with pytest.raises(alinea.ArgumentError, match="no person"):
        alinea.gazetteer_from_tei(tmp_path / "empty.xml")
