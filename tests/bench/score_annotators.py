#!/usr/bin/env python3
"""Score the built-in annotators against the project's gold annotations.

This is an evaluation script, not a test: it prints figures and asserts nothing (except in
``--self-test``, which checks the scorer itself).

    .venv/bin/python tests/bench/score_annotators.py                   # alinea.annotate(doc)
    .venv/bin/python tests/bench/score_annotators.py --predictions DIR # <stem>.json files
    .venv/bin/python tests/bench/score_annotators.py --self-test       # the scorer on the gold
    .venv/bin/python tests/bench/score_annotators.py --verbose         # list every miss
    .venv/bin/python tests/bench/score_annotators.py --heldout         # the held-out set
    .venv/bin/python tests/bench/score_annotators.py --gold DIR        # gold files in DIR

Gold
    ``tests/data/annotators/gold/<stem>.tsv``, one file per text; the guidelines and the file
    format are in ``tests/data/annotators/README.md``. The texts are the seeds
    (``../shared/seeds/``, ALINEA_SHARED_DIR overrides ``../shared``; skipped when absent),
    ``docs/samples/*.txt`` and ``tests/data/annotators/*.txt``. Each text is read with
    ``alinea.read(path)`` (default options) and the gold rows are resolved to code-point spans
    of ``doc.text``.

    That gold is the development set: the rules were tuned on it. ``--heldout`` scores the
    held-out set instead, ``tests/data/annotators/heldout/gold/<stem>.tsv`` for the texts
    ``tests/data/annotators/heldout/<stem>.txt``, which the rules were never tuned on (see the
    README). ``--gold DIR`` scores the gold files ``DIR/<stem>.tsv``; each text is
    ``DIR/../<stem>.txt``, or a sample or seed of that stem. The two sets are scored apart, never
    mixed.

Predictions
    By default ``alinea.annotate(doc)`` is called for each document (it may return a Document,
    a JSON string, or annotate ``doc`` in place and return None). If alinea has no
    ``annotate`` yet, the script says so and exits 0. With ``--predictions DIR`` the
    predictions are read from ``DIR/<stem>.json``, each a document in alinea's lossless JSON
    form (``doc.to_json()``, docs/formats.md) whose ``text`` must equal the gold document's
    text. Every annotation of every layer (``edits`` excepted) whose type is one of persName,
    placeName, orgName, date, q, said (scored as q) or soCalled is a prediction.

Figures
    Per type: gold count, predicted count, precision, recall and F1 of exact matches (same
    document, same start and end, same type), with the issue's targets beside them. For dates,
    the share of matched dates whose normalisation (``when``, ``from``, ``to``, ``notBefore``,
    ``notAfter``, ``type``) equals the gold's exactly. For quotations (q), the share of gold
    quotations found (exact span) with the right speaker: the predicted ``who`` (an optional
    leading ``#`` removed; several space-separated values allowed) must be the gold entity id,
    or any surface form the gold gives that entity in any text, or the ``ref``/``key``/``id``
    of a predicted name annotation in the same document whose text is such a surface form.
    An unattributed gold quotation needs a prediction without ``who``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "annotators"
GOLD_DIR = DATA / "gold"
# The held-out set: texts in HELDOUT, their gold in HELDOUT_GOLD_DIR; never used for tuning.
HELDOUT = DATA / "heldout"
HELDOUT_GOLD_DIR = HELDOUT / "gold"
SAMPLES = REPO / "docs" / "samples"

TYPES = ("persName", "placeName", "orgName", "date", "q", "soCalled")
NAME_TYPES = frozenset({"persName", "placeName", "orgName"})
# Spans of one category never overlap in the gold; `*` rows skip occurrences inside a longer
# span of their category.
CATEGORY = {
    "persName": "name",
    "placeName": "name",
    "orgName": "name",
    "date": "date",
    "q": "quote",
    "soCalled": "quote",
}
DATE_ATTRIBUTES = ("when", "from", "to", "notBefore", "notAfter", "type")
ALLOWED_ATTRIBUTES = {
    "persName": frozenset(),
    "placeName": frozenset(),
    "orgName": frozenset(),
    "date": frozenset(DATE_ATTRIBUTES),
    "q": frozenset({"who"}),
    "soCalled": frozenset(),
}
# Predicted types scored as another type (TEI <said> is speech, as <q> is here).
TYPE_ALIASES = {"said": "q"}
# Attributes of predicted name annotations that a predicted `who` may point to.
REF_ATTRIBUTES = ("ref", "key", "id", "xml:id", "corresp")
# Targets of issue 6: (precision, recall).
TARGETS = {
    "date": (0.9, 0.9),
    "persName": (0.85, 0.8),
    "placeName": (0.85, 0.8),
    "orgName": (0.85, 0.8),
}
Q_SPEAKER_TARGET = 0.8
HEADER = ("type", "text", "occurrence", "attributes", "entity")
ISO_DATE = re.compile(r"^(-?\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)$")
ENTITY_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class GoldError(Exception):
    """A gold file that does not parse or does not fit its text."""


def shared_dir() -> Path:
    return Path(os.environ.get("ALINEA_SHARED_DIR", REPO.parent / "shared"))


@dataclass(frozen=True)
class GoldRow:
    source: str  # "<file>:<line>"
    type: str
    text: str
    occurrence: int | None  # None for "*"
    attributes: tuple[tuple[str, str], ...]
    entity: str


@dataclass(frozen=True)
class Span:
    doc: str
    start: int
    end: int
    type: str
    text: str
    attributes: tuple[tuple[str, str], ...] = ()
    entity: str = ""
    source: str = field(default="", compare=False)

    def attr(self, name: str) -> str | None:
        for k, v in self.attributes:
            if k == name:
                return v
        return None


@dataclass
class GoldDoc:
    stem: str
    path: Path
    text: str
    rows: list[GoldRow]
    spans: list[Span]


# --------------------------------------------------------------------------------------------
# Gold files


def parse_attributes(value: str, where: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    if not value.strip():
        return ()
    for part in value.split(";"):
        part = part.strip()
        if not part:
            raise GoldError(f"{where}: empty attribute in {value!r}")
        name, eq, val = part.partition("=")
        if not eq or not name.strip():
            raise GoldError(f"{where}: attribute {part!r} is not name=value")
        name = name.strip()
        if any(k == name for k, _ in out):
            raise GoldError(f"{where}: attribute {name!r} given twice")
        out.append((name, val.strip()))
    return tuple(out)


def parse_gold(path: Path) -> list[GoldRow]:
    """The rows of one gold TSV file; GoldError names the file and line of any problem."""
    rows: list[GoldRow] = []
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError as e:
        raise GoldError(f"{path.name}: not UTF-8 ({e})") from e
    header_seen = False
    for n, line in enumerate(lines, 1):
        where = f"{path.name}:{n}"
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cols) != HEADER:
                raise GoldError(f"{where}: expected the header {'<TAB>'.join(HEADER)}")
            header_seen = True
            continue
        if len(cols) < 3 or len(cols) > len(HEADER):
            raise GoldError(f"{where}: {len(cols)} columns, expected 3 to {len(HEADER)}")
        cols += [""] * (len(HEADER) - len(cols))
        typ, text, occ, attrs, entity = cols
        if typ not in TYPES:
            raise GoldError(f"{where}: unknown type {typ!r}")
        if not text or text != text.strip():
            raise GoldError(f"{where}: text {text!r} is empty or has surrounding spaces")
        if occ == "*":
            occurrence = None
        elif occ.isdigit() and int(occ) >= 1:
            occurrence = int(occ)
        else:
            raise GoldError(f"{where}: occurrence {occ!r} is not a positive number or *")
        entity = entity.strip()
        rows.append(GoldRow(where, typ, text, occurrence, parse_attributes(attrs, where), entity))
    if not header_seen:
        raise GoldError(f"{path.name}: no header line")
    return rows


def _word_char(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c).startswith("M")


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of `needle` in `text` at word boundaries: a match counts only where the
    characters just before and after it are not letters, digits or combining marks
    ("Kazakhstan" is not found in "Kazakhstani", but is in "Kazakhstan's" and
    "Kazakhstan-U.S."; "U.S." is not found in "U.S.S.R.")."""
    found = []
    i = text.find(needle)
    while i >= 0:
        j = i + len(needle)
        left_ok = i == 0 or not _word_char(text[i - 1])
        right_ok = j == len(text) or not _word_char(text[j])
        if left_ok and right_ok:
            found.append(i)
        i = text.find(needle, i + 1)
    return found


