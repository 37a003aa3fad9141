# SPDX-License-Identifier: MIT
"""Benchmark of annotation layers from Python: how much a layer of N annotations costs to cross
the boundary, as columns, as Annotation objects, and into the layer; with baselines measured in
the same run (pure-Python tuples, NumPy arrays, plain Python objects).

    python tests/bench/bench_layers.py            # 1,000,000 annotations, CPU time
    python tests/bench/bench_layers.py -n 100000
    python tests/bench/bench_layers.py --wall     # elapsed time instead

A script, not a test. The text is generated: words of mixed scripts (Latin with accents,
Cyrillic, an emoji now and then), so that byte and code-point offsets differ; each word is one
annotation, and the layer is built in document order (the common case) unless noted.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import time
from typing import Any, Callable

import numpy as np

import alinea

WORDS = ["Nazarbaev", "Astana", "thaw", "relations", "Kazakhstan", "café", "Назарбаев", "treaty", "🎉", "naïve"]
TYPES = ["persName", "placeName", "term", "orgName"]


def make_text(n_words: int) -> str:
    rng = random.Random(7)
    paragraphs = []
    for start in range(0, n_words, 100):
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(min(100, n_words - start))) + ".")
    return "\n\n".join(paragraphs) + "\n"


# CPU time of the process by default: on a machine shared with other work, elapsed time counts
# the waits for a core too (page faults are CPU time of the process, so they count either way).
clock: Callable[[], float] = time.process_time


def best(fn: Callable[[], Any], repeat: int) -> float:
    """The best of `repeat` runs, with the cyclic garbage collector off (as timeit does): tuples
    and Python objects would otherwise pay for collections that Annotation objects, which the
    collector does not track, never trigger."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = clock()
            fn()
            times.append(clock() - t0)
        finally:
            gc.enable()
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1_000_000, help="annotations (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is shown")
    ap.add_argument("--wall", action="store_true", help="elapsed time instead of the process's CPU time")
    args = ap.parse_args()
    n, repeat = args.n, args.repeat
    global clock
    if args.wall:
        clock = time.perf_counter

    t0 = time.perf_counter()
    doc = alinea.parse(make_text(n), id="bench", faithful=True)
    text = doc.text
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\s.]+", text)][:n]
    n = len(spans)
    starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=n)
    ends = np.fromiter((e for _, e in spans), dtype=np.int64, count=n)
    codes = (np.arange(n) % len(TYPES)).astype(np.int32)
    type_strs = [TYPES[c] for c in codes.tolist()]
    confidences = np.linspace(0.0, 1.0, n)
    tuples = [(s, e, t) for (s, e), t in zip(spans, type_strs)]
    print(
        f"alinea {alinea.__version__}: {n:,} annotations over {len(text):,} code points "
        f"({len(text.encode()):,} bytes); setup {time.perf_counter() - t0:.1f} s; best of {repeat}, "
        f"{'elapsed' if args.wall else 'CPU'} time"
    )

    rows: list[tuple[str, float, str]] = []

    def row(label: str, seconds: float, note: str = "") -> None:
        rows.append((label, seconds, note))
        print(f"  {label:<52} {seconds * 1e9 / n:8.1f} ns/annotation  {seconds * 1e3:8.1f} ms  {note}")

    counter = [0]

    def fresh_layer() -> alinea.Layer:
        counter[0] += 1
        return doc.add_layer(f"bench{counter[0]}")

    print("into the layer")
    row(
        "extend_arrays (int64 spans, codes + categories)",
        best(lambda: fresh_layer().extend_arrays(starts, ends, codes, categories=TYPES), repeat),
    )
    row(
        "extend_arrays (... + confidences, annotator)",
        best(
            lambda: fresh_layer().extend_arrays(
                starts, ends, codes, categories=TYPES, confidences=confidences, annotator="bench"
            ),
            repeat,
        ),
    )
    row("extend_arrays (types as a list of str)", best(lambda: fresh_layer().extend_arrays(starts, ends, type_strs), repeat))
    row("extend (list of (start, end, type) tuples)", best(lambda: fresh_layer().extend(tuples), repeat))
    def add_each() -> None:
        one = fresh_layer()
        for s, e, t in tuples:
            one.add(s, e, t)

    row("add, one call per annotation", best(add_each, 1))

    layer = fresh_layer()
    layer.extend_arrays(starts, ends, codes, categories=TYPES, confidences=confidences, annotator="bench")

    print("out of the layer")

    def columns_fresh() -> None:
        # A new layer each time, so that no snapshot (document order, code points) is cached;
        # the layers stay, so each snapshot takes memory the process has not used before.
        fresh = fresh_layer()
        fresh.extend_arrays(starts, ends, codes, categories=TYPES)
        gc.disable()
        t = clock()
        fresh.columns()
        timings.append(clock() - t)
        gc.enable()

    timings: list[float] = []
    for _ in range(max(repeat, 5)):
        columns_fresh()
    row("columns() (first call: order + code points + columns)", min(timings))
    row("columns() (again: snapshot cached, read-only views)", best(layer.columns, repeat))
    row("columns(copy=True) (cached, writable copies)", best(lambda: layer.columns(copy=True), repeat))
    row("iterate Annotation objects (for a in layer)", best(lambda: [None for _ in layer], repeat))
    row("iterate and read a.start, a.end, a.type", best(lambda: [(a.start, a.end, a.type) for a in layer], repeat))
    row("list(layer)", best(lambda: list(layer), repeat))
    row("layer[i] for every i", best(lambda: [layer[i] for i in range(n)], 1))
    row("find(type='persName') (a quarter match)", best(lambda: layer.find(type="persName"), repeat))
    mid = len(text) // 2
    row("find(overlapping=(mid, mid + 100)) (a few match)", best(lambda: layer.find(overlapping=(mid, mid + 100)), repeat))
    row("find(annotator='bench') (all match)", best(lambda: layer.find(annotator="bench"), repeat))

    shuffled = fresh_layer()
    perm = np.random.default_rng(7).permutation(n)
    shuffled.extend_arrays(starts[perm], ends[perm], codes[perm], categories=TYPES)
    row("columns() of a layer added in random order (first call)", best(shuffled.columns, 1))

    print("baselines (same run)")
    row("build the tuples list in pure Python", best(lambda: [(s, e, t) for (s, e), t in zip(spans, type_strs)], repeat))
    row("iterate a list of tuples, unpacking", best(lambda: [None for s, e, t in tuples], repeat))

    class Plain:
        __slots__ = ("start", "end", "type")

        def __init__(self, start: int, end: int, type: str) -> None:
            self.start, self.end, self.type = start, end, type

    row("create plain __slots__ Python objects", best(lambda: [Plain(s, e, t) for s, e, t in tuples], repeat))
    row("NumPy: copy two int64 arrays + one int32", best(lambda: (starts.copy(), ends.copy(), codes.copy()), repeat))
    row("NumPy: np.array(list of ints) x 2", best(lambda: (np.array(starts.tolist()), np.array(ends.tolist())), 1))


if __name__ == "__main__":
    main()
