"""TEI output: well-formed, deterministic, and valid against TEI P5 and the alinea profile.

Contract 5 of the design: every TEI file alinea writes validates against TEI P5
``tei_all`` and against the project's stricter profile ``tei/alinea.rng``.

jing takes a moment to start, so validation is batched: a session fixture writes
every document (seeds, ``docs/samples/*.txt``, awkward in-memory texts, each
indented and compact, plus hand-made reference and broken documents) into one
directory, and jing runs once per schema over all of them. The per-file tests
then look up that file's errors in jing's output (``path:line:col: error: ...``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree
from paths import REPO, sample_paths, seed_paths, shared_dir

import alinea

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}

PROFILE = REPO / "tei" / "alinea.rng"
FULL_EXAMPLE = REPO / "tei" / "examples" / "full.xml"


def tei_all_path() -> Path:
    return shared_dir() / "corpus" / "schema" / "tei_all.rng"


CITATION_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
LAYOUTS = ("indented", "compact")

# --------------------------------------------------------------------------- #
# The documents under test                                                    #
# --------------------------------------------------------------------------- #

# In-memory texts with characters that an XML writer must escape or pass through
# untouched. Each is (text, keyword arguments for alinea.parse).
AWKWARD: dict[str, tuple[str, dict]] = {
    "markup-characters": (
        "Fish & Chips <b> > a\n\n"
        "R&D costs < 5% & > 2%; AT&T's \"<tag attr='v'>\" ]]> done.\n\n"
        "Entities stay text: &amp; &lt; &#x41; &#65; &nbsp;\n",
        {},
    ),
    "xml-lookalike-title": (
        "<?xml version='1.0'?>\n\n<!-- not a comment --> <![CDATA[ not cdata ]]> <p n=\"0\">\n",
        {},
    ),
    "quotes": (
        "\"Straight\" and 'single' quotes\n\n"
        "\u201cCurly\u201d \u2018single\u2019 \u00abguillemets\u00bb \u201elow\u201c "
        "and an apostrophe: it\u2019s, o'clock, \"quoted 'inner' text\".\n",
        {},
    ),
    "tabs-and-spaces": (
        "Col1\tCol2\t\tCol3\n\n"
        "\tIndented with a tab, trailing tab\t\n\n"
        "No-break\u00a0space, thin\u2009space, zero\u200bwidth, line\u2028separator.\n",
        {},
    ),
    "emoji": (
        "Emoji \U0001f600\n\n"
        "Thumbs \U0001f44d\U0001f3fd, family \U0001f468\u200d\U0001f469\u200d\U0001f467, "
        "flags \U0001f1f0\U0001f1ff \U0001f1fa\U0001f1f8, variation \u2764\ufe0f.\n",
        {},
    ),
    "combining-marks": (
        "Cafe\u0301 and nai\u0308ve\n\n"
        "\u0301A paragraph that starts with a combining acute.\n\n"
        "Stacked: Z\u0351\u0325a\u0300\u0301\u0302 and Vietnamese Vie\u0323\u0302t.\n",
        {},
    ),
    "right-to-left": (
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd\n\n"
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 "
        "(Arabic) and \u05e2\u05d1\u05e8\u05d9\u05ea 123 mixed with English.\n\n"
        "Marks: \u200fRLM\u200e LRM \u202eoverride\u202c \u2067isolate\u2069.\n",
        {},
    ),
    "odd-source-name": (
        "A title\n\nA paragraph.\n",
        {"id": "odd.source-name_1", "source": "R&D <notes> \"v2\" 'final'.txt"},
    ),
    "no-title": ("just one line, no title", {"detect_title": False}),
    "crlf-and-bom": ("\ufeffTitle\r\n\r\nOne\r\nwrapped.\r\n\r\nTwo.\r\n", {}),
    "form-feed": ("Page one ends here\f\nand page two goes on.\n", {}),
    "lenient-controls": ("Controls \x00 \x0b \x1f \ufffe replaced\n", {"lenient": True}),
    "c1-controls": ("Next line \x85 and \x80 are legal XML 1.0 characters.\n", {}),
    "many-paragraphs": (
        "Many\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(1, 121)) + "\n",
        {},
    ),
}


@dataclass(frozen=True)
class Case:
    """One document under test and how to build it."""

    name: str
    build: Callable[[], alinea.Document]


def _read(path: Path) -> Callable[[], alinea.Document]:
    return lambda: alinea.read(path)


def _parse(name: str, text: str, kwargs: dict) -> Callable[[], alinea.Document]:
    kw = {"id": name, **kwargs}
    return lambda: alinea.parse(text, **kw)


def _cases() -> list[Case]:
    cases = [Case(f"seed-{p.stem}", _read(p)) for p in seed_paths()]
    cases += [Case(f"sample-{p.stem}", _read(p)) for p in sample_paths()]
    cases += [Case(f"text-{n}", _parse(n, t, kw)) for n, (t, kw) in AWKWARD.items()]
    return cases


CASES = {c.name: c for c in _cases()}


def _params(prefix: str, missing_reason: str) -> list:
    names = [n for n in CASES if n.startswith(prefix)]
    if not names:
        skip = pytest.mark.skip(reason=missing_reason)
        return [pytest.param(None, id=f"no-{prefix.rstrip('-')}", marks=skip)]
    return [pytest.param(n, id=n) for n in names]


# Parameters for every per-document test: seeds and samples skip (with a reason)
# when there are none, so that the module always collects.
DOC_PARAMS = (
    _params("seed-", f"no seed texts under {shared_dir() / 'seeds'}")
    + _params("sample-", f"no sample texts in {REPO / 'docs' / 'samples'} yet")
    + _params("text-", "no in-memory texts")
)


# --------------------------------------------------------------------------- #
# Hand-made documents: a minimal valid one, broken variants, an inline matrix  #
# --------------------------------------------------------------------------- #

# What alinea writes (plus the publisher that tei_all requires in publicationStmt):
# valid against both schemas. Every mutant below changes one thing in it.
BASE = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A title</title></titleStmt>
      <publicationStmt>
        <publisher>alinea</publisher>
        <idno type="alinea-citation-id">base</idno>
      </publicationStmt>
      <sourceDesc><bibl><idno type="filename">base.txt</idno></bibl></sourceDesc>
    </fileDesc>
    <encodingDesc>
      <appInfo>
        <application ident="alinea" version="0.1.0"><label>alinea</label></application>
      </appInfo>
      <refsDecl>
        <citeStructure unit="paragraph" match="/TEI/text/body/div/p" use="@n"/>
      </refsDecl>
    </encodingDesc>
  </teiHeader>
  <text>
    <front>
      <docTitle><titlePart type="main">A title</titlePart></docTitle>
      <argument><p>A standfirst.</p></argument>
    </front>
    <body>
      <div>
        <p xml:id="p1" n="1">First paragraph with <hi rend="italic">emphasis</hi>.</p>
        <p xml:id="p2" n="2">Second paragraph.</p>
      </div>
    </body>
  </text>
</TEI>
"""


