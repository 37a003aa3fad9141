"""Formatted references for a document and its passages, and its metadata as CSL-JSON and BibTeX.

The core model knows a document's citation id and title; who wrote it and when, and where it was
published, come from a byline block when there is one and otherwise from metadata given here:

    >>> import alinea
    >>> doc = alinea.parse("A Title\\n\\nBy Jane Doe\\n\\nFirst. Second.\\n\\nThird.\\n", id="demo")
    >>> alinea.format_citation(doc, "demo:2", "chicago-author-date", issued="2002")
    '(Doe 2002, para. 2)'
    >>> alinea.format_citation(doc, 2, "apa", issued="2002")
    '(Doe, 2002, para. 2)'
    >>> alinea.format_citation(doc, 2, "mla")
    '(Doe, par. 2)'
    >>> alinea.format_reference(doc, "chicago-author-date", issued="2002", publisher="Demo Press")
    'Doe, Jane. 2002. A Title. Demo Press.'

Styles: Chicago (17th edition) author-date and notes-bibliography, MLA (9th edition) and APA (7th
edition). Passages are cited by paragraph ("para. 7", "paras. 3–5"; MLA "par."/"pars."; "¶ 7"
with ``pilcrow=True``); a sentence citation (``DOC:7.2``) is cited as its paragraph.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from ._core import ArgumentError, CitationError

__all__ = [
    "CITATION_STYLES",
    "REFERENCE_TYPES",
    "Date",
    "Name",
    "Reference",
    "byline_authors",
    "csl_citation_item",
    "format_citation",
    "format_reference",
    "reference",
    "to_bibtex",
    "to_csl_json",
]

#: The styles `format_citation` and `format_reference` know.
CITATION_STYLES: tuple[str, ...] = ("chicago-author-date", "chicago-notes", "mla", "apa")

#: The kinds of work a reference can be (CSL type names).
REFERENCE_TYPES: tuple[str, ...] = (
    "article-newspaper",
    "article-magazine",
    "article-journal",
    "chapter",
    "book",
    "report",
    "webpage",
    "document",
)

_STYLE_ALIASES = {
    "chicago-author-date": "chicago-author-date",
    "chicago-ad": "chicago-author-date",
    "chicago-notes": "chicago-notes",
    "chicago-note": "chicago-notes",
    "chicago-notes-bibliography": "chicago-notes",
    "mla": "mla",
    "modern-language-association": "mla",
    "apa": "apa",
}

_TYPE_ALIASES = {
    "newspaper": "article-newspaper",
    "magazine": "article-magazine",
    "journal": "article-journal",
    "web": "webpage",
    "website": "webpage",
    "web-page": "webpage",
    "incollection": "chapter",
    "book-chapter": "chapter",
}

_FORMS = {
    "chicago-author-date": ("parenthetical", "narrative"),
    "chicago-notes": ("note", "short-note"),
    "mla": ("parenthetical", "narrative"),
    "apa": ("parenthetical", "narrative"),
}

_MARKUPS = ("text", "html", "markdown")

# Metadata keys (lower case, "-" read as "_") and the Reference field each sets.
_KEYS = {
    "author": "authors",
    "authors": "authors",
    "editor": "editors",
    "editors": "editors",
    "title": "title",
    "short_title": "short_title",
    "title_short": "short_title",
    "issued": "issued",
    "date": "issued",
    "year": "issued",
    "container_title": "container_title",
    "container": "container_title",
    "journal": "container_title",
    "newspaper": "container_title",
    "book_title": "container_title",
    "booktitle": "container_title",
    "website": "container_title",
    "publisher": "publisher",
    "place": "place",
    "publisher_place": "place",
    "url": "url",
    "doi": "doi",
    "accessed": "accessed",
    "type": "type",
    "pages": "pages",
    "page": "pages",
    "volume": "volume",
    "issue": "issue",
    "number": "issue",
    "note": "note",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MLA_MONTHS = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_BIBTEX_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du",
    "la", "le", "ter", "ten", "bin", "ibn", "al", "el", "y", "zu",
}  # fmt: skip


# --- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Date:
    """A calendar date, as precise as it is known: a year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ArgumentError("a date with a day needs a month")
        try:
            _dt.date(self.year, self.month or 1, self.day or 1)
        except (ValueError, TypeError, OverflowError) as e:
            raise ArgumentError(f"not a date: {self.year}-{self.month}-{self.day} ({e})") from None

    @classmethod
    def parse(cls, value: Any) -> Date:
        """A Date from "2002-01-15", "2002-01", "2002", 2002, a datetime.date or CSL date-parts."""
        if isinstance(value, Date):
            return value
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, Mapping) and "date-parts" in value:
            parts = value["date-parts"]
            if parts and isinstance(parts[0], Sequence) and not isinstance(parts[0], str):
                parts = parts[0]
            try:
                return cls(*(int(p) for p in parts[:3]))
            except (TypeError, ValueError):
                pass
        if isinstance(value, str):
            m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", value)
            if m:
                return cls(*(int(g) for g in m.groups() if g is not None))
        raise ArgumentError(f"{value!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")

    def iso(self) -> str:
        s = f"{self.year:04d}"
        if self.month is not None:
            s += f"-{self.month:02d}"
        if self.day is not None:
            s += f"-{self.day:02d}"
        return s

    def csl(self) -> dict[str, Any]:
        return {"date-parts": [[p for p in (self.year, self.month, self.day) if p is not None]]}


