#!/usr/bin/env python3
"""Throughput and peak-memory benchmark: alinea against lxml and pandoc.

This is a benchmark script, not a test: it prints figures and asserts nothing.

    .venv/bin/python tests/bench/bench_convert.py                 # 50 MB corpus, 3 repeats
    .venv/bin/python tests/bench/bench_convert.py --size-mb 50 --repeat 3
    .venv/bin/python tests/bench/bench_convert.py --quick         # 5 MB, 1 repeat: a smoke run

What it does
------------
1. Generates, in its own process and deterministically (seeded), a corpus of English-like
   prose of --size-mb MB (MB = 10**6 bytes of UTF-8): a title line, then paragraphs of 2-8
   sentences wrapped at 72 columns and separated by blank lines, with some non-ASCII
   (é and friends, en dashes, curly quotes). It writes corpus.txt and prefix.txt (the first
   --pandoc-kb KB, cut at a paragraph boundary) to a temporary directory.
2. Measures every case in child processes:
     fresh  one new process per run (--repeat runs): best time, largest peak RSS;
     warm   one process, one untimed warm-up, then --repeat timed runs: best time, peak RSS
            over all of them.
   The cases:
     alinea in memory   alinea.parse(text).to_tei(), text a str already in memory
                        (in warm mode the str is re-read before each run, untimed, so no run
                        reuses the UTF-8 copy CPython caches on a str after its first encode);
     alinea CLI         `alinea convert FILE -o DIR`: wall time of the whole command,
                        interpreter start included; max RSS from os.wait4 (fresh only);
     convert_file       alinea._core.convert_file(src, dst) repeated in one process: the CLI's
                        work without interpreter start (warm only);
     lxml               the same paragraphs (split on blank lines beforehand, untimed; the split
                        time is printed separately) built into the same TEI tree shape with
                        lxml.etree and serialized, pretty-printed, to a str;
     pandoc             `pandoc -f markdown -t tei` on prefix.txt, with alinea (in memory and
                        CLI) and lxml run on the same prefix so that the ratios are like for like.
3. Memory. "peak" is ru_maxrss of the child (for Python workers, the largest of the high-water
   marks before and after the measured work). "base" is ru_maxrss of a child that imported the
   same modules and did nothing else (`alinea --version` / `pandoc --version` for commands).
   "peak-base" therefore includes the input the worker holds (for "in memory" cases the str:
   2 bytes per character when the text has a character above U+00FF, as this corpus does).
   "work" is the growth of the high-water mark above the RSS with the input already loaded
   (the peak is reset through /proc/self/clear_refs after loading): the tool's own memory.
   The orchestrating process stays small on purpose: a child's ru_maxrss starts from its
   parent's high-water mark at exec, so a parent holding the corpus would inflate every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MB = 1_000_000
TARGET_MEM_MBPS = 100.0  # text -> TEI in memory
TARGET_CLI_MBPS = 70.0  # CLI on the 50 MB file
TARGET_RSS_RATIO = 4.0  # peak memory <= 4x input

HERE = Path(__file__).resolve()
VENV_BIN = Path(sys.executable).parent


# --------------------------------------------------------------------------------------------
# Corpus generation (runs in a child process: see the module docstring)
# --------------------------------------------------------------------------------------------

WORDS = """
the of and to in a is that for it as was with be by on not he i this are or his from at which
but have an they you were her she there been one all we their has would when what will who
more if no out so said can its about into them only than could time these two may first then
do any like my now over such our man me even most made after also did many before must
through back years where much your way well down should because each just those people how
too little state good very make world still own see men work long get here between both life
being under never day same another know while last might us great old year off come since
against go came right used take three states himself few house use during without again place
american around however home small found thought went say part once general high upon school
every don does got united left number course war until always away something fact though
water less public put think almost hand enough far took head yet government system better set
told nothing night end why called didn eyes find going look asked later knew point next city
give group toward young days let room president side social given present several order
national possible rather second face per among form important often things looked early white
john case become large big need four within felt along children saw best church ever least
power development light thing seemed family interest want members mind country area others
done turned although open god service problem certain kind different thus began door help means
sense whole matter perhaps itself york times law human line above name example action company
hands local show whether five history gave today either act feet across taken past quite
anything seen having death experience body word half really field week car words already
information tell together college shall money period held keep sure probably free seems real
behind cannot miss political air question making office brought whose special heard major
problems ago became federal moment study available known result street economic boy position
reason change south board individual job areas society west close turn love community true
court force full seem am policy wife future age voice center woman control common necessary
following front sometimes six girl clear further land run students provide feel party able
river harbour letter garden window morning winter summer evening silence memory distance
""".split()

ACCENTED = "café naïve résumé déjà façade rôle élan fiancée protégé crème début entrée".split()
TITLES = ["The Harbour at Evening", "Letters from a Winter Garden", "A Distance of Years",
          "Notes Toward a Public History", "The Quiet Field"]


def generate_corpus(size_bytes: int, prefix_bytes: int, seed: int,
                    charset: str = "mixed") -> tuple[str, str]:
    """The corpus and its prefix of at most prefix_bytes (whole paragraphs), both str.

    charset "mixed" (the default) has é and friends, en dashes and curly quotes; "latin1"
    keeps the accented words but uses ASCII dashes and quotes (CPython then stores the str at
    1 byte per character instead of 2); "ascii" has no non-ASCII character at all."""
    rng = random.Random(seed)
    words = WORDS * 4 + ACCENTED  # accented words are about 1% of the vocabulary draws
    dash, lq, rq = ("–", "“", "”") if charset == "mixed" else ("--", '"', '"')
    if charset == "ascii":
        words = [w.encode("ascii", "ignore").decode() for w in words]
    title = rng.choice(TITLES)
    parts = [title, "\n\n"]
    total = len(title.encode()) + 2
    prefix_end = None  # number of parts in the prefix
    wrap = 72
    while total < size_bytes:
        sentences = []
        for _ in range(rng.randint(2, 8)):
            w = rng.choices(words, k=rng.randint(5, 22))
            w[0] = w[0].capitalize()
            r = rng.random()
            if r < 0.10 and len(w) > 6:  # a parenthetic clause set off by an en dash
                k = rng.randint(2, len(w) - 2)
                w[k] = dash + " " + w[k]
            elif r < 0.18 and len(w) > 4:  # a quoted phrase
                a = rng.randint(1, len(w) - 3)
                w[a] = lq + w[a]
                w[a + 2] = w[a + 2] + rq
            if rng.random() < 0.3 and len(w) > 8:
                w[rng.randint(2, len(w) - 4)] += ","
            end = "." if rng.random() < 0.9 else rng.choice("?!")
            sentences.append(" ".join(w) + end)
        # Wrap at 72 columns, as plain-text editions usually are.
        lines, line = [], ""
        for tok in " ".join(sentences).split(" "):
            if line and len(line) + 1 + len(tok) > wrap:
                lines.append(line)
                line = tok
            else:
                line = f"{line} {tok}" if line else tok
        lines.append(line)
        para = "\n".join(lines) + "\n\n"
        n = len(para.encode())
        if prefix_end is None and total + n > prefix_bytes:
            prefix_end = len(parts)
        parts.append(para)
        total += n
    if prefix_end is None:
        prefix_end = len(parts)
    text = "".join(parts)
    prefix = "".join(parts[:prefix_end])
    return text, prefix


def worker_generate(a: argparse.Namespace) -> dict:
    import hashlib

    text, prefix = generate_corpus(int(a.size_mb * MB), int(a.pandoc_kb * 1000), a.seed,
                                   a.charset)
    out = Path(a.out_dir)
    data = text.encode()
    (out / "corpus.txt").write_bytes(data)
    (out / "prefix.txt").write_bytes(prefix.encode())
    non_ascii = sum(1 for c in text if ord(c) > 127)
    return {
        "bytes": len(data),
        "chars": len(text),
        "prefix_bytes": len(prefix.encode()),
        "paragraphs": text.count("\n\n") - 1,
        "prefix_paragraphs": prefix.count("\n\n") - 1,
        "lines": text.count("\n"),
        "non_ascii_chars": non_ascii,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


# --------------------------------------------------------------------------------------------
# Python workers
# --------------------------------------------------------------------------------------------


def _status_kb(key: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> bool:
    """Resets this process's RSS high-water mark (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Memory:
    """Peak RSS bookkeeping for a worker: call loaded() once the input is in memory."""

    def __init__(self) -> None:
        self.peak_before_kb = 0
        self.loaded_kb = 0
        self.reset = False
        self.marks: dict[str, int] = {}

    def loaded(self) -> None:
        self.peak_before_kb = _maxrss_kb()
        self.loaded_kb = _status_kb("VmRSS") or 0
        self.reset = _reset_peak()

    def mark(self, name: str) -> None:
        self.marks[name] = _status_kb("VmRSS") or 0

    def result(self) -> dict:
        after = _maxrss_kb()
        hwm = _status_kb("VmHWM") if self.reset else after
        return {
            "peak_kb": max(self.peak_before_kb, after),
            "loaded_kb": self.loaded_kb,
            "work_kb": max(0, (hwm or after) - self.loaded_kb),
            "peak_reset": self.reset,
            "marks_kb": self.marks,
        }


