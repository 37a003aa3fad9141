#!/usr/bin/env python3
"""Real-text evaluation: body paragraphs of ingested news-page dumps against the gold article.

This is an evaluation script, not a test: it prints figures and asserts nothing.

    .venv/bin/python tests/bench/score_news.py                      # every page
    .venv/bin/python tests/bench/score_news.py --pages bbc-1,cnn --verbose

Material: ``../shared/corpus/news/readability-test-pages/<page>/`` (ALINEA_SHARED_DIR overrides
``../shared``). The input is ``source.w3m-dump.txt``, the plain-text dump of the whole web page
(menus, share lines, footers and all); the gold is ``expected.html``, the article body that
Mozilla Readability's test suite expects.

Output paragraphs
    ``alinea.read(dump).paragraphs`` with the default options: the numbered body paragraphs.
    Everything ingest set apart (title, byline, headings, list items, boilerplate, notes) is
    not counted, neither for recall nor for the foreign share.

Gold units
    expected.html is parsed with lxml.html and cut at every block-level element boundary (p,
    li, blockquote, pre, h1-h6, figure, figcaption, div, section, ul, table, ...); each run of
    text between two boundaries is one unit, labelled with its innermost block element.
    "Gold paragraphs" are the units of p, blockquote, pre, dd/dt, td and of text directly
    inside a div or section. Units of h1-h6 (headings), figcaption/figure (captions) and li
    (list items) are not paragraphs: they are not in the recall denominator (ingest rightly
    makes headings and list items something other than a numbered paragraph), but they are
    part of the gold text, so an output paragraph that matches one is not foreign. The gold
    holds 24 li in all (bbc-1, engadget, guardian-1, nytimes-3, nytimes-4).

Normalization (both sides)
    NFKC, lower case, curly quotes and apostrophes to straight ones, every dash to "-", then
    the text is reduced to its word tokens (regex ``\\w+``, Unicode): punctuation, spacing
    and line breaks do not matter.

Matching
    A gold paragraph g is *recalled* if some output paragraph o
      (a) contains it: g's token sequence occurs in o's token sequence (o may be longer, as
          when ingest joined two paragraphs), or
      (b) matches it: the token sets overlap by >= 0.8 in both directions,
          |T(g) & T(o)| >= 0.8 |T(g)| and |T(g) & T(o)| >= 0.8 |T(o)| (small rendering
          differences between the dump and the gold HTML).
    An output paragraph o is *from the gold* (not foreign) if
      (a) its token sequence occurs in the token sequence of the whole gold text, or
      (b) it matches some gold unit (paragraph, heading or caption) as above, or
      (c) >= 0.8 of its token set is inside a single gold unit (a fragment of a gold
          paragraph that ingest split).
    Output paragraphs without any word token (pure punctuation) are foreign.

Second renderer: ``--input pandoc`` ingests the page as ``pandoc -f html -t plain`` renders it
(other bullets, "[alt]" for images, no "|" link bars): a check that the detection is not tuned
to w3m's output alone. These dumps are made on the fly, not shipped.

Control: ``--input expected`` ingests ``expected.w3m-dump.txt`` (the gold article alone, rendered
the same way) instead: a page without web furniture, which ingest must leave alone.

Figures per page: gold paragraphs, output paragraphs, recall (share of gold paragraphs
recalled), foreign share (share of output paragraphs not from the gold); then the macro
average (mean of the per-page figures) and the micro average (pooled counts over all pages).
Recall is printed twice: over all gold paragraphs, and over gold paragraphs of at least
--min-words words (default 4). Short gold paragraphs are mostly photo credits, captions,
datelines and "Advertisement"-like leftovers that Readability kept; the filtered figure is the
headline figure, the unfiltered one is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

import alinea

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ALINEA_SHARED_DIR", REPO.parent / "shared"))
PAGES_DIR = SHARED / "corpus" / "news" / "readability-test-pages"

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CAPTION_TAGS = {"figcaption", "figure", "caption"}
ITEM_TAGS = {"li"}

SIMILARITY = 0.8

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _TOKEN.findall(text)


@dataclass
class Unit:
    kind: str  # "paragraph", "item", "heading" or "caption"
    tag: str
    text: str
    toks: list[str] = field(default_factory=list)
    seq: str = ""  # " tok tok tok " for containment tests
    tset: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.toks = tokens(self.text)
        self.seq = " " + " ".join(self.toks) + " "
        self.tset = frozenset(self.toks)


def gold_units(path: Path) -> list[Unit]:
    root = lxml.html.fromstring(path.read_bytes().decode("utf-8"))
    units: list[Unit] = []
    buf: list[str] = []

    def flush(tag: str) -> None:
        text = " ".join("".join(buf).split())
        buf.clear()
        if not text:
            return
        kind = ("heading" if tag in HEADING_TAGS else "caption" if tag in CAPTION_TAGS
                else "item" if tag in ITEM_TAGS else "paragraph")
        unit = Unit(kind, tag, text)
        if unit.toks:
            units.append(unit)

    def walk(el, block: str) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP_TAGS or not tag:
            if el.tail:
                buf.append(el.tail)
            return
        is_block = tag in BLOCK_TAGS
        inner = tag if is_block else block
        if is_block:
            flush(block)
        if tag == "br":
            buf.append(" ")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child, inner)
        if is_block:
            flush(inner)
        if el.tail:
            buf.append(el.tail)

    walk(root, "div")
    flush("div")
    return units


def matches(a: Unit, b: Unit) -> bool:
    """Token sets overlap by >= SIMILARITY in both directions."""
    if not a.tset or not b.tset:
        return False
    common = len(a.tset & b.tset)
    return common >= SIMILARITY * len(a.tset) and common >= SIMILARITY * len(b.tset)


@dataclass
class PageScore:
    page: str
    gold: list[Unit]
    out: list[Unit]
    recalled: list[bool]
    from_gold: list[bool]
    min_words: int

    @property
    def gold_paras(self) -> list[int]:
        return [i for i, g in enumerate(self.gold) if g.kind == "paragraph"]

    def long_paras(self) -> list[int]:
        return [i for i in self.gold_paras if len(self.gold[i].toks) >= self.min_words]

    def recall(self, idx: list[int]) -> float:
        return sum(self.recalled[i] for i in idx) / len(idx) if idx else 1.0

    @property
    def foreign(self) -> int:
        return sum(not f for f in self.from_gold)

    @property
    def foreign_share(self) -> float:
        return self.foreign / len(self.out) if self.out else 0.0


def pandoc_dump(page: str, cache: Path) -> Path:
    """The page rendered by pandoc (-t plain, 80 columns): a second text renderer, as a check
    that the boilerplate detection is not tuned to w3m's output alone."""
    out = cache / f"{page}.pandoc.txt"
    if not out.exists():
        subprocess.run(["pandoc", "-f", "html", "-t", "plain", "--columns=80",
                        str(PAGES_DIR / page / "source.html"), "-o", str(out)],
                       check=True, timeout=300, stderr=subprocess.DEVNULL)
    return out