@dataclass(frozen=True)
class Name:
    """A person's name (family, given, suffix), or an organization's (``institution=True``),
    which is never inverted or abbreviated."""

    family: str
    given: str = ""
    suffix: str = ""
    institution: bool = False

    @classmethod
    def parse(cls, value: Any) -> Name:
        """A Name from "Jane Doe", "Doe, Jane", "King, Martin Luther, Jr.", a CSL name mapping
        ({"family", "given", "suffix"} or {"literal"}) or a Name."""
        if isinstance(value, Name):
            return value
        if isinstance(value, Mapping):
            if value.get("literal"):
                return cls(_clean(str(value["literal"])), institution=True)
            family = _clean(str(value.get("family") or ""))
            if not family:
                raise ArgumentError(f"a name needs a family name or a literal: {dict(value)!r}")
            return cls(
                family,
                _clean(str(value.get("given") or "")),
                _clean(str(value.get("suffix") or "")),
            )
        if not isinstance(value, str):
            raise ArgumentError(f"a name is a string or a mapping, not {type(value).__name__}")
        text = _clean(value)
        if not text:
            raise ArgumentError("a name is empty")
        parts = [p.strip() for p in text.split(",")]
        if len(parts) >= 2 and parts[-1].lower() in _SUFFIXES:
            suffix = parts.pop()
            if len(parts) >= 2:  # "King, Martin Luther, Jr."
                return cls(parts[0], ", ".join(parts[1:]), suffix)
            return dataclasses.replace(
                cls.parse(parts[0]), suffix=suffix
            )  # "Martin Luther King, Jr."
        if len(parts) >= 2:  # "Doe, Jane"
            return cls(parts[0], ", ".join(parts[1:]))
        words = text.split()
        suffix = ""
        if len(words) > 1 and words[-1].lower() in _SUFFIXES:
            suffix = words.pop()
        if len(words) == 1:
            return cls(words[0], "", suffix)
        # The family name is the last word with any lower-case particles before it.
        i = len(words) - 1
        while i > 1 and words[i - 1].lower() in _PARTICLES and words[i - 1].islower():
            i -= 1
        return cls(" ".join(words[i:]), " ".join(words[:i]), suffix)

    def direct(self) -> str:
        """Given name first: "Jane Doe", "Martin Luther King Jr."."""
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)

    def inverted(self) -> str:
        """Family name first: "Doe, Jane", "King, Martin Luther, Jr."."""
        if self.institution:
            return self.family
        return ", ".join(p for p in (self.family, self.given, self.suffix) if p)

    def initials(self) -> str:
        """The given names as initials: "Jane Marie" -> "J. M.", "Jean-Paul" -> "J.-P."."""
        out = []
        for word in self.given.replace(".", ". ").split():
            pieces = [p for p in word.split("-") if p]
            if pieces:
                out.append("-".join(_first_letter(p) + "." for p in pieces))
        return " ".join(out)

    def apa(self) -> str:
        """ "Doe, J. M.", "King, M. L., Jr."."""
        if self.institution:
            return self.family
        return ", ".join(p for p in (self.family, self.initials(), self.suffix) if p)

    def apa_direct(self) -> str:
        """ "J. M. Doe" (editors of a book in APA)."""
        if self.institution:
            return self.family
        return " ".join(p for p in (self.initials(), self.family, self.suffix) if p)

    def csl(self) -> dict[str, str]:
        if self.institution:
            return {"literal": self.family}
        out = {"family": self.family}
        if self.given:
            out["given"] = self.given
        if self.suffix:
            out["suffix"] = self.suffix
        return out


@dataclass(frozen=True)
class Reference:
    """What a formatted reference is made of: a document's metadata.

    Build one with `reference`; every formatting function takes a Reference or a Document.
    ``document`` is the Document it describes (for checking passages), if any.
    """

    id: str
    type: str = "document"
    title: str | None = None
    short_title: str | None = None
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    issued: Date | None = None
    container_title: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    doi: str | None = None
    accessed: Date | None = None
    pages: str | None = None
    volume: str | None = None
    issue: str | None = None
    note: str | None = None
    document: Any = field(default=None, repr=False, compare=False)

    @property
    def short(self) -> str | None:
        """The short title: ``short_title``, else the title without its subtitle."""
        if self.short_title:
            return self.short_title
        if self.title is None:
            return None
        main = re.split(r"[:?!]\s", self.title, maxsplit=1)[0]
        if main != self.title and self.title[len(main)] in "?!":
            main += self.title[len(main)]
        return main.strip() or self.title


Source = Union[Reference, Any]  # a Reference or an alinea Document
Passage = Union[str, int, Any, None]  # "DOC:N[.M][-K[.L]]", N, a Paragraph or Passage, or None


# --- building a Reference ----------------------------------------------------------------------


def reference(source: Source, metadata: Mapping[str, Any] | None = None, **kw: Any) -> Reference:
    """The Reference for a document (or a copy of a Reference) with metadata applied.

    From the document come its id, its title (or else a heading before the first paragraph, or
    else its id) and its authors, read from a byline block ("By Jane Doe and John Roe,
    Reuters" -> Jane Doe, John Roe). ``metadata`` and keyword arguments override or extend
    these; a key given as None removes the value. Keys (case-insensitive, "-" or "_"):

    - author / authors, editor / editors: a name or a list of names ("Jane Doe", "Doe, Jane",
      {"family": ..., "given": ...}, {"literal": "An Organization"}); a string holding several
      names separates them with ";"
    - title, short_title
    - issued (or date, year): "2002-01-15", "2002-01", "2002", 2002 or a datetime.date
    - container_title (or container, journal, newspaper, book_title, website)
    - publisher, place, url, doi, accessed (a date), pages, volume, issue (or number), note
    - type: one of REFERENCE_TYPES (or newspaper, magazine, journal, website, incollection);
      by default inferred: a container with a volume or issue is a journal article, a
      container with editors a chapter, another container a newspaper article; a publisher
      alone a book; a URL alone a web page; otherwise a document.
    """
    given: dict[str, Any] = {}
    for mapping in (metadata or {}, kw):
        for key, value in mapping.items():
            canonical = _KEYS.get(str(key).lower().replace("-", "_"))
            if canonical is None:
                raise ArgumentError(
                    f"unknown metadata key {key!r} (known: {', '.join(sorted(_KEYS))})"
                )
            if canonical in given:
                raise ArgumentError(f"metadata key {key!r} gives {canonical} twice")
            given[canonical] = value

    if isinstance(source, Reference):
        base = source
    else:
        base = _from_document(source)

    values: dict[str, Any] = {}
    for name, value in given.items():
        if name in ("authors", "editors"):
            values[name] = _names(value)
        elif name in ("issued", "accessed"):
            values[name] = None if value is None else Date.parse(value)
        else:
            values[name] = _text(value, name)
    if values.get("url") and not values["url"].startswith(("http://", "https://", "ftp://")):
        raise ArgumentError(f"url {values['url']!r} is not an http(s) or ftp URL")
    if values.get("doi"):
        values["doi"] = re.sub(
            r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", values["doi"], flags=re.IGNORECASE
        )
    if "type" in values and values["type"] is not None:
        values["type"] = _reference_type(values["type"])

    ref = dataclasses.replace(base, **{k: v for k, v in values.items() if k != "type"})
    if values.get("type"):
        ref = dataclasses.replace(ref, type=values["type"])
    elif not isinstance(source, Reference) or "type" in values or base.type == _infer_type(base):
        # A Reference whose type was inferred has it inferred again from the new metadata.
        ref = dataclasses.replace(ref, type=_infer_type(ref))
    if ref.title is None:
        ref = dataclasses.replace(ref, title=ref.id)
    return ref