def _read_text(path: str) -> str:
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")
    del data
    return text


def _split_paragraphs(text: str) -> tuple[str, list[str]]:
    """Title and paragraphs as alinea finds them in this corpus (blocks between blank lines)."""
    blocks = [b.strip() for b in text.split("\n\n")]
    blocks = [b for b in blocks if b]
    return blocks[0], blocks[1:]


def worker_alinea_mem(a: argparse.Namespace) -> dict:
    import alinea

    if a.baseline:
        return {"peak_kb": _maxrss_kb(), "version": alinea.__version__}
    runs = a.runs + (1 if a.warm else 0)
    mem = Memory()
    text = _read_text(a.input)
    mem.loaded()
    times, parse_t, tei_t = [], [], []
    out_chars = 0
    for i in range(runs):
        if i > 0:  # a new str, untimed: no run reuses CPython's cached UTF-8 copy of the str
            del text
            text = _read_text(a.input)
        t0 = time.perf_counter()
        doc = alinea.parse(text, id="bench")
        t1 = time.perf_counter()
        xml = doc.to_tei()
        t2 = time.perf_counter()
        if i == 0:
            mem.marks["after_load"] = mem.loaded_kb
        if i == 0 and not a.warm:
            mem.mark("after_parse_and_to_tei")
        out_chars = len(xml)
        paragraphs = len(doc)
        del doc, xml
        if a.warm and i == 0:
            continue  # warm-up
        times.append(t2 - t0)
        parse_t.append(t1 - t0)
        tei_t.append(t2 - t1)
    return {"times": times, "parse": parse_t, "to_tei": tei_t, "out_chars": out_chars,
            "paragraphs": paragraphs, **mem.result()}