def resolve(stem: str, text: str, rows: list[GoldRow]) -> list[Span]:
    """Code-point spans of the gold rows in `text`, in text order.

    A row with an occurrence number k is the k-th word-bounded occurrence of its text,
    counting every occurrence (also those inside other spans). A `*` row is every occurrence
    that does not lie inside a longer span of the same category (names, dates, quotations);
    `*` rows are resolved after numbered rows, longest text first."""
    spans: list[Span] = []
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    numbered = [r for r in rows if r.occurrence is not None]
    starred = sorted((r for r in rows if r.occurrence is None), key=lambda r: -len(r.text))
    for row in numbered + starred:
        offs = occurrences(text, row.text)
        if not offs:
            raise GoldError(f"{row.source}: {row.text!r} does not occur in {stem}")
        if row.occurrence is not None:
            if row.occurrence > len(offs):
                raise GoldError(
                    f"{row.source}: {row.text!r} occurs {len(offs)} times in {stem}, "
                    f"not {row.occurrence}"
                )
            chosen = [offs[row.occurrence - 1]]
        else:
            cat = CATEGORY[row.type]
            chosen = [
                o
                for o in offs
                if not any(
                    s <= o and o + len(row.text) <= e and e - s > len(row.text)
                    for s, e in taken[cat]
                )
            ]
            if not chosen:
                raise GoldError(f"{row.source}: every {row.text!r} lies inside a longer span")
        for o in chosen:
            span = Span(stem, o, o + len(row.text), row.type, row.text, row.attributes,
                        row.entity, row.source)
            spans.append(span)
            taken[CATEGORY[row.type]].append((span.start, span.end))
    spans.sort(key=lambda s: (s.start, s.end, s.type))
    return spans