def _sub(*pairs: str) -> Callable[[str], str]:
    """Replace the first occurrence of each old string by its new one: _sub(old, new, ...)."""

    def apply(doc: str) -> str:
        for old, new in zip(pairs[::2], pairs[1::2]):
            assert old in doc, f"mutation does not apply: {old!r} not in the base document"
            doc = doc.replace(old, new, 1)
        return doc

    return apply


@dataclass(frozen=True)
class Mutant:
    name: str
    mutate: Callable[[str], str]
    tei_all_accepts: bool  # True: only the profile catches it (the profile is stricter)


MUTANTS = [
    Mutant("p-without-n", _sub('<p xml:id="p2" n="2">', '<p xml:id="p2">'), True),
    Mutant("p-n-zero", _sub('xml:id="p1" n="1"', 'xml:id="p1" n="0"'), True),
    Mutant("p-n-leading-zero", _sub('xml:id="p2" n="2"', 'xml:id="p2" n="02"'), True),
    Mutant("p-n-not-a-number", _sub('xml:id="p2" n="2"', 'xml:id="p2" n="two"'), True),
    Mutant("p-without-id", _sub('<p xml:id="p2" n="2">', '<p n="2">'), True),
    Mutant("p-id-not-pN", _sub('xml:id="p2" n="2"', 'xml:id="para2" n="2"'), True),
    Mutant("p-duplicate-id", _sub('xml:id="p2" n="2"', 'xml:id="p1" n="2"'), False),
    Mutant("missing-citeStructure", _sub(
        """<refsDecl>
        <citeStructure unit="paragraph" match="/TEI/text/body/div/p" use="@n"/>
      </refsDecl>""", ""), True),
    Mutant("citeStructure-other-match",
           _sub('match="/TEI/text/body/div/p"', 'match="/TEI/text/body//p"'), True),
    Mutant("citeStructure-other-use", _sub('use="@n"', 'use="@xml:id"'), True),
    Mutant("missing-appInfo", _sub(
        """<appInfo>
        <application ident="alinea" version="0.1.0"><label>alinea</label></application>
      </appInfo>""", ""), True),
    Mutant("bad-citation-id", _sub(">base</idno>", ">bad id!</idno>"), True),
    Mutant("empty-title", _sub("<title>A title</title>", "<title> </title>"), True),
    Mutant("idno-without-agency", _sub("<publisher>alinea</publisher>", ""), False),
    Mutant("p-directly-in-body", _sub("<div>", "", "</div>", ""), True),
    Mutant("nested-div", _sub("<div>", "<div><div>", "</div>", "</div></div>"), True),
    Mutant("hi-without-rend", _sub('<hi rend="italic">', "<hi>"), True),
    Mutant("nested-s", _sub(
        "First paragraph with",
        '<s xml:id="s1" n="1">First <s xml:id="s2" n="1">paragraph</s></s> with'), True),
    Mutant("element-outside-profile", _sub("Second paragraph.", "Second <seg>paragraph</seg>."),
           True),
    Mutant("numbered-standfirst", _sub("<argument><p>", '<argument><p n="1">'), True),
    Mutant("empty-back", _sub("</body>", "</body><back/>"), True),
    Mutant("said-in-date", _sub("Second paragraph.", "<date><said>x</said></date>"), False),
]