def _from_document(doc: Any) -> Reference:
    try:
        doc_id = doc.id
        blocks = list(doc.blocks)
    except AttributeError:
        raise ArgumentError(
            f"expected an alinea Document or a Reference, not {type(doc).__name__}"
        ) from None
    title = doc.title
    authors: list[Name] = []
    for b in blocks:
        if b.kind == "paragraph":
            break
        if b.kind == "heading" and title is None:
            title = _clean(b.text)
        if b.kind == "byline":
            authors.extend(Name.parse(a) for a in byline_authors(b.text))
    unique = tuple(dict.fromkeys(authors))
    return Reference(id=doc_id, title=title or None, authors=unique, document=doc)


def _infer_type(ref: Reference) -> str:
    if ref.container_title:
        if ref.volume or ref.issue:
            return "article-journal"
        if ref.editors:
            return "chapter"
        return "article-newspaper"
    if ref.publisher:
        return "book"
    if ref.url:
        return "webpage"
    return "document"


def _reference_type(value: str) -> str:
    t = value.strip().lower()
    t = _TYPE_ALIASES.get(t, t)
    if t not in REFERENCE_TYPES:
        raise ArgumentError(
            f"unknown reference type {value!r} (known: {', '.join(REFERENCE_TYPES)})"
        )
    return t


def _names(value: Any) -> tuple[Name, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, Mapping, Name)):
        if isinstance(value, str) and ";" in value:
            value = [v for v in value.split(";") if v.strip()]
        else:
            value = [value]
    if not isinstance(value, Sequence):
        raise ArgumentError(f"names are a string or a list, not {type(value).__name__}")
    return tuple(Name.parse(v) for v in value)


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ArgumentError(f"metadata {name} must be a string, not {type(value).__name__}")
    return _clean(str(value)) or None


def _clean(s: str) -> str:
    return " ".join(s.split())


def _first_letter(word: str) -> str:
    for ch in word:
        if ch.isalpha():
            return ch.upper()
    return word[:1]


# --- bylines -----------------------------------------------------------------------------------

_BY = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:(?:written|reported|words|story|text)\s+)?by\s*:?\s*", re.IGNORECASE
)
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame)\.?\s+", re.IGNORECASE)
_NOT_NAME_WORDS = {
    "staff", "writer", "writers", "correspondent", "correspondents", "reporter", "reporters",
    "editor", "editors", "contributor", "contributing", "columnist", "bureau", "chief", "senior",
    "special", "news", "press", "associated", "agency", "agencies", "service", "reuters", "afp",
    "ap", "desk", "institute", "university", "foundation", "center", "centre", "online",
    "daily", "weekly", "magazine", "journal", "times", "post", "photographer", "analyst",
    "published", "updated", "posted", "last", "team", "office", "group", "the",
} | {m.lower() for m in _MONTHS}  # fmt: skip


def byline_authors(text: str) -> list[str]:
    """The names in a byline, "Given Family" each: "By Jane Doe and John Roe, Reuters" ->
    ["Jane Doe", "John Roe"]. A leading "By" and honorifics go; names are separated by commas,
    "and" or "&"; what follows the names (an agency, a role, a place, a date) is left out.
    Names in capitals are given in title case."""
    s = _BY.sub("", text, count=1)
    s = re.split(r"\s*(?:[|•·/;]|\s[-–—]\s)\s*", s, maxsplit=1)[0]
    names: list[str] = []
    for segment in s.split(","):
        segment = segment.strip()
        if names and segment.lower().rstrip(".") in {x.rstrip(".") for x in _SUFFIXES}:
            names[-1] += " " + _title_case_word(segment)
            continue
        found, complete = [], True
        for piece in re.split(r"\s+(?:and|&)\s+", segment):
            name, whole = _byline_name(piece)
            if name is None:
                complete = False
                break
            found.append(name)
            if not whole:
                complete = False
                break
        names.extend(found)
        if not complete or not found:
            break
    return names


def _byline_name(piece: str) -> tuple[str | None, bool]:
    """The name at the start of a piece of byline, and whether it is all of the piece."""
    piece = _HONORIFIC.sub("", piece.strip())
    words = piece.split()
    taken: list[str] = []
    for w in words:
        bare = w.strip(".")
        if w.lower() in _SUFFIXES and taken:
            taken.append(_title_case_word(w))
            continue
        if bare.lower() in _NOT_NAME_WORDS:
            if not taken:
                return None, False
            break
        if w.lower() in _PARTICLES and w.islower() and taken:
            taken.append(w)
            continue
        if not bare or not bare[0].isupper() or not all(c.isalpha() or c in ".'’-" for c in w):
            break
        taken.append(_title_case_word(w))
    while taken and taken[-1].islower():  # a trailing particle is not part of a name
        taken.pop()
    if len(taken) < 2 or len(taken) > 6:
        return None, False
    return " ".join(taken), len(taken) == len(words)


def _title_case_word(w: str) -> str:
    if w.lower() in {"ii", "iii", "iv"}:
        return w.upper()
    if len(w) > 1 and w.isupper() and w.replace(".", "").isalpha() and "." not in w[:-1]:
        return "-".join(p[:1] + p[1:].lower() for p in w.split("-"))
    return w


# --- passages ----------------------------------------------------------------------------------