def overlaps(spans: list[Span]) -> list[tuple[Span, Span]]:
    """Pairs of spans of one category that share a code point (or are the same span)."""
    bad = []
    by_cat: dict[str, list[Span]] = defaultdict(list)
    for s in spans:
        by_cat[CATEGORY[s.type]].append(s)
    for group in by_cat.values():
        group.sort(key=lambda s: (s.start, s.end))
        for a, b in zip(group, group[1:]):
            if b.start < a.end or (a.start, a.end) == (b.start, b.end):
                bad.append((a, b))
    return bad


def text_paths(gold_dir: Path | None = None) -> dict[str, Path | None]:
    """Every gold stem of `gold_dir` (default GOLD_DIR) and the text it annotates (None if the
    text is absent): `gold_dir`/../<stem>.txt, a sample or a seed."""
    gold_dir = GOLD_DIR if gold_dir is None else gold_dir
    out: dict[str, Path | None] = {}
    for gold in sorted(gold_dir.glob("*.tsv")):
        stem = gold.stem
        candidates = [gold_dir.parent / f"{stem}.txt", SAMPLES / f"{stem}.txt",
                      shared_dir() / "seeds" / f"{stem}.txt"]
        out[stem] = next((p for p in candidates if p.is_file()), None)
    return out


def load_gold(*, strict: bool = True,
              gold_dir: Path | None = None) -> tuple[list[GoldDoc], list[str]]:
    """The gold documents of `gold_dir` (default GOLD_DIR, the development set) whose text is
    present, and the stems whose text is absent."""
    import alinea

    gold_dir = GOLD_DIR if gold_dir is None else gold_dir
    docs, missing = [], []
    for stem, path in text_paths(gold_dir).items():
        if path is None:
            missing.append(stem)
            continue
        rows = parse_gold(gold_dir / f"{stem}.tsv")
        text = alinea.read(str(path)).text
        spans = resolve(stem, text, rows)
        if strict:
            bad = overlaps(spans)
            if bad:
                a, b = bad[0]
                raise GoldError(f"{a.source} and {b.source}: overlapping {a.text!r}, {b.text!r}")
        docs.append(GoldDoc(stem, path, text, rows, spans))
    return docs, missing