# The phrase-level elements of the profile, each in a minimal valid form, and
# the containers they may appear in. The matrix document puts every element
# in every container, so that both schemas must accept every combination the
# profile allows: evidence that the profile is no looser than tei_all.
PHRASES = {
    "hi": '<hi rend="italic">x</hi>',
    "pb": '<pb n="2"/>',
    "lb": "<lb/>",
    "anchor": '<anchor type="t"/>',
    "persName": '<persName ref="#x" when="2002">x</persName>',
    "placeName": '<placeName type="country">x</placeName>',
    "orgName": "<orgName>x</orgName>",
    "date": '<date when="2001-09-11" notBefore="2001" notAfter="2002">x</date>',
    "q": '<q who="#x" type="spoken">x</q>',
    "said": '<said who="#x">x</said>',
    "soCalled": "<soCalled>x</soCalled>",
    "foreign": '<foreign xml:lang="kk">x</foreign>',
    "term": '<term ref="#x">x</term>',
    "choice-sic": "<choice><sic>x</sic><corr>y</corr></choice>",
    "choice-reg": "<choice><reg>y</reg><orig>x</orig></choice>",
}
CONTAINERS = {
    "hi": '<hi rend="b">{}</hi>',
    "persName": "<persName>{}</persName>",
    "placeName": "<placeName>{}</placeName>",
    "orgName": "<orgName>{}</orgName>",
    "date": "<date>{}</date>",
    "q": "<q>{}</q>",
    "said": "<said>{}</said>",
    "soCalled": "<soCalled>{}</soCalled>",
    "foreign": "<foreign>{}</foreign>",
    "term": "<term>{}</term>",
    "sic": "<choice><sic>{}</sic><corr>c</corr></choice>",
    "corr": "<choice><sic>s</sic><corr>{}</corr></choice>",
    "orig": "<choice><orig>{}</orig><reg>r</reg></choice>",
    "reg": "<choice><orig>o</orig><reg>{}</reg></choice>",
    "s": '<s xml:id="s{id}" n="1">{}</s>',
    "q>s": '<q><s xml:id="s{id}" n="1">{}</s></q>',
    "said>s": '<said><s xml:id="s{id}" n="1">{}</s></said>',
}
# Combinations tei_all forbids, so the profile forbids them too.
EXCLUDED = {("date", "said"), ("byline", "said")}