def worker_alinea_file(a: argparse.Namespace) -> dict:
    from alinea import _core

    if a.baseline:
        return {"peak_kb": _maxrss_kb()}
    mem = Memory()
    mem.loaded()
    target = Path(a.out_dir) / "convert_file.xml"
    times = []
    for i in range(a.runs + 1):
        if target.exists():
            target.unlink()
        t0 = time.perf_counter()
        _core.convert_file(a.input, target)
        t1 = time.perf_counter()
        if i > 0:
            times.append(t1 - t0)
    return {"times": times, "out_bytes": target.stat().st_size, **mem.result()}


TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def build_tei_lxml(etree, title: str, paragraphs: list[str]) -> str:
    """The tree alinea writes (header minimal), serialized pretty-printed to a str."""
    t = f"{{{TEI_NS}}}"
    sub = etree.SubElement
    root = etree.Element(t + "TEI", nsmap={None: TEI_NS})
    header = sub(root, t + "teiHeader")
    file_desc = sub(header, t + "fileDesc")
    sub(sub(file_desc, t + "titleStmt"), t + "title").text = title
    idno = sub(sub(file_desc, t + "publicationStmt"), t + "idno", type="alinea-citation-id")
    idno.text = "bench"
    sub(sub(file_desc, t + "sourceDesc"), t + "p").text = "Built with lxml."
    text = sub(root, t + "text")
    sub(sub(sub(text, t + "front"), t + "docTitle"), t + "titlePart", type="main").text = title
    div = sub(sub(text, t + "body"), t + "div")
    p_tag = t + "p"
    for n, para in enumerate(paragraphs, 1):
        ns = str(n)
        sub(div, p_tag, {XML_ID: "p" + ns, "n": ns}).text = para
    return etree.tostring(root, encoding="unicode", pretty_print=True)


def worker_lxml(a: argparse.Namespace) -> dict:
    from lxml import etree

    if a.baseline:
        return {"peak_kb": _maxrss_kb(), "version": etree.__version__,
                "libxml2": ".".join(map(str, etree.LIBXML_VERSION))}
    runs = a.runs + (1 if a.warm else 0)
    mem = Memory()
    text = _read_text(a.input)
    mem.loaded()  # the split's paragraph list counts as lxml's work memory
    times, split_t = [], []
    out_chars = 0
    for i in range(runs):
        t0 = time.perf_counter()
        title, paragraphs = _split_paragraphs(text)
        t1 = time.perf_counter()
        xml = build_tei_lxml(etree, title, paragraphs)
        t2 = time.perf_counter()
        out_chars = len(xml)
        del xml, paragraphs
        if a.warm and i == 0:
            continue
        split_t.append(t1 - t0)
        times.append(t2 - t1)
    return {"times": times, "split": split_t, "out_chars": out_chars, **mem.result()}