def entity_forms(spans: Iterable[Span]) -> dict[str, set[str]]:
    """Every surface form (case-folded) of each gold entity."""
    forms: dict[str, set[str]] = defaultdict(set)
    for s in spans:
        if s.type in NAME_TYPES and s.entity:
            forms[s.entity].add(" ".join(s.text.split()).casefold())
    return forms


# --------------------------------------------------------------------------------------------
# Scoring


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _normalisation(span: Span) -> dict[str, str]:
    return {k: v for k, v in span.attributes if k in DATE_ATTRIBUTES}


def _who_values(span: Span) -> list[str]:
    """The candidates a predicted `who` names: the whole value (a surface name such as
    "Ilse Marten" has spaces) and each space-separated value (TEI @who is a list of refs),
    each without a leading "#"."""
    who = " ".join((span.attr("who") or "").split())
    if not who:
        return []
    values = [who] + (who.split() if " " in who else [])
    return [w[1:] if w.startswith("#") else w for w in values]


def score(
    gold_spans: Iterable[Span],
    predicted_spans: Iterable[Span],
    forms: dict[str, set[str]] | None = None,
) -> dict:
    """Per-type precision, recall and F1 of exact span+type matches; date normalisation and
    quotation speaker figures. `forms` (entity id to case-folded surface forms) defaults to
    the forms found in `gold_spans`."""
    gold = list(gold_spans)
    pred: dict[tuple, Span] = {}
    for p in predicted_spans:
        typ = TYPE_ALIASES.get(p.type, p.type)
        if typ not in CATEGORY:
            continue
        p = replace(p, type=typ)
        pred.setdefault((p.doc, p.start, p.end, p.type), p)
    if forms is None:
        forms = entity_forms(gold)
    # Predicted name annotations a predicted `who` may refer to, by document and ref value.
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in pred.values():
        if p.type in NAME_TYPES:
            for k, v in p.attributes:
                if k in REF_ATTRIBUTES:
                    for ref in v.split():
                        ref = ref[1:] if ref.startswith("#") else ref
                        aliases[(p.doc, ref)].add(" ".join(p.text.split()).casefold())

    gold_keys = {(g.doc, g.start, g.end, g.type): g for g in gold}
    result: dict = {"types": {}}
    tp: Counter = Counter()
    for key in gold_keys:
        if key in pred:
            tp[key[3]] += 1
    ngold = Counter(k[3] for k in gold_keys)
    npred = Counter(k[3] for k in pred)
    for typ in TYPES + ("all",):
        if typ == "all":
            ng, np_, nt = sum(ngold.values()), sum(npred.values()), sum(tp.values())
        else:
            ng, np_, nt = ngold[typ], npred[typ], tp[typ]
        prec = nt / np_ if np_ else (1.0 if ng == 0 else 0.0)
        rec = nt / ng if ng else (1.0 if np_ == 0 else 0.0)
        result["types"][typ] = {"gold": ng, "predicted": np_, "matched": nt,
                                "precision": prec, "recall": rec, "f1": _f1(prec, rec)}

    matched_dates = [(g, pred[k]) for k, g in gold_keys.items() if g.type == "date" and k in pred]
    right = sum(_normalisation(g) == _normalisation(p) for g, p in matched_dates)
    result["date_normalisation"] = {"matched": len(matched_dates), "right": right,
                                    "share": right / len(matched_dates) if matched_dates else 0.0}

    def speaker_right(g: Span, p: Span) -> bool:
        want = g.attr("who") or ""
        got = _who_values(p)
        if not want:
            return not got
        accepted = forms.get(want, set())
        for w in got:
            if w == want or " ".join(w.split()).casefold() in accepted:
                return True
            if aliases.get((p.doc, w), set()) & accepted:
                return True
        return False

    gold_q = [g for g in gold_keys.values() if g.type == "q"]
    found = [(g, pred[(g.doc, g.start, g.end, "q")]) for g in gold_q
             if (g.doc, g.start, g.end, "q") in pred]
    right_q = [g for g, p in found if speaker_right(g, p)]
    attributed = [g for g in gold_q if g.attr("who")]
    result["q_speaker"] = {
        "gold": len(gold_q),
        "found": len(found),
        "right": len(right_q),
        "share": len(right_q) / len(gold_q) if gold_q else 0.0,
        "attributed": len(attributed),
        "attributed_right": sum(1 for g in right_q if g.attr("who")),
        "predicted": npred["q"],
        "precision": len(right_q) / npred["q"] if npred["q"] else 0.0,
    }
    result["misses"] = {
        "false_negatives": [g for k, g in gold_keys.items() if k not in pred],
        "false_positives": [p for k, p in pred.items() if k not in gold_keys],
        "wrong_dates": [(g, p) for g, p in matched_dates if _normalisation(g) != _normalisation(p)],
        "wrong_speakers": [(g, p) for g, p in found if not speaker_right(g, p)],
    }
    return result


