#!/usr/bin/env python3
"""All of alinea's annotators against a spaCy pipeline doing the same job, in one run.

This is a benchmark script, not a test: it prints figures and asserts nothing.

    .venv/bin/pip install spacy      # spaCy is not a dependency of alinea
    .venv/bin/python tests/bench/bench_annotate_spacy.py              # 4 MB, best of 3
    .venv/bin/python tests/bench/bench_annotate_spacy.py --size-mb 8 --names 100000

What it does
------------
1. A gazetteer of --names generated entries (a third "Given Family" persons, a third one-word
   places, a third "X Y Organization"), as alinea's C++ benchmark (bench_annotate.cpp) makes.
2. A text of --size-mb MB: the two seeds (ALINEA_SHARED_DIR/seeds) repeated, each copy followed
   by a paragraph naming twelve gazetteer entries and two dates. Parsed once by alinea (not
   timed: ingest is not an annotator).
3. Times, best of --repeat, pinned to one CPU:
   * alinea: `alinea.annotate(doc, gazetteer=g)` - dates, names (the gazetteer and the rules
     for the names it does not hold), quotations with speakers - the whole call from Python.
   * spaCy: `spacy.blank("en")` with the sentencizer and an entity_ruler whose phrase patterns
     are the same gazetteer's names and variants, run over the same paragraphs with nlp.pipe.
     It finds less (no dates, no rules, no quotations): the comparison flatters spaCy. Run
     twice: one spaCy document per paragraph, and one per chunk of about --chunk-kb KB.
   The gazetteer compile time of each is timed apart.
4. Prints MB/s and the ratio alinea / spaCy.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import alinea

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_tei_import import best_of  # noqa: E402  (same directory)
SHARED = Path(os.environ.get("ALINEA_SHARED_DIR", HERE.parent.parent.parent / "shared"))

ONSETS = "b d k l m n r s t v z sh ch g p j".split()
VOWELS = "a e i o u ai ou ia".split()


def word(rng: random.Random) -> str:
    w = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 4)))
    if rng.random() < 0.5:
        w += "n"
    return w.capitalize()


def gazetteer_entries(n: int, seed: int) -> list[tuple[str, str, str, list[str]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            given, family = word(rng), word(rng)
            out.append((f"{given} {family}", "persName", f"http://www.wikidata.org/entity/Q{1000000 + i}",
                        [f"{family}, {given}"]))
        elif kind == 1:
            out.append((word(rng), "placeName", f"http://www.wikidata.org/entity/Q{1000000 + i}", []))
        else:
            out.append((f"{word(rng)} {word(rng)} Organization", "orgName",
                        f"http://www.wikidata.org/entity/Q{1000000 + i}", []))
    return out


def corpus(size_mb: float, entries, seed: int) -> str:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds) or (
        "In 1991 the delegation of Kazakhstan met NATO in Vienna. From 2003 to 2008 it grew.")
    rng = random.Random(seed)
    parts, size = [], 0
    while size < size_mb * 1e6:
        names = " and ".join(rng.choice(entries)[0] for _ in range(12))
        chunk = f"{base}\n\nOn 3 May 1999 {names} met in 2001.\n\n"
        parts.append(chunk)
        size += len(chunk.encode())
    return "".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=4.0)
    ap.add_argument("--names", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--chunk-kb", type=int, default=100, help="size of spaCy's documents in the chunked run")
    a = ap.parse_args()
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass
    entries = gazetteer_entries(a.names, a.seed)
    text = corpus(a.size_mb, entries, a.seed)
    mb = len(text.encode()) / 1e6
    print(f"alinea {alinea.__version__}, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
    print(f"text: {mb:.2f} MB; gazetteer: {len(entries)} entries")

    t0 = time.perf_counter()
    g = alinea.Gazetteer(entries)
    print(f"alinea gazetteer compile: {time.perf_counter() - t0:.3f} s ({len(g)} entries)")
    doc = alinea.parse(text, id="bench")
    counts = {}

    def run_alinea() -> None:
        alinea.annotate(doc, gazetteer=g)
        counts.update({name: len(doc.layer(name)) for name in ("dates", "names", "quotations")})

    t_alinea = best_of(a.repeat, run_alinea)
    print(f"alinea.annotate (dates, names with rules, quotations): {mb / t_alinea:8.1f} MB/s  {counts}")

    try:
        import spacy
    except ImportError:
        print("spaCy is not installed (pip install spacy): no comparison")
        return 0
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    label = {"persName": "PERSON", "placeName": "GPE", "orgName": "ORG"}
    patterns = [{"label": label[t], "pattern": n, "id": ref} for n, t, ref, vs in entries for n in [n, *vs]]
    t0 = time.perf_counter()
    ruler.add_patterns(patterns)
    print(f"spaCy entity ruler compile: {time.perf_counter() - t0:.3f} s ({len(patterns)} patterns)")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    # The entity ruler checks on every document that it has patterns by counting all of them
    # (spaCy 3.8: EntityRuler.__len__ in _require_patterns), a cost per document that grows with
    # the gazetteer. So spaCy is also run on chunks of about --chunk-kb KB (whole paragraphs),
    # where that check is paid a few times per MB; the better of the two is compared.
    chunks, current, size = [], [], 0
    for p in paragraphs:
        current.append(p)
        size += len(p)
        if size >= a.chunk_kb * 1000:
            chunks.append("\n\n".join(current))
            current, size = [], 0
    if current:
        chunks.append("\n\n".join(current))
    nlp.max_length = max(nlp.max_length, max(len(c) for c in chunks) + 1)
    timings = {}
    for what, docs in ((f"{len(paragraphs)} paragraphs", paragraphs), (f"{len(chunks)} chunks", chunks)):
        found = {}

        def run_spacy(docs=docs, found=found) -> None:
            n = 0
            for d in nlp.pipe(docs, batch_size=256):
                n += len(d.ents)
            found["ents"] = n

        timings[what] = best_of(a.repeat, run_spacy)
        print(f"spaCy blank('en') + sentencizer + entity_ruler, {what}: {mb / timings[what]:8.2f} MB/s  {found}")
    t_spacy = min(timings.values())
    print(f"alinea / spaCy (spaCy's better run): {t_spacy / t_alinea:.1f}x "
          "(alinea also finds dates, unlisted names and quotations)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