_CITATION = re.compile(
    r"(?P<doc>[A-Za-z0-9._-]+):(?P<p1>[1-9][0-9]*)(?:\.(?P<s1>[1-9][0-9]*))?"
    r"(?:-(?P<p2>[1-9][0-9]*)(?:\.(?P<s2>[1-9][0-9]*))?)?"
)


@dataclass(frozen=True)
class _Span:
    first: int
    last: int


def _locate(ref: Reference, passage: Passage) -> _Span | None:
    if passage is None:
        return None
    doc = ref.document
    if isinstance(passage, bool):
        raise ArgumentError(
            f"a passage is a citation string or a paragraph number, not {passage!r}"
        )
    if isinstance(passage, int):
        if passage < 1:
            raise ArgumentError(f"{passage} is not a paragraph number (they start at 1)")
        if doc is not None:
            doc.paragraph(passage)  # raises CitationError for a paragraph it does not have
        return _Span(passage, passage)
    if not isinstance(passage, str):
        if callable(getattr(passage, "cite", None)):
            passage = passage.cite()
        elif isinstance(getattr(passage, "citation", None), str):
            passage = passage.citation
        else:
            raise ArgumentError(
                "a passage is a citation string, a paragraph number or a Paragraph,"
                f" not {type(passage).__name__}"
            )
    resolve = getattr(doc, "resolve", None)
    if callable(resolve):
        passage = str(resolve(passage).citation)  # checks it, with the core's errors
    assert isinstance(passage, str)
    m = _CITATION.fullmatch(passage)
    if m is None:
        raise ArgumentError(
            f"{passage!r} is not a citation (expected DOC:N, DOC:N.M, DOC:N-K or DOC:N.M-K.L)"
        )
    if m["doc"] != ref.id:
        raise CitationError(f"citation {passage} names document {m['doc']!r}, not {ref.id!r}")
    first, last = int(m["p1"]), int(m["p2"] or m["p1"])
    if last < first:
        raise CitationError(f"citation {passage} ends before it starts")
    if doc is not None and not callable(resolve):
        doc.paragraph(last)
    return _Span(first, last)


def _locator(span: _Span, singular: str, plural: str, pilcrow: bool) -> str:
    if pilcrow:
        singular, plural = "¶", "¶¶"
    if span.first == span.last:
        return f"{singular} {span.first}"
    return f"{plural} {span.first}–{span.last}"


# --- markup and punctuation --------------------------------------------------------------------


class _Markup:
    def __init__(self, kind: str) -> None:
        if kind not in _MARKUPS:
            raise ArgumentError(f"unknown markup {kind!r} (known: {', '.join(_MARKUPS)})")
        self.kind = kind

    def t(self, s: str) -> str:
        if self.kind == "html":
            return html.escape(s, quote=False)
        if self.kind == "markdown":
            return re.sub(r"([\\*_\[\]`<>])", r"\\\1", s)
        return s

    def i(self, s: str, punct: str = "") -> str:
        """Italic text, then punctuation (left out after a ? or !, or a second period)."""
        p = _punct_after(s, punct)
        if self.kind == "html":
            return f"<i>{self.t(s)}</i>{p}"
        if self.kind == "markdown":
            return f"*{self.t(s)}*{p}"
        return s + p

    def q(self, s: str, punct: str = "") -> str:
        """Quoted text, punctuation inside the quotation marks (American style)."""
        return f"“{self.t(s)}{_punct_after(s, punct)}”"

    def url(self, s: str) -> str:
        return html.escape(s, quote=False) if self.kind == "html" else s


def _punct_after(s: str, punct: str) -> str:
    if not punct:
        return ""
    if s.endswith(("?", "!")) and punct in (".", ","):
        return ""
    if s.endswith(".") and punct == ".":
        return ""
    return punct


_CLOSERS = re.compile(r"(?:</i>|\*)+$")


def _end(s: str, punct: str = ".") -> str:
    """End marked-up text with punctuation unless it already ends with some; a closing
    quotation mark takes the punctuation inside (replacing a comma there)."""
    if s.endswith("”"):
        body = s[:-1]
        if body.endswith(","):
            body = body[:-1]
        return body + _punct_after(_CLOSERS.sub("", body), punct) + "”"
    return s + _punct_after(_CLOSERS.sub("", s), punct)


def _and(items: Sequence[str], conj: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conj} {items[1]}"
    return ", ".join(items[:-1]) + f", {conj} {items[-1]}"


def _chicago_date(d: Date) -> str:
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{_MONTHS[d.month - 1]} {d.year}"
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _year_month(d: Date) -> Date:
    return Date(d.year, d.month)


def _work_date(ref: Reference) -> Date | None:
    """The date as the styles give it: the day for newspapers, magazines and web pages, the
    month for journals, the year for books, chapters and reports."""
    if ref.issued is None:
        return None
    if _is_periodical(ref):
        return ref.issued
    if ref.type == "article-journal":
        return _year_month(ref.issued)
    return Date(ref.issued.year)