def print_report(result: dict, title: str, out=sys.stdout) -> None:
    print(f"\n{title}", file=out)
    print(f"{'type':<10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}   target P / R",
          file=out)
    for typ, r in result["types"].items():
        target = TARGETS.get(typ)
        t = f"{target[0]:.2f} / {target[1]:.2f}" if target else ""
        if typ == "q":
            t = f"speaker {Q_SPEAKER_TARGET:.2f} (below)"
        print(f"{typ:<10} {r['gold']:>5} {r['predicted']:>5} {r['precision']:>6.3f} "
              f"{r['recall']:>6.3f} {r['f1']:>6.3f}   {t}", file=out)
    d = result["date_normalisation"]
    print(f"dates with the right normalisation: {d['right']}/{d['matched']} matched dates "
          f"= {d['share']:.3f}", file=out)
    q = result["q_speaker"]
    print(f"quotations with the right speaker: {q['right']}/{q['gold']} gold quotations "
          f"= {q['share']:.3f} (target {Q_SPEAKER_TARGET:.2f}); precision {q['right']}/"
          f"{q['predicted']} = {q['precision']:.3f}; attributed ones "
          f"{q['attributed_right']}/{q['attributed']}", file=out)


def print_misses(result: dict, texts: dict[str, str], out=sys.stdout) -> None:
    def ctx(s: Span) -> str:
        t = texts.get(s.doc, "")
        return (t[max(0, s.start - 25):s.start] + "[" + t[s.start:s.end] + "]"
                + t[s.end:s.end + 25]).replace("\n", " ")

    m = result["misses"]
    for label, items in (("missed (gold, not predicted)", m["false_negatives"]),
                         ("spurious (predicted, not gold)", m["false_positives"])):
        print(f"\n{label}: {len(items)}", file=out)
        for s in sorted(items, key=lambda s: (s.doc, s.start)):
            print(f"  {s.doc} {s.start}-{s.end} {s.type:<9} {ctx(s)}", file=out)
    print(f"\ndates with another normalisation: {len(m['wrong_dates'])}", file=out)
    for g, p in m["wrong_dates"]:
        print(f"  {g.doc} {g.text!r}: gold {_normalisation(g)}, predicted {_normalisation(p)}",
              file=out)
    print(f"\nquotations with another speaker: {len(m['wrong_speakers'])}", file=out)
    for g, p in m["wrong_speakers"]:
        print(f"  {g.doc} {g.start}: gold who={g.attr('who') or '-'}, predicted "
              f"who={p.attr('who') or '-'}: {g.text[:50]!r}", file=out)


