#!/usr/bin/env python3
"""Re-anchoring benchmark: a book of 1, 2 and 5 MB against a version with 200 scattered edits.

This is a benchmark script, not a test: it prints figures and asserts nothing.

    .venv/bin/python tests/bench/bench_reanchor.py                  # 1, 2, 5 MB, best of 3
    .venv/bin/python tests/bench/bench_reanchor.py --sizes 1 2 5 10 --repeat 5
    .venv/bin/python tests/bench/bench_reanchor.py --cli            # also time the CLI at 5 MB
    .venv/bin/python tests/bench/bench_reanchor.py --worst          # also unrelated and shuffled texts

What it does
------------
1. Generates, deterministically (--seed), a "book" of English-like prose of each size (MB =
   10**6 bytes of UTF-8): a title, chapter headings every 40 paragraphs, paragraphs of 2-8
   sentences with some non-ASCII (accented names, curly quotes, dashes).
2. Makes a revised version with --edits scattered edits (default 200), spread evenly over the
   book, cycling through: a word replaced, a word inserted, a word deleted, punctuation
   changed, a sentence added, a paragraph inserted, a paragraph deleted, a paragraph split, two
   paragraphs merged, a paragraph moved 10 paragraphs on.
3. Parses both (untimed, reported apart), builds a layer of --annotations-per-kb annotations
   per KB (default 4: 20,000 on 5 MB) over random word spans of the old text, and times
   alinea.reanchor(old, new, annotations=...) - the whole call from Python, building the
   annotated copy of the old document included - best of --repeat runs, pinned to one CPU
   (os.sched_setaffinity). The core is single-threaded; the GIL is released during it.
4. With --worst, also times the two hardest inputs at each size: an unrelated text of the
   same size (nothing matches: every unit goes through the fuzzy pass) and the same paragraphs
   in random order (nothing is in order: no backbone).
5. Prints, per size: paragraphs, sentences, annotations, time, MB/s, time per MB, and the
   status counts of the largest run; then the growth from the smallest size to the largest
   (linear growth gives a time-per-MB ratio near 1).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import alinea

COMMON = (
    "the of and to a in that it was he for on are as with his they at be this from have or by one "
    "had not but what all were when we there can an your which their said if do will each about how "
    "up out them then she many some so these would other into has more her two like him see time "
    "could no make than first been its who now people my made over did down only way find use may "
    "water long little very after words called just where most know"
).split()
NAMES = [
    "Agnès",
    "Zoë",
    "Łukasz",
    "Søren",
    "José",
    "Ilse",
    "Tomasz",
    "Ferreira",
    "Kowalczyk",
    "Nakamura",
]


class Book:
    """Deterministic English-like prose: a Zipf-ish mix of common words and invented ones."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        letters = "bcdfghjklmnprstvwz"
        vowels = "aeiou"
        self.rare = [
            "".join(
                self.rng.choice(letters) + self.rng.choice(vowels)
                for _ in range(self.rng.randint(2, 4))
            )
            for _ in range(6000)
        ]

    def word(self) -> str:
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(COMMON)
        if r < 0.52:
            return self.rng.choice(NAMES)
        return self.rare[int(len(self.rare) * self.rng.random() ** 2)]

    def sentence(self) -> str:
        words = [self.word() for _ in range(self.rng.randint(6, 24))]
        if self.rng.random() < 0.2:
            k = self.rng.randrange(1, len(words))
            words[k] = words[k] + ","
        if self.rng.random() < 0.05:
            words.insert(self.rng.randrange(1, len(words)), "—")
        s = " ".join(words)
        s = s[0].upper() + s[1:] + self.rng.choice([".", ".", ".", "?", "!"])
        if self.rng.random() < 0.08:
            s = "“" + s + "”"
        return s

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 8)))

    def make(self, size: int) -> list[str]:
        blocks = ["The Book of Synthetic Days"]
        total = len(blocks[0].encode())
        chapter = 0
        n = 0
        while total < size:
            if n % 40 == 0:
                chapter += 1
                blocks.append(f"Chapter {chapter}")
            p = self.paragraph()
            blocks.append(p)
            total += len(p.encode()) + 2
            n += 1
        return blocks