def worker_breakdown(a: argparse.Namespace) -> dict:
    """Where alinea's in-memory time goes, each step best of --runs in one warm process."""
    import alinea

    def best(fn, setup=None):
        ts = []
        for _ in range(a.runs + 1):
            arg = setup() if setup else None
            t0 = time.perf_counter()
            fn(arg)
            ts.append(time.perf_counter() - t0)
        return min(ts[1:]) if len(ts) > 1 else ts[0]

    text = _read_text(a.input)
    data = text.encode()
    doc = alinea.parse(data, id="bench")
    xml = doc.to_tei()
    xml_bytes = xml.encode()
    out = Path(a.out_dir) / "breakdown.xml"
    r = {
        "input_bytes": len(data),
        "input_chars": len(text),
        "input_str_bytes": sys.getsizeof(text),
        "output_chars": len(xml),
        "output_utf8_bytes": len(xml_bytes),
        "output_str_bytes": sys.getsizeof(xml),
        "paragraphs": len(doc),
    }
    del xml
    fresh = lambda: _read_text(a.input)  # noqa: E731  (a str without a cached UTF-8 copy)
    r["str_encode_utf8"] = best(lambda s: s.encode(), fresh)
    r["parse_str"] = best(lambda s: alinea.parse(s, id="bench"), fresh)
    cached = _read_text(a.input)
    alinea.parse(cached, id="bench")  # PyUnicode_AsUTF8AndSize caches the UTF-8 on the str
    r["parse_str_utf8_cached"] = best(lambda _: alinea.parse(cached, id="bench"))
    del cached
    r["parse_bytes"] = best(lambda _: alinea.parse(data, id="bench"))
    r["to_tei"] = best(lambda _: doc.to_tei())
    r["to_tei_compact"] = best(lambda _: doc.to_tei(indent=False))
    r["write_tei_file"] = best(lambda _: alinea.write_tei(doc, out))
    r["decode_utf8_output"] = best(lambda _: xml_bytes.decode())
    r["read_file"] = best(lambda _: alinea.read(a.input, id="bench"))
    r["paragraphs_list"] = best(lambda _: doc.paragraphs)
    out.unlink(missing_ok=True)
    return r


WORKERS = {
    "generate": worker_generate,
    "alinea-mem": worker_alinea_mem,
    "alinea-file": worker_alinea_file,
    "lxml": worker_lxml,
    "breakdown": worker_breakdown,
}


# --------------------------------------------------------------------------------------------
# Orchestration (kept small: it never holds the corpus)
# --------------------------------------------------------------------------------------------


GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def run_command(argv: list[str], timeout: float | None = None) -> dict:
    """Runs argv; wall time and the child's peak RSS.

    A child's ru_maxrss starts at its parent's high-water mark (it is carried over fork and
    exec), so the command is started through GNU time, a process of about 2 MB, which reports
    the command's own maxrss (%M); os.wait4 on a direct child is the fallback."""
    t0 = time.perf_counter()
    report = None
    if GNU_TIME:
        fd, report = tempfile.mkstemp(prefix="alinea-bench-time-")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", report, *argv]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        os.killpg(p.pid, 9)  # the whole group: GNU time and the command under it

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    # Read the pipes in threads so a chatty child cannot block; wait4 reaps it.
    outs: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda k=k, s=s: outs.__setitem__(k, s.read()))
               for k, s in (("stdout", p.stdout), ("stderr", p.stderr))]
    for th in readers:
        th.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    for th in readers:
        th.join()
    if timer:
        timer.cancel()
    peak_kb = ru.ru_maxrss
    if report:
        try:
            lines = Path(report).read_text().split()
            peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else peak_kb
        finally:
            os.unlink(report)
    return {"wall": wall, "peak_kb": peak_kb, "rc": p.returncode,
            "timed_out": timed_out.is_set(), "stdout": outs.get("stdout", b""),
            "stderr": outs.get("stderr", b"")}


def run_worker(kind: str, *extra: str, timeout: float | None = None) -> dict:
    argv = [sys.executable, str(HERE), "--worker", kind, *extra]
    r = run_command(argv, timeout=timeout)
    if r["rc"] != 0:
        raise RuntimeError(f"worker {kind} failed (exit {r['rc']}):\n{r['stderr'].decode()}")
    result = json.loads(r["stdout"].decode().strip().splitlines()[-1])
    result["wall"] = r["wall"]
    result["wait4_peak_kb"] = r["peak_kb"]
    return result