def score_page(page: str, min_words: int, dump: str | Path = "source.w3m-dump.txt") -> PageScore:
    folder = PAGES_DIR / page
    gold = gold_units(folder / "expected.html")
    doc = alinea.read(str(dump if isinstance(dump, Path) else folder / dump))
    out = [Unit("output", "p", p.text) for p in doc.paragraphs if p is not None]
    gold_seq = " " + " ".join(t for g in gold for t in g.toks) + " "

    recalled = []
    for g in gold:
        if g.kind != "paragraph":
            recalled.append(False)
            continue
        recalled.append(any(g.seq in o.seq or matches(g, o) for o in out))

    from_gold = []
    for o in out:
        if not o.toks:
            from_gold.append(False)
            continue
        ok = o.seq in gold_seq or any(matches(o, g) for g in gold)
        if not ok:
            ok = any(len(o.tset & g.tset) >= SIMILARITY * len(o.tset) for g in gold)
        from_gold.append(ok)
    return PageScore(page, gold, out, recalled, from_gold, min_words)


def short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", help="comma-separated page names (default: all)")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="list the missed gold paragraphs and the foreign output paragraphs")
    ap.add_argument("--min-words", type=int, default=4,
                    help="gold paragraphs shorter than this are left out of the filtered recall")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--input", choices=("source", "expected", "pandoc"), default="source",
                    help="which dump to ingest: the whole page as w3m rendered it (default); as a "
                    "control, the w3m dump of the gold article alone (expected.w3m-dump.txt: no web "
                    "furniture, so the boilerplate detection must leave it alone); or the whole page "
                    "rendered by pandoc -t plain (needs pandoc; cached in --cache)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "alinea-score-news",
                    help="where --input pandoc keeps its renderings")
    args = ap.parse_args(argv)

    if not PAGES_DIR.is_dir():
        print(f"no pages at {PAGES_DIR}", file=sys.stderr)
        return 2
    pages = sorted(p.name for p in PAGES_DIR.iterdir() if (p / "source.w3m-dump.txt").is_file())
    if args.pages:
        wanted = args.pages.split(",")
        unknown = set(wanted) - set(pages)
        if unknown:
            print(f"unknown pages: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        pages = wanted

    if args.input == "pandoc":
        args.cache.mkdir(parents=True, exist_ok=True)
        scores = [score_page(p, args.min_words, pandoc_dump(p, args.cache)) for p in pages]
    else:
        scores = [score_page(p, args.min_words, f"{args.input}.w3m-dump.txt") for p in pages]
    mw = args.min_words
    head = ("page", "gold", f"gold>={mw}w", "output", "recall", f"recall>={mw}w", "foreign", "foreign share")
    rows = []
    for s in scores:
        rows.append((s.page, str(len(s.gold_paras)), str(len(s.long_paras())), str(len(s.out)),
                     f"{s.recall(s.gold_paras):.3f}", f"{s.recall(s.long_paras()):.3f}",
                     str(s.foreign), f"{s.foreign_share:.3f}"))

    n = len(scores)
    macro = (
        sum(s.recall(s.gold_paras) for s in scores) / n,
        sum(s.recall(s.long_paras()) for s in scores) / n,
        sum(s.foreign_share for s in scores) / n,
    )
    g_all = sum(len(s.gold_paras) for s in scores)
    g_long = sum(len(s.long_paras()) for s in scores)
    r_all = sum(sum(s.recalled[i] for i in s.gold_paras) for s in scores)
    r_long = sum(sum(s.recalled[i] for i in s.long_paras()) for s in scores)
    o_all = sum(len(s.out) for s in scores)
    f_all = sum(s.foreign for s in scores)
    micro = (r_all / g_all if g_all else 1.0, r_long / g_long if g_long else 1.0,
             f_all / o_all if o_all else 0.0)
    rows.append(("macro", "", "", "", f"{macro[0]:.3f}", f"{macro[1]:.3f}", "", f"{macro[2]:.3f}"))
    rows.append(("micro", str(g_all), str(g_long), str(o_all), f"{micro[0]:.3f}", f"{micro[1]:.3f}",
                 str(f_all), f"{micro[2]:.3f}"))

    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("| " + " | ".join("---" if i == 0 else "---:" for i in range(len(head))) + " |")
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(r, widths)))
        print(line(head))
        for r in rows[:-2]:
            print(line(r))
        print("-" * len(line(head)))
        for r in rows[-2:]:
            print(line(r))

    print(f"\ntargets: recall >= 0.9, foreign share <= 0.1 "
          f"(headline: recall over gold paragraphs of >= {mw} words)")
    print(f"macro: recall {macro[0]:.3f} (>= {mw} words: {macro[1]:.3f}), foreign share {macro[2]:.3f}")
    print(f"micro: recall {micro[0]:.3f} (>= {mw} words: {micro[1]:.3f}), foreign share {micro[2]:.3f}")

    if args.verbose:
        for s in scores:
            missed = [i for i in s.gold_paras if not s.recalled[i]]
            foreign = [o for o, f in zip(s.out, s.from_gold) if not f]
            if not missed and not foreign:
                continue
            print(f"\n== {s.page}")
            for i in missed:
                g = s.gold[i]
                mark = " " if len(g.toks) >= mw else "s"
                print(f"  missed{mark} <{g.tag}> {short(g.text)}")
            for o in foreign:
                print(f"  foreign  {short(o.text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