def revise(
    blocks: list[str], edits: int, rng: random.Random, book: Book
) -> tuple[list[str], dict[str, int]]:
    """Applies `edits` scattered edits to the paragraphs (not the title or headings)."""
    out = list(blocks)
    kinds = [
        "replace_word", "insert_word", "delete_word", "punctuation", "add_sentence",
        "insert_paragraph", "delete_paragraph", "split", "merge", "move",
    ]  # fmt: skip
    done: dict[str, int] = {}
    step = max(1, len(out) // (edits + 1))
    for e in range(edits):
        kind = kinds[e % len(kinds)]
        at = min(len(out) - 12, (e + 1) * step + rng.randrange(step))
        while at < len(out) - 11 and (at == 0 or out[at].startswith("Chapter ")):
            at += 1
        p = out[at]
        words = p.split(" ")
        w = rng.randrange(1, len(words))
        if kind == "replace_word":
            words[w] = book.word()
        elif kind == "insert_word":
            words.insert(w, book.word())
        elif kind == "delete_word":
            del words[w]
        elif kind == "punctuation":
            words[w] = words[w].rstrip(",") + ";"
        elif kind == "add_sentence":
            words.append(book.sentence())
        if kind in ("replace_word", "insert_word", "delete_word", "punctuation", "add_sentence"):
            out[at] = " ".join(words)
        elif kind == "insert_paragraph":
            out.insert(at, book.paragraph())
        elif kind == "delete_paragraph":
            del out[at]
        elif kind == "split":
            sentences = p.split(". ")
            if len(sentences) < 2:
                continue
            k = len(sentences) // 2
            out[at : at + 1] = [". ".join(sentences[:k]) + ".", ". ".join(sentences[k:])]
        elif kind == "merge":
            if out[at + 1].startswith("Chapter "):
                continue
            out[at : at + 2] = [out[at] + " " + out[at + 1]]
        elif kind == "move":
            moved = out.pop(at)
            out.insert(at + 10, moved)
        done[kind] = done.get(kind, 0) + 1
    return out, done


def annotations_for(
    doc: alinea.Document, per_kb: float, rng: random.Random
) -> list[tuple[int, int, str, dict[str, str]]]:
    text = doc.text
    count = int(len(text.encode()) / 1000 * per_kb)
    out = []
    for k in range(count):
        start = rng.randrange(len(text) - 60)
        while start > 0 and text[start - 1] != " ":
            start -= 1
        end = text.find(" ", start + 1 + rng.randrange(30))
        end = end if end != -1 else len(text)
        out.append((start, end, "name", {"ref": f"#n{k % 997}"}))
    return out


@dataclass
class Row:
    mb: float
    paragraphs: int
    sentences: int
    annotations: int
    edits: dict[str, int]
    time: float  # re-anchoring with the annotation layer, best of --repeat
    bare: float  # re-anchoring paragraphs and sentences only
    parse: float  # parsing both versions
    counts: dict[str, dict[str, int]]
    old_text: str
    new_text: str


def run(size_mb: float, args: argparse.Namespace) -> Row:
    size = int(size_mb * 1_000_000)
    book = Book(args.seed)
    blocks = book.make(size)
    rng = random.Random(args.seed + 1)
    revised, done = revise(blocks, args.edits, rng, book)
    old_text = "\n\n".join(blocks) + "\n"
    new_text = "\n\n".join(revised) + "\n"
    t0 = time.perf_counter()
    old = alinea.parse(old_text, id="book")
    new = alinea.parse(new_text, id="book")
    parse_time = time.perf_counter() - t0
    anns = {"names": annotations_for(old, args.annotations_per_kb, random.Random(args.seed + 2))}
    best = float("inf")
    result = None
    for _ in range(args.repeat):
        t = time.perf_counter()
        result = alinea.reanchor(old, new, annotations=anns)
        best = min(best, time.perf_counter() - t)
    assert result is not None
    bare = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        alinea.reanchor(old, new)
        bare = min(bare, time.perf_counter() - t)
    counts = result.counts()
    return Row(
        mb=len(old_text.encode()) / 1e6,
        paragraphs=len(old.paragraphs),
        sentences=sum(counts["sentence"].values()),
        annotations=len(anns["names"]),
        edits=done,
        time=best,
        bare=bare,
        parse=parse_time,
        counts=counts,
        old_text=old_text,
        new_text=new_text,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5], metavar="MB")
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--annotations-per-kb", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument(
        "--cli", action="store_true", help="also time `alinea reanchor` on the largest size"
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    parser.add_argument(
        "--worst", action="store_true", help="also time unrelated and shuffled texts"
    )
    args = parser.parse_args()
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else "?"
    print(
        f"alinea {alinea.__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"pinned to CPU {sorted(cpus) if not isinstance(cpus, str) else cpus}"
    )
    print(
        f"{args.edits} scattered edits, {args.annotations_per_kb:g} annotations per KB, best of {args.repeat}\n"
    )
    header = (
        f"{'size MB':>8} {'paras':>7} {'sents':>7} {'annots':>7} {'reanchor s':>11} {'MB/s':>7} "
        f"{'s per MB':>9} {'no annots s':>12} {'parse both s':>13}"
    )
    print(header)
    rows = []
    for size in args.sizes:
        r = run(size, args)
        rows.append(r)
        print(
            f"{r.mb:>8.2f} {r.paragraphs:>7} {r.sentences:>7} {r.annotations:>7} {r.time:>11.3f} "
            f"{r.mb / r.time:>7.1f} {r.time / r.mb:>9.3f} {r.bare:>12.3f} {r.parse:>13.3f}"
        )
    largest = rows[-1]
    print(
        f"\nedits made on {largest.mb:.2f} MB: "
        + ", ".join(f"{n} {k}" for k, n in largest.edits.items())
    )
    for kind, by_status in largest.counts.items():
        print(f"  {kind + 's':<12} " + ", ".join(f"{n} {s}" for s, n in by_status.items() if n))
    if len(rows) > 1:
        first = rows[0]
        growth = (largest.time / first.time) / (largest.mb / first.mb)
        print(
            f"\ngrowth {first.mb:.0f} -> {largest.mb:.0f} MB: time x{largest.time / first.time:.2f} "
            f"for size x{largest.mb / first.mb:.2f} (time per MB ratio {growth:.2f}; 1.00 is linear)"
        )
    verdict = "under" if largest.time < 1 else "OVER"
    print(
        f"{largest.mb:.2f} MB with {args.edits} edits: {largest.time:.3f} s ({verdict} the 1 s target)"
    )
    if args.worst:
        print(f"\nhardest inputs (best of {args.repeat}; same annotation density):")
        print(f"{'size MB':>8} {'unrelated s':>12} {'shuffled s':>11}")
        for size in args.sizes:
            blocks = Book(args.seed).make(int(size * 1_000_000))
            other = Book(args.seed + 7).make(int(size * 1_000_000))
            shuffled = list(blocks)
            random.Random(args.seed).shuffle(shuffled)
            old = alinea.parse("\n\n".join(blocks) + "\n", id="book")
            anns = {
                "names": annotations_for(old, args.annotations_per_kb, random.Random(args.seed + 2))
            }
            times = []
            for variant in (other, shuffled):
                new = alinea.parse("\n\n".join(variant) + "\n", id="book")
                best = float("inf")
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    alinea.reanchor(old, new, annotations=anns)
                    best = min(best, time.perf_counter() - t)
                times.append(best)
            print(f"{size:>8.2f} {times[0]:>12.3f} {times[1]:>11.3f}")
    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            old_txt, new_txt = Path(tmp) / "book.txt", Path(tmp) / "book-2.txt"
            old_txt.write_text(largest.old_text, encoding="utf-8")
            new_txt.write_text(largest.new_text, encoding="utf-8")
            alinea.convert_file(old_txt, Path(tmp) / "book.xml")
            cmd = [sys.executable, "-m", "alinea", "reanchor", str(Path(tmp) / "book.xml"), str(new_txt),
                   "-o", str(Path(tmp) / "out.xml"), "--report"]  # fmt: skip
            t = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - t
            print(
                f"\nCLI `alinea reanchor book.xml book-2.txt -o out.xml --report` on {largest.mb:.2f} MB: "
                f"{wall:.2f} s wall (interpreter start, TEI read, parse, re-anchor, TEI write, report; "
                f"exit {done.returncode}, {len(done.stdout.splitlines())} report lines)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