def _mla_date(d: Date) -> str:
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{_MLA_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {_MLA_MONTHS[d.month - 1]} {d.year}"


def _apa_date(d: Date) -> str:
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{d.year}, {_MONTHS[d.month - 1]}"
    return f"{d.year}, {_MONTHS[d.month - 1]} {d.day}"


def _range(pages: str, dash: str = "–") -> str:
    return re.sub(r"\s*(?:--|[-–—])\s*", dash, pages)


def _is_part(ref: Reference) -> bool:
    """Whether the work is part of a larger one (its title is quoted, not italic)."""
    return ref.type in (
        "article-newspaper",
        "article-magazine",
        "article-journal",
        "chapter",
        "webpage",
    )


def _is_periodical(ref: Reference) -> bool:
    return ref.type in ("article-newspaper", "article-magazine", "webpage")


def _editors_as_authors(ref: Reference) -> bool:
    return not ref.authors and bool(ref.editors) and ref.type in ("book", "report", "document")


def _creators(ref: Reference) -> tuple[Name, ...]:
    return ref.authors or (ref.editors if _editors_as_authors(ref) else ())


def _link(ref: Reference, m: _Markup) -> str | None:
    if ref.doi:
        return m.url("https://doi.org/" + ref.doi)
    if ref.url:
        return m.url(ref.url)
    return None


def _title(ref: Reference, m: _Markup, punct: str = "") -> str:
    assert ref.title is not None
    return m.q(ref.title, punct) if _is_part(ref) else m.i(ref.title, punct)


def _short_title(ref: Reference, m: _Markup, punct: str = "") -> str:
    s = ref.short or ref.id
    return m.q(s, punct) if _is_part(ref) else m.i(s, punct)


def _container(ref: Reference, m: _Markup, punct: str = "", roman_websites: bool = True) -> str:
    assert ref.container_title is not None
    if ref.type == "webpage" and roman_websites:
        return m.t(ref.container_title) + _punct_after(ref.container_title, punct)
    return m.i(ref.container_title, punct)


def _pub(ref: Reference, m: _Markup) -> str | None:
    """ "Place: Publisher" (Chicago)."""
    parts = [m.t(p) for p in (ref.place, ref.publisher) if p]
    return ": ".join(parts) or None


# --- Chicago -----------------------------------------------------------------------------------


def _chicago_list(names: Sequence[Name]) -> str:
    """Bibliography order: "Doe, Jane, John Roe, and Max Poe"; over ten, seven and et al."""
    if len(names) > 10:
        shown = [names[0].inverted()] + [n.direct() for n in names[1:7]]
        return ", ".join(shown) + ", et al."
    if len(names) == 1:
        return names[0].inverted()
    shown = [names[0].inverted()] + [n.direct() for n in names[1:]]
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def _chicago_note_names(names: Sequence[Name]) -> str:
    if len(names) >= 4:
        return names[0].direct() + " et al."
    return _and([n.direct() for n in names])


def _surnames(names: Sequence[Name], conj: str = "and", et_al_from: int = 4) -> str:
    if len(names) >= et_al_from:
        return names[0].family + " et al."
    return _and([n.family for n in names], conj)


def _editor_role(names: Sequence[Name], abbreviated: bool = True) -> str:
    if abbreviated:
        return "ed." if len(names) == 1 else "eds."
    return "editor" if len(names) == 1 else "editors"


def _chicago_head(ref: Reference, m: _Markup) -> tuple[str | None, str]:
    """The bibliography's first element, and what it stands for: "authors", "container" (an
    unsigned newspaper article or web page goes under its newspaper or site) or "title"."""
    creators = _creators(ref)
    if creators:
        head = m.t(_chicago_list(creators))
        if _editors_as_authors(ref):
            head += ", " + _editor_role(creators)
        return head, "authors"
    if _is_periodical(ref) and ref.container_title:
        return _container(ref, m), "container"
    return None, "title"


def _chicago_in_text_head(ref: Reference, m: _Markup) -> str:
    creators = _creators(ref)
    if creators:
        return m.t(_surnames(creators))
    if _is_periodical(ref) and ref.container_title:
        return _container(ref, m)
    return _short_title(ref, m)


def _chicago_author_date_cite(
    ref: Reference, span: _Span | None, form: str, pilcrow: bool, m: _Markup
) -> str:
    head = _chicago_in_text_head(ref, m)
    inner = str(ref.issued.year) if ref.issued else "n.d."
    if span is not None:
        inner += ", " + _locator(span, "para.", "paras.", pilcrow)
    if form == "narrative":
        return f"{head} ({inner})"
    return f"({head} {inner})"


def _chicago_publication(ref: Reference, m: _Markup, *, date_after_publisher: bool) -> list[str]:
    """The sentences after the title in a Chicago bibliography or reference-list entry."""
    out: list[str] = []
    pub = _pub(ref, m)
    work_date = _work_date(ref)
    date = _chicago_date(work_date) if work_date else "n.d."
    if _is_periodical(ref):
        bits = []
        if ref.container_title and _chicago_head(ref, m)[1] != "container":
            bits.append(_container(ref, m))
        if ref.issued and (date_after_publisher or ref.issued.month is not None):
            bits.append(_chicago_date(ref.issued))
        if ref.pages:
            bits.append(m.t(_range(ref.pages)))
        if bits:
            out.append(_end(", ".join(bits)))
    elif ref.type == "article-journal":
        s = _container(ref, m) if ref.container_title else ""
        if ref.volume:
            s += " " + m.t(ref.volume)
        if date_after_publisher:
            if ref.issue:
                s += ", no. " + m.t(ref.issue)
            s += f" ({date})"
        elif ref.issue:
            s += f" ({m.t(ref.issue)})"
        if ref.pages:
            s += ": " + m.t(_range(ref.pages))
        if s.strip():
            out.append(_end(s.strip()))
    elif ref.type == "chapter":
        s = "In " + (_container(ref, m) if ref.container_title else "")
        if ref.editors:
            s += ", edited by " + m.t(_and([n.direct() for n in ref.editors]))
        if ref.pages:
            s += ", " + m.t(_range(ref.pages))
        out.append(_end(s))
        tail = pub or ""
        if date_after_publisher:
            tail = f"{tail}, {date}" if tail else date
        if tail:
            out.append(_end(tail))
    else:  # book, report, document
        if ref.editors and ref.authors:
            out.append(_end("Edited by " + m.t(_and([n.direct() for n in ref.editors]))))
        tail = pub or ""
        if date_after_publisher:
            tail = f"{tail}, {date}" if tail else date
        if tail:
            out.append(_end(tail))
    if ref.accessed and not ref.issued:
        out.append(f"Accessed {_chicago_date(ref.accessed)}.")
    link = _link(ref, m)
    if link:
        out.append(link + ".")
    return out


def _chicago_author_date_entry(ref: Reference, m: _Markup) -> str:
    head, kind = _chicago_head(ref, m)
    date = str(ref.issued.year) if ref.issued else "n.d."
    parts: list[str] = []
    if kind == "title":
        parts += [_title(ref, m, "."), _end(date)]
    else:
        parts += [_end(head or ""), _end(date), _title(ref, m, ".")]
    parts += _chicago_publication(ref, m, date_after_publisher=False)
    return " ".join(parts)


def _chicago_notes_entry(ref: Reference, m: _Markup) -> str:
    head, kind = _chicago_head(ref, m)
    parts: list[str] = []
    if kind != "title":
        parts.append(_end(head or ""))
    parts.append(_title(ref, m, "."))
    parts += _chicago_publication(ref, m, date_after_publisher=True)
    return " ".join(parts)


def _chicago_note(ref: Reference, span: _Span | None, pilcrow: bool, m: _Markup) -> str:
    bits: list[str] = []
    creators = _creators(ref)
    if creators:
        who = m.t(_chicago_note_names(creators))
        if _editors_as_authors(ref):
            who += ", " + _editor_role(creators)
        bits.append(who)
    title = _title(ref, m, "," if _is_part(ref) else "")
    pub = _pub(ref, m)
    work_date = _work_date(ref)
    date = _chicago_date(work_date) if work_date else None
    locator = _locator(span, "para.", "paras.", pilcrow) if span else None
    if _is_periodical(ref):
        bits.append(title)
        if ref.container_title:
            bits.append(_container(ref, m))
        if date:
            bits.append(date)
        if ref.pages and not locator:
            bits.append(m.t(_range(ref.pages)))
    elif ref.type == "article-journal":
        s = _container(ref, m) if ref.container_title else ""
        if ref.volume:
            s += " " + m.t(ref.volume)
        if ref.issue:
            s += ", no. " + m.t(ref.issue)
        s += f" ({date or 'n.d.'})"
        if locator:
            s += ": " + locator
            locator = None
        bits += [title, s.strip()]
    else:
        facts = ", ".join(p for p in (pub, date or "n.d.") if p)
        if ref.type == "chapter":
            s = "in " + (_container(ref, m) if ref.container_title else "")
            if ref.editors:
                s += ", ed. " + m.t(_chicago_note_names(ref.editors))
            bits += [title, f"{s} ({facts})"]
        else:
            s = title
            if ref.editors and ref.authors:
                s += ", ed. " + m.t(_chicago_note_names(ref.editors))
            bits.append(f"{s} ({facts})")
    if locator:
        bits.append(locator)
    if ref.accessed and not ref.issued:
        bits.append("accessed " + _chicago_date(ref.accessed))
    link = _link(ref, m)
    if link:
        bits.append(link)
    return _join_note(bits)


def _join_note(bits: Sequence[str]) -> str:
    """Join note elements with commas; a quoted title already carries its comma."""
    out = ""
    for b in bits:
        if not out:
            out = b
        elif _CLOSERS.sub("", out.rstrip("”")).endswith((",", "?", "!")):
            out += " " + b
        else:
            out += ", " + b
    return _end(out)


def _chicago_short_note(ref: Reference, span: _Span | None, pilcrow: bool, m: _Markup) -> str:
    creators = _creators(ref)
    locator = _locator(span, "para.", "paras.", pilcrow) if span else None
    bits = []
    if creators:
        bits.append(m.t(_surnames(creators)))
    bits.append(_short_title(ref, m, "," if locator and _is_part(ref) else ""))
    if locator:
        bits.append(locator)
    return _join_note(bits)


def _chicago_notes_cite(
    ref: Reference, span: _Span | None, form: str, pilcrow: bool, m: _Markup
) -> str:
    if form == "short-note":
        return _chicago_short_note(ref, span, pilcrow, m)
    return _chicago_note(ref, span, pilcrow, m)


# --- MLA ---------------------------------------------------------------------------------------


def _mla_names(names: Sequence[Name]) -> str:
    if len(names) == 1:
        return names[0].inverted()
    if len(names) == 2:
        return f"{names[0].inverted()}, and {names[1].direct()}"
    return names[0].inverted() + ", et al."


def _mla_cite(ref: Reference, span: _Span | None, form: str, pilcrow: bool, m: _Markup) -> str:
    creators = _creators(ref)
    locator = _locator(span, "par.", "pars.", pilcrow) if span else None
    if creators:
        head = m.t(_surnames(creators, et_al_from=3))
        if form == "narrative":
            return f"{head} ({locator})" if locator else head
        return f"({head}, {locator})" if locator else f"({head})"
    if form == "narrative":
        head = _short_title(ref, m)
        return f"{head} ({locator})" if locator else head
    if locator:
        return (
            f"({_short_title(ref, m, ',')} {locator})"
            if _is_part(ref)
            else f"({_short_title(ref, m)}, {locator})"
        )
    return f"({_short_title(ref, m)})"


def _mla_entry(ref: Reference, m: _Markup) -> str:
    parts: list[str] = []
    creators = _creators(ref)
    if creators:
        head = _mla_names(creators)
        if _editors_as_authors(ref):
            head += ", " + _editor_role(creators, abbreviated=False)
        parts.append(_end(m.t(head)))
    parts.append(_title(ref, m, "."))
    elements: list[str] = []
    if ref.container_title:
        elements.append(_container(ref, m, roman_websites=False))
    if ref.editors and not _editors_as_authors(ref):
        editors = ref.editors
        who = (
            _and([n.direct() for n in editors])
            if len(editors) <= 2
            else editors[0].direct() + " et al."
        )
        elements.append(("edited by " if ref.container_title else "Edited by ") + m.t(who))
    if ref.volume:
        elements.append("vol. " + m.t(ref.volume))
    if ref.issue:
        elements.append("no. " + m.t(ref.issue))
    if ref.publisher and ref.type not in (
        "article-newspaper",
        "article-magazine",
        "article-journal",
    ):
        if ref.publisher != ref.container_title:
            elements.append(m.t(ref.publisher))
    work_date = _work_date(ref)
    if work_date:
        elements.append(_mla_date(work_date))
    if ref.pages:
        pages = _range(ref.pages)
        elements.append(("pp. " if "–" in pages else "p. ") + m.t(pages))
    if ref.doi:
        elements.append(m.url("https://doi.org/" + ref.doi))
    elif ref.url:
        elements.append(m.url(re.sub(r"^https?://", "", ref.url)))
    if elements:
        parts.append(_end(", ".join(elements)))
    if ref.accessed:
        parts.append(f"Accessed {_mla_date(ref.accessed)}.")
    return " ".join(parts)


# --- APA ---------------------------------------------------------------------------------------


def _apa_names(names: Sequence[Name]) -> str:
    shown = [n.apa() for n in names]
    if len(shown) == 1:
        return shown[0]
    if len(shown) == 2:
        return f"{shown[0]}, & {shown[1]}"
    if len(shown) <= 20:
        return ", ".join(shown[:-1]) + ", & " + shown[-1]
    return ", ".join(shown[:19]) + ", . . . " + shown[-1]


def _apa_title_plain(ref: Reference) -> bool:
    """APA sets titles of articles and chapters in roman, of standalone works in italics."""
    return ref.type in ("article-newspaper", "article-magazine", "article-journal", "chapter")


def _apa_title(ref: Reference, m: _Markup, punct: str = "") -> str:
    assert ref.title is not None
    if _apa_title_plain(ref):
        return m.t(ref.title) + _punct_after(ref.title, punct)
    return m.i(ref.title, punct)


def _apa_cite(ref: Reference, span: _Span | None, form: str, pilcrow: bool, m: _Markup) -> str:
    creators = _creators(ref)
    date = str(ref.issued.year) if ref.issued else "n.d."
    locator = _locator(span, "para.", "paras.", pilcrow) if span else None
    rest = date + (", " + locator if locator else "")
    if creators:
        if form == "narrative":
            return f"{m.t(_surnames(creators, 'and', et_al_from=3))} ({rest})"
        return f"({m.t(_surnames(creators, '&', et_al_from=3))}, {rest})"
    short = ref.short or ref.id
    if _apa_title_plain(ref):
        if form == "narrative":
            return f"{m.q(short)} ({rest})"
        return f"({m.q(short, ',')} {rest})"
    head = m.i(short)
    return f"{head} ({rest})" if form == "narrative" else f"({head}, {rest})"


def _apa_list(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_entry(ref: Reference, m: _Markup) -> str:
    creators = _creators(ref)
    if ref.issued:
        date = f"({_apa_date(ref.issued) if _is_periodical(ref) else ref.issued.year})."
    else:
        date = "(n.d.)."
    title = _apa_title(ref, m)
    if ref.editors and ref.authors and ref.type in ("book", "report", "document"):
        eds = [n.apa_direct() for n in ref.editors]
        title += f" ({m.t(_apa_list(eds))}, {'Ed.' if len(eds) == 1 else 'Eds.'})"
    title = _end(title)
    parts: list[str] = []
    if creators:
        head = _apa_names(creators)
        if _editors_as_authors(ref):
            head += " (Ed.)" if len(creators) == 1 else " (Eds.)"
        parts += [_end(m.t(head)), date, title]
    else:
        parts += [title, date]
    if ref.type in ("article-newspaper", "article-magazine", "article-journal"):
        if ref.container_title:
            s = m.i(ref.container_title)
            if ref.volume:
                s += ", " + m.i(ref.volume)
                if ref.issue:
                    s += f"({m.t(ref.issue)})"
            elif ref.issue:
                s += f", ({m.t(ref.issue)})"
            if ref.pages:
                s += ", " + m.t(_range(ref.pages))
            parts.append(_end(s))
    elif ref.type == "chapter":
        s = "In "
        if ref.editors:
            eds = [n.apa_direct() for n in ref.editors]
            s += m.t(_apa_list(eds)) + (" (Ed.), " if len(eds) == 1 else " (Eds.), ")
        s += m.i(ref.container_title) if ref.container_title else ""
        if ref.pages:
            pages = _range(ref.pages)
            s += f" ({'pp.' if '–' in pages else 'p.'} {m.t(pages)})"
        parts.append(_end(s.strip()))
        if ref.publisher:
            parts.append(_end(m.t(ref.publisher)))
    else:  # book, report, document, webpage
        if ref.type == "webpage" and ref.container_title and ref.container_title != ref.publisher:
            parts.append(_end(m.t(ref.container_title)))
        if ref.publisher:
            parts.append(_end(m.t(ref.publisher)))
    link = _link(ref, m)
    if link:
        if ref.accessed and not ref.issued and not ref.doi:
            parts.append(f"Retrieved {_chicago_date(ref.accessed)}, from {link}")
        else:
            parts.append(link)
    return " ".join(parts)


# --- the public formatting functions -----------------------------------------------------------

_CITERS: dict[str, Callable[[Reference, _Span | None, str, bool, _Markup], str]] = {
    "chicago-author-date": _chicago_author_date_cite,
    "chicago-notes": _chicago_notes_cite,
    "mla": _mla_cite,
    "apa": _apa_cite,
}

_ENTRIES: dict[str, Callable[[Reference, _Markup], str]] = {
    "chicago-author-date": _chicago_author_date_entry,
    "chicago-notes": _chicago_notes_entry,
    "mla": _mla_entry,
    "apa": _apa_entry,
}


def _style(style: str) -> str:
    s = _STYLE_ALIASES.get(str(style).strip().lower())
    if s is None:
        raise ArgumentError(
            f"unknown citation style {style!r} (known: {', '.join(CITATION_STYLES)})"
        )
    return s


def format_citation(
    source: Source,
    passage: Passage = None,
    style: str = "chicago-author-date",
    metadata: Mapping[str, Any] | None = None,
    *,
    form: str | None = None,
    pilcrow: bool = False,
    markup: str = "text",
    **kw: Any,
) -> str:
    """A citation of a passage of a document, in a style, as it stands in the text or a note.

    ``passage`` is a citation ("DOC:7", "DOC:3-5", "DOC:7.2"), a paragraph number, a Paragraph
    or Passage of the document, or None for the whole work. ``style`` is one of
    CITATION_STYLES; ``form`` is "parenthetical" (default) or "narrative" for the author-date
    styles, MLA and APA, and "note" (a first, full note; default) or "short-note" for
    chicago-notes. ``pilcrow`` cites "¶ 7" instead of "para. 7"; ``markup`` is "text",
    "html" (<i>) or "markdown" (*...*). Metadata as for `reference`.

    Raises CitationError for a passage the document does not have and ArgumentError for a
    malformed citation, an unknown style, form, markup or metadata key.
    """
    s = _style(style)
    f = form or _FORMS[s][0]
    if f not in _FORMS[s]:
        raise ArgumentError(f"unknown form {form!r} for {s} (known: {', '.join(_FORMS[s])})")
    m = _Markup(markup)
    ref = reference(source, metadata, **kw)
    span = _locate(ref, passage)
    return _CITERS[s](ref, span, f, bool(pilcrow), m)


def format_reference(
    source: Source,
    style: str = "chicago-author-date",
    metadata: Mapping[str, Any] | None = None,
    *,
    markup: str = "text",
    **kw: Any,
) -> str:
    """The entry for a document in a reference list (Chicago author-date, APA), bibliography
    (chicago-notes) or list of works cited (MLA). Metadata as for `reference`."""
    s = _style(style)
    m = _Markup(markup)
    return _ENTRIES[s](reference(source, metadata, **kw), m)


# --- CSL-JSON ----------------------------------------------------------------------------------


def to_csl_json(
    source: Source, metadata: Mapping[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    """The document's metadata as a CSL-JSON item (a dict ready for json.dumps): what Zotero,
    Pandoc and citeproc read. The item's id is the document's citation id, and its note records
    it (Zotero keeps the note in Extra), so that a passage DOC:N can be found again."""
    ref = reference(source, metadata, **kw)
    item: dict[str, Any] = {"id": ref.id, "type": ref.type}
    if ref.title:
        item["title"] = ref.title
    if ref.short_title:
        item["title-short"] = ref.short_title
    if ref.authors:
        item["author"] = [n.csl() for n in ref.authors]
    if ref.editors:
        item["editor"] = [n.csl() for n in ref.editors]
    if ref.issued:
        item["issued"] = ref.issued.csl()
    for key, value in (
        ("container-title", ref.container_title),
        ("publisher", ref.publisher),
        ("publisher-place", ref.place),
        ("volume", ref.volume),
        ("issue", ref.issue),
        ("page", _range(ref.pages, "-") if ref.pages else None),
        ("URL", ref.url),
        ("DOI", ref.doi),
    ):
        if value:
            item[key] = value
    if ref.accessed:
        item["accessed"] = ref.accessed.csl()
    note = f"alinea citation id: {ref.id} (cite paragraphs as {ref.id}:N)"
    item["note"] = f"{ref.note}\n{note}" if ref.note else note
    return item


def csl_citation_item(source: Source, passage: Passage) -> dict[str, Any]:
    """A CSL citation item for a passage: {"id", "locator", "label": "paragraph"}."""
    ref = reference(source)
    span = _locate(ref, passage)
    item: dict[str, Any] = {"id": ref.id}
    if span is not None:
        item["locator"] = (
            str(span.first) if span.first == span.last else f"{span.first}-{span.last}"
        )
        item["label"] = "paragraph"
    return item


# --- BibTeX ------------------------------------------------------------------------------------

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_RE = re.compile("|".join(re.escape(k) for k in _TEX_SPECIALS))

_BIBTEX_TYPES = {
    "article-newspaper": "article",
    "article-magazine": "article",
    "article-journal": "article",
    "chapter": "incollection",
    "book": "book",
    "report": "techreport",
    "webpage": "misc",
    "document": "misc",
}


def _tex(s: str) -> str:
    """LaTeX's special characters escaped; other characters (UTF-8) kept."""
    return _TEX_RE.sub(lambda m: _TEX_SPECIALS[m.group()], s)


def _bibtex_name(n: Name) -> str:
    if n.institution:
        return "{" + _tex(n.family) + "}"
    family = _tex(n.family)
    if "," in n.family or re.search(r"\band\b", n.family, re.IGNORECASE):
        family = "{" + family + "}"
    return ", ".join(p for p in (family, _tex(n.suffix), _tex(n.given)) if p)


def _bibtex_url(s: str) -> str:
    return s.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bibtex_key(ref_id: str) -> str:
    key = unicodedata.normalize("NFKD", ref_id).encode("ascii", "ignore").decode()
    key = re.sub(r"[^A-Za-z0-9._:-]+", "-", key).strip("-")
    return key or "alinea"


def to_bibtex(source: Source, metadata: Mapping[str, Any] | None = None, **kw: Any) -> str:
    """The document's metadata as a BibTeX entry (@article, @incollection, @book, @techreport
    or @misc) keyed by the document's citation id. LaTeX's special characters are escaped,
    other characters are kept as UTF-8 (use biber, or bibtex with inputenc), and the title is
    braced so that styles keep its capitals."""
    ref = reference(source, metadata, **kw)
    entry = _BIBTEX_TYPES[ref.type]
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(_bibtex_name(n) for n in ref.authors)))
    if ref.editors:
        fields.append(("editor", " and ".join(_bibtex_name(n) for n in ref.editors)))
    if ref.title:
        fields.append(("title", "{" + _tex(ref.title) + "}"))
    if ref.container_title:
        key = {"article": "journal", "incollection": "booktitle"}.get(entry, "howpublished")
        if entry in ("book", "techreport"):
            key = "series"
        fields.append((key, _tex(ref.container_title)))
    if ref.volume:
        fields.append(("volume", _tex(ref.volume)))
    if ref.issue:
        fields.append(("number", _tex(ref.issue)))
    if ref.pages:
        fields.append(("pages", _tex(_range(ref.pages, "--"))))
    if ref.publisher:
        fields.append(
            ("institution" if entry == "techreport" else "publisher", _tex(ref.publisher))
        )
    if ref.place:
        fields.append(("address", _tex(ref.place)))
    if ref.issued:
        fields.append(("year", str(ref.issued.year)))
    lines = [f"@{entry}{{{_bibtex_key(ref.id)},"]
    for name, value in fields:
        lines.append(f"  {name} = {{{value}}},")
    if ref.issued and ref.issued.month:
        lines.append(f"  month = {_BIBTEX_MONTHS[ref.issued.month - 1]},")
    if ref.doi:
        lines.append(f"  doi = {{{_bibtex_url(ref.doi)}}},")
    if ref.url:
        lines.append(f"  url = {{{_bibtex_url(ref.url)}}},")
    if ref.accessed:
        lines.append(f"  urldate = {{{ref.accessed.iso()}}},")
    if ref.note:
        lines.append(f"  note = {{{_tex(ref.note)}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"