# --------------------------------------------------------------------------------------------
# Predictions


def spans_from_json(stem: str, data: dict, text: str, origin: str) -> list[Span]:
    """Predicted spans from a document in alinea's JSON form."""
    if data.get("text") != text:
        raise SystemExit(f"{origin}: its text is not the text of {stem} as alinea.read gives it")
    out = []
    for layer in data.get("layers", []):
        if layer.get("name") == "edits":
            continue
        for a in layer.get("annotations", []):
            attrs = a.get("attributes") or {}
            pairs = tuple(attrs.items()) if isinstance(attrs, dict) else tuple(map(tuple, attrs))
            start, end = int(a["start"]), int(a["end"])
            out.append(Span(stem, start, end, a.get("type", ""), text[start:end],
                            tuple((str(k), str(v)) for k, v in pairs)))
    return out


def predictions_from_dir(docs: list[GoldDoc], directory: Path) -> list[Span]:
    out = []
    for d in docs:
        f = directory / f"{d.stem}.json"
        if not f.is_file():
            print(f"note: no predictions for {d.stem} ({f} absent): counted as none",
                  file=sys.stderr)
            continue
        out += spans_from_json(d.stem, json.loads(f.read_text(encoding="utf-8")), d.text, str(f))
    return out


def predictions_from_annotate(docs: list[GoldDoc]) -> list[Span] | None:
    import alinea

    annotate = getattr(alinea, "annotate", None)
    if annotate is None:
        return None
    out = []
    for d in docs:
        doc = alinea.read(str(d.path))
        res = annotate(doc)
        if res is None:
            res = doc
        js = res if isinstance(res, (str, bytes)) else res.to_json()
        out += spans_from_json(d.stem, json.loads(js), d.text, f"alinea.annotate({d.stem})")
    return out


# --------------------------------------------------------------------------------------------
# Self-test


def perturb(gold: list[Span], seed: int = 6) -> tuple[list[Span], dict]:
    """A copy of the gold with 10% of spans dropped and 5% shifted by one code point; of the
    kept dates 20% get another normalisation; of the kept quotations 20% get a wrong speaker,
    and the attributed rest name their speaker in turn by the gold id, by a surface form, or
    by the ref of a predicted name annotation of that speaker in the same document.
    Returns the copy and the figures the scorer must give for it."""
    rng = random.Random(seed)
    forms = entity_forms(gold)
    surface = {e: sorted(f)[0] for e, f in forms.items()}
    kept: Counter = Counter()
    shifted: Counter = Counter()
    out: list[Span] = []
    dates_right = dates_kept = 0
    q_right = 0
    mode = 0
    via_ref: list[int] = []
    for g in gold:
        r = rng.random()
        if r < 0.10:
            continue
        if r < 0.15:
            delta = 1 if g.start > 0 else -1
            out.append(replace(g, start=g.start - delta, end=g.end - delta))
            shifted[g.type] += 1
            continue
        kept[g.type] += 1
        p = g
        if g.type == "date":
            dates_kept += 1
            if rng.random() < 0.2:
                p = replace(g, attributes=(("when", "1066"),) if _normalisation(g) != {
                    "when": "1066"} else (("when", "1067"),))
            else:
                dates_right += 1
        elif g.type == "q":
            if rng.random() < 0.2:
                p = replace(g, attributes=(("who", "#nobody-at-all"),))
            else:
                q_right += 1
                who = g.attr("who")
                if who:
                    mode = (mode + 1) % 3
                    if mode == 1:
                        p = replace(g, attributes=(("who", surface.get(who, who)),))
                    elif mode == 2:
                        via_ref.append(len(out))
        out.append(p)
    # The third way of naming a speaker: a ref shared with a predicted name annotation.
    gold_keys = {(g.doc, g.start, g.end, g.type) for g in gold}
    names_by_entity = {(s.doc, s.entity): i for i, s in enumerate(out)
                       if s.type in NAME_TYPES and (s.doc, s.start, s.end, s.type) in gold_keys}
    by_ref = 0
    for n, i in enumerate(via_ref):
        q = out[i]
        j = names_by_entity.get((q.doc, q.attr("who") or ""))
        if j is not None:
            ref = f"#authority-{n}"
            out[j] = replace(out[j], attributes=(("ref", ref),))
            out[i] = replace(q, attributes=(("who", ref),))
            by_ref += 1
    total = Counter(g.type for g in gold)
    expect = {
        "types": {t: (kept[t] / (kept[t] + shifted[t]) if kept[t] + shifted[t] else 1.0,
                      kept[t] / total[t] if total[t] else 1.0) for t in TYPES},
        "date_share": dates_right / dates_kept if dates_kept else 0.0,
        "q_share": q_right / total["q"] if total["q"] else 0.0,
        "q_by_ref": by_ref,
    }
    return out, expect