def inline_matrix() -> str:
    """A profile-valid document with every phrase element in every container."""
    serial = iter(range(1, 100_000))
    paras, heads = [], []
    for name, phrase in PHRASES.items():
        # Directly in a numbered paragraph, and in each container.
        paras.append(f"t {phrase} t")
        for cname, container in CONTAINERS.items():
            if (cname, name) not in EXCLUDED:
                wrapped = container.replace("{id}", str(next(serial))).format(phrase)
                paras.append(f"t {wrapped} t")
        heads.append(f"<head>h {phrase}</head>")
    body = "".join(
        f'<p xml:id="p{n}" n="{n}">{content}</p>' for n, content in enumerate(paras, start=1)
    )
    everywhere = " ".join(PHRASES.values())
    in_byline = " ".join(v for k, v in PHRASES.items() if ("byline", k) not in EXCLUDED)
    doc = BASE.replace("<div>", "<div>" + "".join(heads), 1)
    doc = re.sub(r"<div>.*</div>", lambda m: m.group(0).split("<p ")[0] + body + "</div>", doc,
                 count=1, flags=re.S)
    doc = doc.replace(
        '<titlePart type="main">A title</titlePart>',
        f'<titlePart type="main">A {everywhere}</titlePart>',
    )
    doc = doc.replace(
        "<argument><p>A standfirst.</p></argument>",
        f"<byline>By <docAuthor>{everywhere}</docAuthor> {in_byline}</byline>"
        f"<docAuthor>{everywhere}</docAuthor>"
        f'<argument><p>{everywhere} <s xml:id="sa" n="1">{everywhere}</s></p></argument>',
    )
    doc = doc.replace(
        "</body>",
        f"</body><back><note>{everywhere}</note>"
        f'<div><head>{everywhere}</head><p>{everywhere}</p><note><p>{everywhere}</p></note></div>'
        f"<trailer>{everywhere}</trailer></back>",
    )
    return doc


# --------------------------------------------------------------------------- #
# Writing everything, and one jing run per schema                             #
# --------------------------------------------------------------------------- #


@dataclass
class Written:
    """Every file under test, by key; and conversion errors, by case name."""

    directory: Path
    files: dict[str, Path] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    def doc_file(self, case: str, layout: str) -> Path:
        if case in self.failures:
            pytest.fail(f"alinea could not convert {case}: {self.failures[case]}")
        return self.files[f"{case}.{layout}"]


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    out = Written(tmp_path_factory.mktemp("tei"))
    for case in CASES.values():
        try:
            doc = case.build()
            for layout in LAYOUTS:
                path = out.directory / f"{case.name}.{layout}.xml"
                alinea.write_tei(doc, path, indent=layout == "indented")
                out.files[f"{case.name}.{layout}"] = path
        except Exception as exc:  # reported by each test of this case
            out.failures[case.name] = f"{type(exc).__name__}: {exc}"
    fixtures = out.directory / "fixtures"
    fixtures.mkdir()
    extra = {"base": BASE, "inline-matrix": inline_matrix()}
    extra.update({f"mutant-{m.name}": m.mutate(BASE) for m in MUTANTS})
    for key, content in extra.items():
        path = fixtures / f"{key}.xml"
        path.write_text(content, encoding="utf-8")
        out.files[key] = path
    out.files["full-example"] = FULL_EXAMPLE
    return out


