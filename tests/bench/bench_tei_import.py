#!/usr/bin/env python3
"""TEI import benchmark: alinea.from_tei against lxml parsing the same bytes, in one run.

This is a benchmark script, not a test: it prints figures and asserts nothing.

    .venv/bin/python tests/bench/bench_tei_import.py                 # 20 MB own output, best of 5
    .venv/bin/python tests/bench/bench_tei_import.py --size-mb 50 --repeat 3
    .venv/bin/python tests/bench/bench_tei_import.py --no-layers     # only ingest's layers
    .venv/bin/python tests/bench/bench_tei_import.py --save-own /tmp/own.xml  # and keep the input

What it does
------------
1. Inputs, all held as bytes in memory (no file system in the timed part):
   * *own*: alinea's own TEI for a generated corpus (bench_convert.generate_corpus, --size-mb
     of English-like prose with some non-ASCII), parsed with every repair and sentences, plus
     (unless --no-layers) a layer "names" with one annotation per --per-kb KB on word spans,
     a tenth of them crossing a neighbour (so written in standOff), and a layer "dates".
   * *foreign*: the largest file of ../shared/corpus/tei-samples (another project's TEI),
     parsed --foreign-loops times per timed run so that a run lasts long enough to time.
2. For each input, best of --repeat runs in CPU time of the thread, pinned to one CPU
   (os.sched_setaffinity):
   * `alinea.from_tei(data)`: the whole import from Python (pugixml parse, text, structure,
     layers, the Document built); the GIL is released inside.
   * `lxml.etree.fromstring(data)`: lxml's parse alone, building its tree; no text extracted.
   * lxml parse plus the XPath string value of every `p` (a minimal "import" in lxml).
3. Prints MB/s (MB = 10**6 bytes of the input) and the ratio alinea / lxml for each.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

import alinea

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_convert import generate_corpus  # noqa: E402  (same directory)

SHARED = Path(os.environ.get("ALINEA_SHARED_DIR", HERE.parent.parent.parent / "shared"))


def own_output(size_mb: float, seed: int, layers: bool, per_kb: float) -> tuple[bytes, dict]:
    text, _ = generate_corpus(int(size_mb * 1e6), 0, seed)
    doc = alinea.parse(text, id="bench")
    facts = {"paragraphs": len(doc.paragraphs), "names": 0, "dates": 0}
    if layers:
        rng = random.Random(seed)
        t = doc.text
        starts, ends = [], []
        step = max(1, int(1000 / per_kb))
        for at in range(0, len(t) - 40, step):
            s = t.find(" ", at) + 1
            e = t.find(" ", s + 1)
            if s <= 0 or e < 0 or "\n" in t[s:e]:
                continue
            if rng.random() < 0.1:  # crosses the next annotation: standOff
                e2 = t.find(" ", e + 1)
                if e2 > 0 and "\n" not in t[s:e2]:
                    starts.append(s)
                    ends.append(e2)
                    s = e + 1
                    e = t.find(" ", e2 + 1)
                    if e < 0 or "\n" in t[s:e]:
                        continue
            starts.append(s)
            ends.append(e)
        names = doc.add_layer("names")
        names.extend(
            (s, e, "persName", {"ref": f"https://example.org/p/{k % 997}"})
            for k, (s, e) in enumerate(zip(starts, ends))
        )
        dates = doc.add_layer("dates")
        dates.extend((s, e, "date", {"when": "2002-03-12"}) for s, e in zip(starts[::7], ends[::7]))
        facts["names"], facts["dates"] = len(names), len(dates)
    return doc.to_tei().encode(), facts


def largest_foreign() -> Path | None:
    root = SHARED / "corpus" / "tei-samples"
    files = sorted(root.rglob("*.xml"), key=lambda p: p.stat().st_size)
    return files[-1] if files else None


def best_of(repeat: int, fn) -> float:
    """Best of `repeat` runs in CPU time of this thread (from_tei works on the calling thread with
    the GIL released), so that other processes on a shared machine count less."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.thread_time()
        fn()
        best = min(best, time.thread_time() - t0)
    return best


def measure(name: str, data: bytes, loops: int, repeat: int, etree) -> list[tuple[str, float]]:
    size = len(data) * loops / 1e6

    def alinea_import():
        for _ in range(loops):
            alinea.from_tei(data)

    def lxml_parse():
        for _ in range(loops):
            etree.fromstring(data, parser)

    def lxml_paragraphs():
        for _ in range(loops):
            root = etree.fromstring(data, parser)
            [p.xpath("string()") for p in root.iter("{http://www.tei-c.org/ns/1.0}p")]

    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    alinea_import()  # warm-up, untimed
    rows = []
    for label, fn in (("alinea.from_tei", alinea_import), ("lxml fromstring", lxml_parse),
                      ("lxml fromstring + p strings", lxml_paragraphs)):
        seconds = best_of(repeat, fn)
        rows.append((label, size / seconds))
    print(f"\n{name}: {len(data) / 1e6:.3f} MB x {loops}")
    for label, rate in rows:
        print(f"  {label:30s} {rate:8.1f} MB/s   alinea/this {rows[0][1] / rate:5.2f}x")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=20.0)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--per-kb", type=float, default=4.0, help="name annotations per KB of text")
    ap.add_argument("--no-layers", action="store_true")
    ap.add_argument("--foreign-loops", type=int, default=20)
    ap.add_argument("--save-own", metavar="PATH",
                    help="also write the own output there (for bench_tei_import.cpp, which reads files)")
    a = ap.parse_args()
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass
    from lxml import etree

    print(f"alinea {alinea.__version__}, lxml {'.'.join(map(str, etree.LXML_VERSION))} "
          f"(libxml2 {'.'.join(map(str, etree.LIBXML_VERSION))}), Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    data, facts = own_output(a.size_mb, a.seed, not a.no_layers, a.per_kb)
    print(f"own output built in {time.perf_counter() - t0:.1f} s: {facts}")
    if a.save_own:
        Path(a.save_own).write_bytes(data)
    measure("own output (alinea TEI)", data, 1, a.repeat, etree)
    foreign = largest_foreign()
    if foreign is None:
        print("\nno tei-samples found (set ALINEA_SHARED_DIR): foreign input skipped")
    else:
        measure(f"foreign: {foreign.relative_to(SHARED)}", foreign.read_bytes(), a.foreign_loops,
                a.repeat, etree)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