def to_alinea_json(doc_json: str, spans: list[Span]) -> str:
    """A document's JSON with the spans added as layers (the form --predictions reads)."""
    data = json.loads(doc_json)
    layers = defaultdict(list)
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        layer = {"date": "dates", "q": "quotations", "soCalled": "quotations"}.get(s.type, "names")
        layers[layer].append({"start": s.start, "end": s.end, "type": s.type,
                              "attributes": dict(s.attributes)})
    data["layers"] += [{"name": k, "annotations": v} for k, v in layers.items()]
    return json.dumps(data, ensure_ascii=False)


def self_test(docs: list[GoldDoc]) -> int:
    import alinea

    gold = [s for d in docs for s in d.spans]
    failures = []

    def close(a: float, b: float) -> bool:
        return abs(a - b) < 1e-12

    res = score(gold, gold)
    print_report(res, "self-test 1: the gold scored against itself (every figure must be 1)")
    for typ, r in res["types"].items():
        if r["gold"] and not (r["precision"] == r["recall"] == r["f1"] == 1.0):
            failures.append(f"gold vs gold: {typ} is not 1.0")
    if res["date_normalisation"]["share"] != 1.0 or res["q_speaker"]["share"] != 1.0:
        failures.append("gold vs gold: date normalisation or speaker share is not 1.0")

    pert, expect = perturb(gold)
    res = score(gold, pert)
    print_report(res, "self-test 2: against a perturbed copy (10% dropped, 5% shifted by one, "
                      "20% of kept dates renormalised, 20% of kept quotations misattributed)")
    for typ in TYPES:
        p, r = expect["types"][typ]
        got = res["types"][typ]
        if not (close(got["precision"], p) and close(got["recall"], r)):
            failures.append(f"perturbed: {typ} P/R {got['precision']:.4f}/{got['recall']:.4f}"
                            f", expected {p:.4f}/{r:.4f}")
    if not close(res["date_normalisation"]["share"], expect["date_share"]):
        failures.append("perturbed: date normalisation share differs from the expected")
    if not close(res["q_speaker"]["share"], expect["q_share"]):
        failures.append("perturbed: speaker share differs from the expected "
                        f"({res['q_speaker']['share']:.4f} vs {expect['q_share']:.4f})")
    print(f"expected from the perturbation: "
          + ", ".join(f"{t} {p:.3f}/{r:.3f}" for t, (p, r) in expect["types"].items())
          + f"; dates {expect['date_share']:.3f}; speakers {expect['q_share']:.3f} "
          f"({expect['q_by_ref']} of them named by the ref of a predicted name)")
    if not expect["q_by_ref"]:
        failures.append("perturbed: no speaker was named by a ref (the test tests nothing)")

    # The same perturbed predictions through the --predictions path (alinea JSON files).
    with tempfile.TemporaryDirectory() as tmp:
        for d in docs:
            doc = alinea.read(str(d.path))
            mine = [s for s in pert if s.doc == d.stem]
            js = to_alinea_json(doc.to_json(), mine)
            alinea.from_json(js)  # the files are valid alinea JSON
            (Path(tmp) / f"{d.stem}.json").write_text(js, encoding="utf-8")
        res2 = score(gold, predictions_from_dir(docs, Path(tmp)))
    strip = lambda r: {k: v for k, v in r.items() if k != "misses"}  # noqa: E731
    if strip(res2) != strip(res):
        failures.append("perturbed via JSON files: the figures differ from the direct ones")
    else:
        print("self-test 3: the same predictions read back from alinea JSON files score the same")

    if failures:
        print("\nSELF-TEST FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nself-test passed")
    return 0


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--predictions", type=Path, metavar="DIR",
                    help="read predictions from DIR/<stem>.json (alinea JSON documents)")
    ap.add_argument("--self-test", action="store_true",
                    help="score the gold against itself and against a perturbed copy")
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    ap.add_argument("--per-doc", action="store_true", help="also print a table per document")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--heldout", action="store_true",
                       help=f"score the held-out set ({HELDOUT_GOLD_DIR.relative_to(REPO)}), "
                            "which the rules were not tuned on, instead of the development set")
    which.add_argument("--gold", type=Path, metavar="DIR",
                       help="score the gold files DIR/<stem>.tsv (texts DIR/../<stem>.txt)")
    args = ap.parse_args(argv)
    gold_dir = HELDOUT_GOLD_DIR if args.heldout else args.gold
    if gold_dir is not None and not any(gold_dir.glob("*.tsv")):
        print(f"no gold files (*.tsv) in {gold_dir}")
        return 1

    try:
        importlib.import_module("alinea")
    except ImportError:
        print("alinea is not installed (run with the project's .venv/bin/python)")
        return 1
    docs, missing = load_gold(gold_dir=gold_dir)
    for stem in missing:
        print(f"note: the text of {stem} is absent (shared seeds under {shared_dir()}?): "
              "skipped", file=sys.stderr)
    counts = Counter(s.type for d in docs for s in d.spans)
    if gold_dir is not None:
        shown = gold_dir.resolve()
        shown = shown.relative_to(REPO) if shown.is_relative_to(REPO) else shown
        print(f"gold set: {'held-out, ' if args.heldout else ''}{shown}")
    print(f"gold: {len(docs)} texts, {sum(counts.values())} annotations ("
          + ", ".join(f"{t} {counts[t]}" for t in TYPES) + ")")

    if args.self_test:
        return self_test(docs)

    if args.predictions:
        predicted = predictions_from_dir(docs, args.predictions)
        source = f"predictions from {args.predictions}"
    else:
        from_annotate = predictions_from_annotate(docs)
        if from_annotate is None:
            print("alinea.annotate does not exist yet in the installed package: nothing to "
                  "score. Use --predictions DIR for predictions in files, or --self-test.")
            return 0
        predicted = from_annotate
        source = "alinea.annotate(doc)"
    gold = [s for d in docs for s in d.spans]
    res = score(gold, predicted, entity_forms(gold))
    label = "all held-out texts" if args.heldout else "all texts"
    print_report(res, f"{label}, {source}")
    if args.per_doc:
        forms = entity_forms(gold)
        for d in docs:
            print_report(score(d.spans, [p for p in predicted if p.doc == d.stem], forms), d.stem)
    if args.verbose:
        print_misses(res, {d.stem: d.text for d in docs})
    return 0


if __name__ == "__main__":
    sys.exit(main())