@dataclass
class JingReport:
    """jing's verdict on every file of one batch."""

    schema: Path
    returncode: int
    errors: dict[Path, list[str]]
    unattributed: list[str]  # lines naming no validated file (a broken schema, say)
    stderr: str

    def errors_for(self, path: Path) -> list[str]:
        assert not self.unattributed, (
            f"jing could not validate against {self.schema}:\n" + "\n".join(self.unattributed)
        )
        return self.errors.get(path, [])


ERROR_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|fatal): ")


def run_jing(schema: Path, files: list[Path]) -> JingReport:
    jing = shutil.which("jing")
    if jing is None:
        pytest.skip("jing is not on PATH (apt-get install jing); TEI validation skipped")
    if not schema.is_file():
        pytest.skip(f"schema {schema} not found; validation against it skipped")
    proc = subprocess.run(
        [jing, str(schema), *map(str, files)],
        capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
    )
    by_name = {str(f): f for f in files}
    errors: dict[Path, list[str]] = {}
    unattributed = []
    for line in proc.stdout.splitlines():
        m = ERROR_LINE.match(line)
        path = by_name.get(m.group("path")) if m else None
        if path is None:
            # "file: fatal: ..." without a position, or a line about the schema.
            path = next((f for n, f in by_name.items() if line.startswith(n + ":")), None)
        if path is None:
            unattributed.append(line)
        else:
            errors.setdefault(path, []).append(line)
    if proc.returncode != 0 and not errors and not unattributed:
        unattributed.append(f"jing exited with {proc.returncode} and reported nothing")
    return JingReport(schema, proc.returncode, errors, unattributed, proc.stderr)


@pytest.fixture(scope="session")
def tei_all_report(written: Written) -> JingReport:
    return run_jing(tei_all_path(), sorted(set(written.files.values())))


@pytest.fixture(scope="session")
def profile_report(written: Written) -> JingReport:
    return run_jing(PROFILE, sorted(set(written.files.values())))


@pytest.fixture(params=["tei_all", "alinea"])
def report(request: pytest.FixtureRequest) -> JingReport:
    """Each validity test runs once per schema: tei_all, then the alinea profile."""
    name = "tei_all_report" if request.param == "tei_all" else "profile_report"
    return request.getfixturevalue(name)


def assert_valid(report: JingReport, path: Path) -> None:
    errs = report.errors_for(path)
    if errs:
        pytest.fail(
            f"{path.name}: {len(errs)} error(s) against {report.schema.name}:\n"
            + "\n".join(errs[:20]),
            pytrace=False,
        )


# --------------------------------------------------------------------------- #
# Validity of what alinea writes                                              #
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_output_validates(case: str, layout: str, written: Written, report: JingReport) -> None:
    assert_valid(report, written.doc_file(case, layout))


# --------------------------------------------------------------------------- #
# Well-formedness, structure, determinism (no jing needed)                    #
# --------------------------------------------------------------------------- #