def mb(kb: float) -> float:
    return kb * 1024 / MB


class Row:
    def __init__(self, tool, input_bytes, run, seconds, peak_kb, base_kb, work_kb=None,
                 note="", target=""):
        self.tool, self.input_bytes, self.run = tool, input_bytes, run
        self.seconds, self.peak_kb, self.base_kb, self.work_kb = seconds, peak_kb, base_kb, work_kb
        self.note, self.target = note, target

    @property
    def mbps(self) -> float:
        return self.input_bytes / MB / self.seconds

    @property
    def delta_mb(self) -> float:
        return mb(self.peak_kb - self.base_kb)

    @property
    def ratio(self) -> float:
        return self.delta_mb / (self.input_bytes / MB)


def fmt_table(rows: list[Row]) -> str:
    head = ["tool", "input MB", "run", "seconds", "MB/s", "peak RSS MB", "base MB",
            "peak-base MB", "(peak-base)/input", "work MB", "target"]
    lines = [head]
    for r in rows:
        work = f"{mb(r.work_kb):.0f}" if r.work_kb is not None else "-"
        lines.append([r.tool, f"{r.input_bytes / MB:.2f}", r.run, f"{r.seconds:.3f}",
                      f"{r.mbps:.1f}", f"{mb(r.peak_kb):.0f}", f"{mb(r.base_kb):.0f}",
                      f"{r.delta_mb:.0f}", f"{r.ratio:.2f}x", work, r.target])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    out = []
    for k, row in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
        if k == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def machine_info() -> dict:
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_total = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem_total = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "mem": mem_total,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "loadavg": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=None, help="corpus size (default 50)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per case (default 3)")
    ap.add_argument("--pandoc-kb", type=float, default=None,
                    help="prefix size for the pandoc comparison (default 1000)")
    ap.add_argument("--pandoc-timeout", type=float, default=300.0)
    ap.add_argument("--no-pandoc", action="store_true")
    ap.add_argument("--quick", action="store_true", help="5 MB, 1 repeat, pandoc on 200 KB")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--charset", choices=("mixed", "latin1", "ascii"), default="mixed",
                    help="non-ASCII in the corpus: mixed (default: é, en dash, curly quotes), "
                    "latin1 (é only: a 1-byte-per-character str), ascii (none)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--json", metavar="PATH", help="also write the raw results as JSON")
    # internal: worker mode
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out-dir", help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    a.size_mb = a.size_mb if a.size_mb is not None else (5.0 if a.quick else 50.0)
    a.repeat = a.repeat if a.repeat is not None else (1 if a.quick else 3)
    a.pandoc_kb = a.pandoc_kb if a.pandoc_kb is not None else (200.0 if a.quick else 1000.0)

    if a.worker:
        print(json.dumps(WORKERS[a.worker](a)))
        return 0
    return orchestrate(a)


def orchestrate(a: argparse.Namespace) -> int:
    alinea_cli = shutil.which("alinea", path=str(VENV_BIN)) or "alinea"
    pandoc = shutil.which("pandoc")
    info = machine_info()
    tmp = Path(tempfile.mkdtemp(prefix="alinea-bench-"))
    results: dict = {"machine": info, "args": {k: v for k, v in vars(a).items()}}
    p = lambda *s: print(*s, flush=True)  # noqa: E731
    try:
        p(f"machine: {info['nproc']} CPUs ({info['cpu']}), {info['mem']}, Linux {info['kernel']}, "
          f"Python {info['python']}, load average {info['loadavg'][0]:.2f}")
        t0 = time.perf_counter()
        gen = run_worker("generate", "--out-dir", str(tmp), "--size-mb", str(a.size_mb),
                         "--pandoc-kb", str(a.pandoc_kb), "--seed", str(a.seed),
                         "--charset", a.charset)
        results["corpus"] = gen
        corpus, prefix = tmp / "corpus.txt", tmp / "prefix.txt"
        size, psize = gen["bytes"], gen["prefix_bytes"]
        p(f"corpus: {size / MB:.2f} MB, {gen['chars']:,} characters "
          f"({gen['non_ascii_chars']:,} non-ASCII), {gen['paragraphs']:,} paragraphs, "
          f"{gen['lines']:,} lines; charset {a.charset}; seed {a.seed}; "
          f"sha256 {gen['sha256'][:16]}; "
          f"generated in {time.perf_counter() - t0:.1f} s in {tmp}")
        p(f"prefix: {psize / MB:.3f} MB, {gen['prefix_paragraphs']:,} paragraphs")
        p(f"repeat: {a.repeat} (fresh = {a.repeat} processes, best time, largest peak; "
          f"warm = 1 warm-up + {a.repeat} runs in one process, best time)")
        p(f"orchestrator ru_maxrss: {mb(_maxrss_kb()):.0f} MB; children started through "
          f"{GNU_TIME or 'os.wait4 (no GNU time: children start from that high-water mark)'}\n")

        rows: list[Row] = []
        out_dir = tmp / "out"
        out_dir.mkdir()

        # Baselines: the same modules imported, nothing done.
        base = {}
        for kind in ("alinea-mem", "lxml", "alinea-file"):
            r = [run_worker(kind, "--baseline") for _ in range(max(a.repeat, 2))]
            base[kind] = min(x["peak_kb"] for x in r)
            if kind == "alinea-mem":
                results["alinea_version"] = r[0]["version"]
            if kind == "lxml":
                results["lxml_version"] = f"{r[0]['version']} (libxml2 {r[0]['libxml2']})"
        cli_base = [run_command([alinea_cli, "--version"]) for _ in range(max(a.repeat, 2))]
        base["cli"] = min(x["peak_kb"] for x in cli_base)
        cli_start = min(x["wall"] for x in cli_base)
        results["baselines_kb"] = base
        results["cli_start_s"] = cli_start
        p(f"alinea {results['alinea_version']}, lxml {results['lxml_version']}; "
          f"baselines (ru_maxrss after imports): python+alinea {mb(base['alinea-mem']):.1f} MB, "
          f"python+lxml {mb(base['lxml']):.1f} MB, `alinea --version` {mb(base['cli']):.1f} MB "
          f"in {cli_start * 1000:.0f} ms (interpreter start + imports)")

        def py_case(kind, label, path, nbytes, target="", want_fresh=True, want_warm=True):
            out = {}
            if want_fresh:
                rs = [run_worker(kind, "--input", str(path), "--out-dir", str(out_dir))
                      for _ in range(a.repeat)]
                best_r = min(rs, key=lambda r: r["times"][0])
                row = Row(label, nbytes, "fresh", best_r["times"][0],
                          max(r["peak_kb"] for r in rs), base[kind],
                          max(r["work_kb"] for r in rs), target=target)
                rows.append(row)
                out["fresh"] = {"runs": rs, "row": vars(row)}
                out["fresh_best"] = best_r
            if want_warm:
                r = run_worker(kind, "--input", str(path), "--out-dir", str(out_dir),
                               "--runs", str(a.repeat), "--warm")
                row = Row(label, nbytes, "warm", min(r["times"]), r["peak_kb"], base[kind],
                          r["work_kb"], target=target)
                rows.append(row)
                out["warm"] = {"run": r, "row": vars(row)}
            return out

        def cli_case(label, path, nbytes, target=""):
            rs = []
            for _ in range(a.repeat):
                for f in out_dir.glob("*.xml"):
                    f.unlink()
                r = run_command([alinea_cli, "convert", str(path), "-o", str(out_dir)])
                if r["rc"] != 0:
                    raise RuntimeError(f"alinea convert failed: {r['stderr'].decode()}")
                rs.append(r)
            row = Row(label, nbytes, "fresh", min(r["wall"] for r in rs),
                      max(r["peak_kb"] for r in rs), base["cli"], target=target)
            rows.append(row)
            return {"walls": [r["wall"] for r in rs], "peaks_kb": [r["peak_kb"] for r in rs],
                    "row": vars(row)}

        # ---- full corpus -------------------------------------------------------------------
        p(f"running on the {size / MB:.0f} MB corpus ...")
        mem_t = f">= {TARGET_MEM_MBPS:.0f} MB/s, <= {TARGET_RSS_RATIO:.0f}x"
        cli_t = f">= {TARGET_CLI_MBPS:.0f} MB/s, <= {TARGET_RSS_RATIO:.0f}x"
        full = {}
        full["alinea"] = py_case("alinea-mem", "alinea parse+to_tei (in memory)", corpus, size,
                                 mem_t)
        full["cli"] = cli_case("alinea convert (CLI)", corpus, size, cli_t)
        full["convert_file"] = py_case("alinea-file", "alinea _core.convert_file", corpus, size,
                                       want_fresh=False)
        full["lxml"] = py_case("lxml", "lxml build+serialize", corpus, size)
        full_rows = list(rows)
        breakdown = run_worker("breakdown", "--input", str(corpus), "--out-dir", str(out_dir),
                               "--runs", str(a.repeat))
        results["full"] = full
        results["breakdown"] = breakdown

        # ---- prefix: pandoc and the others on the same text ---------------------------------
        rows_prefix: list[Row] = []
        pan = None
        if not a.no_pandoc and pandoc:
            p(f"running on the {psize / MB:.3f} MB prefix "
              f"(pandoc timeout {a.pandoc_timeout:.0f} s) ...")
            rows_before = len(rows)
            pre = {}
            pre["alinea"] = py_case("alinea-mem", "alinea parse+to_tei (in memory)", prefix, psize)
            pre["cli"] = cli_case("alinea convert (CLI)", prefix, psize)
            pre["lxml"] = py_case("lxml", "lxml build+serialize", prefix, psize)
            pv = [run_command([pandoc, "--version"]) for _ in range(2)]
            pan_base = min(x["peak_kb"] for x in pv)
            pan_runs = []
            for _ in range(a.repeat):
                r = run_command([pandoc, "-f", "markdown", "-t", "tei", str(prefix), "-o",
                                 str(out_dir / "pandoc.xml")], timeout=a.pandoc_timeout)
                pan_runs.append(r)
                if r["timed_out"] or r["rc"] != 0:
                    break
            ok = [r for r in pan_runs if r["rc"] == 0 and not r["timed_out"]]
            if ok:
                pan = Row("pandoc -f markdown -t tei", psize, "fresh", min(r["wall"] for r in ok),
                          max(r["peak_kb"] for r in ok), pan_base)
                rows.append(pan)
            else:
                r = pan_runs[-1]
                why = f"timed out after {a.pandoc_timeout:.0f} s" if r["timed_out"] else "failed"
                p(f"pandoc: {why} (exit {r['rc']}): {r['stderr'].decode()[:300]}")
            pre["pandoc"] = {"walls": [r["wall"] for r in pan_runs],
                             "peaks_kb": [r["peak_kb"] for r in pan_runs], "base_kb": pan_base,
                             "timed_out": any(r["timed_out"] for r in pan_runs)}
            rows_prefix = rows[rows_before:]
            results["prefix"] = pre
        elif not pandoc:
            p("pandoc not found: skipping the pandoc comparison")

        # ---- report ------------------------------------------------------------------------
        p("")
        p("MB = 10^6 bytes. Input MB = UTF-8 bytes of the text file. seconds: fresh = best of "
          f"{a.repeat} new processes; warm = best of {a.repeat} runs in one process after a "
          "warm-up.\npeak RSS = ru_maxrss (largest over the runs); base = ru_maxrss of a process "
          "that only imported the same modules;\nwork = growth of the high-water mark above the "
          "RSS with the input already loaded (the tool's own memory).\n")
        p(f"Full corpus ({size / MB:.2f} MB):")
        p(fmt_table(full_rows))
        if rows_prefix:
            p(f"\nPrefix ({psize / MB:.3f} MB), pandoc with alinea and lxml on the same text:")
            p(fmt_table(rows_prefix))

        def find(rs, tool, run):
            return next((r for r in rs if r.tool.startswith(tool) and r.run == run), None)

        p("\nRatios (throughput: >1 means alinea is faster; memory: peak-base, <1 means "
          "alinea uses less):")
        for run in ("fresh", "warm"):
            al, lx = find(full_rows, "alinea parse", run), find(full_rows, "lxml", run)
            if al and lx:
                p(f"  alinea/lxml, {run}, {size / MB:.0f} MB: throughput {al.mbps / lx.mbps:.2f}x, "
                  f"memory {al.delta_mb / lx.delta_mb:.2f}x")
        lxf = find(full_rows, "lxml", "warm")
        if lxf:
            split = min(full["lxml"]["warm"]["run"]["split"])
            alw = find(full_rows, "alinea parse", "warm")
            p(f"  lxml split on blank lines (not in the lxml row): {split:.3f} s; "
              f"alinea/lxml warm with the split counted: "
              f"{(lxf.seconds + split) / alw.seconds:.2f}x")
        if pan:
            for tool in ("alinea parse", "alinea convert", "lxml"):
                for run in ("fresh",):
                    r = find(rows_prefix, tool, run)
                    if r:
                        p(f"  {r.tool} / pandoc, {run}, {psize / MB:.2f} MB: throughput "
                          f"{r.mbps / pan.mbps:.1f}x, memory (peak-base) "
                          f"{r.delta_mb / max(pan.delta_mb, 1e-9):.3f}x")

        b = breakdown
        n = b["input_bytes"] / MB
        p(f"\nWhere alinea's in-memory time goes ({n:.0f} MB, warm, best of {a.repeat}; "
          "MB/s of input):")
        for key, label in [
            ("str_encode_utf8", "str.encode('utf-8') of the input (what parse(str) pays for a "
                                "str without a cached UTF-8 copy)"),
            ("parse_str", "alinea.parse(str), fresh str"),
            ("parse_str_utf8_cached", "alinea.parse(str), str whose UTF-8 copy is cached"),
            ("parse_bytes", "alinea.parse(bytes)"),
            ("to_tei", "doc.to_tei() (C++ writer + UTF-8 decode to str)"),
            ("to_tei_compact", "doc.to_tei(indent=False)"),
            ("write_tei_file", "alinea.write_tei(doc, file) (C++ writer, no str)"),
            ("decode_utf8_output", "bytes.decode() of the TEI (estimate of to_tei's str cost)"),
            ("read_file", "alinea.read(path) (C++ read + parse)"),
            ("paragraphs_list", "doc.paragraphs (Python list of Paragraph views)"),
        ]:
            p(f"  {label:<86} {b[key]:7.3f} s  {n / b[key]:8.1f} MB/s")
        p(f"  input: {b['input_bytes'] / MB:.1f} MB UTF-8, {b['input_chars']:,} chars, "
          f"str object {b['input_str_bytes'] / MB:.1f} MB; output: "
          f"{b['output_utf8_bytes'] / MB:.1f} MB UTF-8 "
          f"({b['output_utf8_bytes'] / b['input_bytes']:.2f}x input), str object "
          f"{b['output_str_bytes'] / MB:.1f} MB; {b['paragraphs']:,} paragraphs")
        af = full["alinea"].get("fresh_best")
        if af:
            p(f"  fresh process split: parse {af['parse'][0]:.3f} s "
              f"({n / af['parse'][0]:.0f} MB/s), to_tei {af['to_tei'][0]:.3f} s "
              f"({n / af['to_tei'][0]:.0f} MB/s); RSS after load "
              f"{mb(af['loaded_kb']):.0f} MB, after parse+to_tei (both alive) "
              f"{mb(af['marks_kb']['after_parse_and_to_tei']):.0f} MB, high-water "
              f"{mb(af['loaded_kb'] + af['work_kb']):.0f} MB")
        aw = full["alinea"].get("warm")
        if aw:
            r = aw["run"]
            p(f"  warm split (best): parse {min(r['parse']):.3f} s, "
              f"to_tei {min(r['to_tei']):.3f} s")

        p("\nTargets:")
        checks = []
        for run in ("fresh", "warm"):
            r = find(full_rows, "alinea parse", run)
            if r:
                checks.append((f"text->TEI in memory >= {TARGET_MEM_MBPS:.0f} MB/s ({run})",
                               f"{r.mbps:.1f} MB/s", r.mbps >= TARGET_MEM_MBPS))
        r = find(full_rows, "alinea convert", "fresh")
        big = size >= 50 * MB * 0.999
        checks.append((f"CLI on {'50' if big else f'{size / MB:.0f} (not 50)'} MB >= "
                       f"{TARGET_CLI_MBPS:.0f} MB/s", f"{r.mbps:.1f} MB/s",
                       r.mbps >= TARGET_CLI_MBPS))
        for tool, run in (("alinea parse", "fresh"), ("alinea parse", "warm"),
                          ("alinea convert", "fresh")):
            r = find(full_rows, tool, run)
            if r:
                checks.append((f"peak memory <= {TARGET_RSS_RATIO:.0f}x input, {r.tool} {run} "
                               "(peak-base)", f"{r.ratio:.2f}x", r.ratio <= TARGET_RSS_RATIO))
                if r.work_kb is not None:
                    w = mb(r.work_kb) / (r.input_bytes / MB)
                    checks.append((f"  same, work only (input str excluded)", f"{w:.2f}x",
                                   w <= TARGET_RSS_RATIO))
        for label, value, ok in checks:
            p(f"  {label:<78} {value:>11}  {verdict(ok)}")
        results["checks"] = [{"check": c, "value": v, "met": ok} for c, v, ok in checks]
        results["load_after"] = os.getloadavg()
        p(f"\nload average at the end: {results['load_after'][0]:.2f}")
        if a.json:
            def clean(o):
                if isinstance(o, dict):
                    return {k: clean(v) for k, v in o.items() if k not in ("stdout", "stderr")}
                if isinstance(o, (list, tuple)):
                    return [clean(v) for v in o]
                return o
            Path(a.json).write_text(json.dumps(clean(results), indent=1, default=str))
    finally:
        if a.keep:
            p(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