def parse_xml(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(str(path), parser)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_output_is_well_formed(case: str, layout: str, written: Written) -> None:
    path = written.doc_file(case, layout)
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    raw.decode("utf-8")  # strict UTF-8
    tree = parse_xml(path)
    assert tree.getroot().tag == f"{{{TEI_NS}}}TEI"
    if layout == "compact":
        # No indentation whitespace between elements (a final newline is fine).
        assert b">\n<" not in raw.rstrip(b"\n").split(b"?>", 1)[1]


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_body_paragraphs_are_numbered_and_citable(case: str, written: Written) -> None:
    doc = CASES[case].build()
    for layout in LAYOUTS:
        tree = parse_xml(written.doc_file(case, layout))
        paras = tree.xpath("/tei:TEI/tei:text/tei:body//tei:p", namespaces=NS)
        # The declared citeStructure match finds exactly the body paragraphs.
        assert paras == tree.xpath("/tei:TEI/tei:text/tei:body/tei:div/tei:p", namespaces=NS)
        assert len(paras) == len(doc.paragraphs) > 0
        for expected_n, (p, para) in enumerate(zip(paras, doc.paragraphs), start=1):
            n, xml_id = p.get("n"), p.get(f"{{{XML_NS}}}id")
            assert n is not None and xml_id is not None, f"{layout} p #{expected_n}: no n/xml:id"
            assert (n, xml_id) == (str(expected_n), f"p{expected_n}") == (str(para.n), para.id)
            assert "".join(p.itertext()) == para.text, f"{layout} p{expected_n}: text differs"


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_header_declares_document_and_citation_scheme(case: str, written: Written) -> None:
    doc = CASES[case].build()
    tree = parse_xml(written.doc_file(case, "indented"))

    def one(xpath: str) -> etree._Element:
        found = tree.xpath(xpath, namespaces=NS)
        assert len(found) == 1, f"expected one {xpath}, found {len(found)}"
        return found[0]

    header = "/tei:TEI/tei:teiHeader"
    idno = one(f"{header}/tei:fileDesc/tei:publicationStmt/tei:idno[@type='alinea-citation-id']")
    assert idno.text == doc.id and CITATION_ID.fullmatch(idno.text)
    title = one(f"{header}/tei:fileDesc/tei:titleStmt/tei:title")
    assert title.text == (doc.title if doc.title else f"Untitled ({doc.id})")
    if doc.source:
        fname = one(f"{header}/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:idno[@type='filename']")
        assert fname.text == doc.source
    cite = one(f"{header}/tei:encodingDesc/tei:refsDecl/tei:citeStructure")
    assert (cite.get("match"), cite.get("use")) == ("/TEI/text/body/div/p", "@n")
    app = one(f"{header}/tei:encodingDesc/tei:appInfo/tei:application[@ident='alinea']")
    assert app.get("version") == alinea.__version__


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_output_is_deterministic(case: str, tmp_path: Path) -> None:
    first, second = CASES[case].build(), CASES[case].build()
    for indent in (True, False):
        a, b = tmp_path / f"a-{indent}.xml", tmp_path / f"b-{indent}.xml"
        alinea.write_tei(first, a, indent=indent)
        alinea.write_tei(second, b, indent=indent)
        assert a.read_bytes() == b.read_bytes()
        assert alinea.to_tei(first, indent=indent) == alinea.to_tei(second, indent=indent)


@pytest.mark.parametrize("case", DOC_PARAMS)
def test_tei_compact_and_indented_hold_the_same_text(case: str, written: Written) -> None:
    def body_text(layout: str) -> list[str]:
        tree = parse_xml(written.doc_file(case, layout))
        return ["".join(p.itertext()) for p in tree.iterfind(f".//{{{TEI_NS}}}p")]

    assert body_text("indented") == body_text("compact")


# --------------------------------------------------------------------------- #
# The profile itself: accepts the references, rejects the broken variants     #
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("key", ["base", "inline-matrix", "full-example"])
def test_profile_reference_documents_are_valid(
    key: str, written: Written, report: JingReport
) -> None:
    """Hand-made documents using every optional part: valid against both schemas."""
    assert_valid(report, written.files[key])


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_profile_rejects_broken_variant(
    mutant: Mutant, written: Written, profile_report: JingReport
) -> None:
    path = written.files[f"mutant-{mutant.name}"]
    assert profile_report.errors_for(path), f"the profile accepts {mutant.name}"


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_profile_is_stricter_than_tei_all(
    mutant: Mutant, written: Written, tei_all_report: JingReport
) -> None:
    """tei_all accepts the variants only the profile catches, and rejects the others."""
    path = written.files[f"mutant-{mutant.name}"]
    if mutant.tei_all_accepts:
        assert_valid(tei_all_report, path)
    else:
        assert tei_all_report.errors_for(path), f"tei_all accepts {mutant.name}"
