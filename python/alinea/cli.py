"""The `alinea` command line.

    alinea convert FILES... -o DIR     plain text to TEI, one DIR/<stem>.xml per input
    alinea convert --annotate ...      and mark dates, names, quotations; DIR/authority.xml
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import _core
from ._core import AlineaError
from .gazetteers import load_gazetteer


class Progress:
    """Progress on stderr for long runs: a line updated in place on a terminal, a line every
    few seconds otherwise. Silent for a single file."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 1
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.done = 0
        self.failed = 0
        self.bytes = 0

    def step(self, size: int, ok: bool) -> None:
        self.done += 1
        self.bytes += size
        self.failed += 0 if ok else 1
        now = time.monotonic()
        interval = 0.2 if self.tty else 5.0
        if self.enabled and (now - self.last >= interval or self.done == self.total):
            self.last = now
            self._show(final=self.done == self.total)

    def failed_file(self, line: str) -> None:
        """Reports a file that failed (one error line on stderr) and counts it."""
        if self.enabled and self.tty:
            self.stream.write("\n")
        print(line, file=sys.stderr)
        self.step(0, ok=False)

    def _show(self, final: bool) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        mb = self.bytes / 1e6
        line = (
            f"converted {self.done - self.failed}/{self.total} files"
            f"{f', {self.failed} failed' if self.failed else ''}"
            f" ({mb:.1f} MB, {mb / elapsed:.1f} MB/s)"
        )
        if self.tty:
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _error_line(exc: BaseException, source: Path) -> str:
    """One line naming the file and, for bad input, the position: FILE:LINE:COLUMN: message."""
    if isinstance(exc, OSError) and not isinstance(exc, AlineaError):
        return f"alinea: error: {exc.filename or source}: {exc.strerror}"
    if isinstance(exc, OSError):
        return f"alinea: error: {exc.filename}: {exc.strerror}"
    return f"alinea: error: {exc}"


def report(doc: _core.Document, target: Path) -> str:
    """What ingest made of one file and what it changed, for an editor to check."""
    kinds: dict[str, int] = {}
    for block in doc.blocks:
        kinds[block.kind] = kinds.get(block.kind, 0) + 1
    edits: dict[str, int] = {}
    for _, _, kind, _ in doc.edits():
        edits[kind] = edits.get(kind, 0) + 1
    lines = [f"{doc.source} -> {target}"]
    title = f'"{doc.title}"' if doc.title else "none"
    lines.append(f"  title: {title}; {len(doc.paragraphs)} numbered paragraphs")
    lines.append("  blocks: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    if not edits:
        lines.append("  edits: none; the text is the source as it was")
    for kind, count in edits.items():
        what = _core.EDIT_KINDS.get(kind, kind)
        lines.append(f"  {count:>5} x {kind}: {what}")
    return "\n".join(lines)


def _repair_switches(args: argparse.Namespace) -> dict[str, bool]:
    switches: dict[str, bool] = {}
    for name in args.off or []:
        for repair in name.split(","):
            if repair not in _core.REPAIRS:
                raise SystemExit(
                    f"alinea: error: unknown repair '{repair}'; choose from {', '.join(_core.REPAIRS)}"
                )
            switches[repair] = False
    return switches


def _convert(args: argparse.Namespace) -> int:
    repairs = _repair_switches(args)
    out_dir = Path(args.output)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"alinea: error: cannot create output directory '{out_dir}': {exc.strerror}", file=sys.stderr)
        return 2
    targets: dict[Path, Path] = {}
    for name in args.files:
        source = Path(name)
        target = out_dir / (source.stem + ".xml")
        if target in targets:
            print(
                f"alinea: error: '{targets[target]}' and '{source}' would both be written to '{target}'",
                file=sys.stderr,
            )
            return 2
        targets[target] = source
    if args.annotate:
        return _convert_annotated(args, targets, repairs, out_dir)
    progress = Progress(len(targets), sys.stderr, enabled=not args.quiet)
    failures = 0
    for target, source in targets.items():
        try:
            size = os.path.getsize(source) if source.is_file() else 0
            doc = _core.convert_file(
                source,
                target,
                lenient=args.lenient,
                faithful=args.faithful,
                indent=not args.compact,
                **repairs,
            )
            progress.step(size, ok=True)
            if args.report:
                if progress.enabled and progress.tty:
                    sys.stderr.write("\n")
                print(report(doc, target))
        except (AlineaError, OSError) as exc:
            failures += 1
            progress.failed_file(_error_line(exc, source))
    return 1 if failures else 0


def _convert_annotated(
    args: argparse.Namespace, targets: dict[Path, Path], repairs: dict[str, bool], out_dir: Path
) -> int:
    """convert --annotate: read every file, run the annotators, group the names of all the
    files into one authority list (DIR/authority.xml), point each mention to its entry, and
    write the TEI. The documents are held in memory until the list is made."""
    try:
        gazetteer = load_gazetteer(Path(args.gazetteer)) if args.gazetteer else None
        overrides = Path(args.authority_overrides) if args.authority_overrides else None
    except (AlineaError, OSError) as exc:
        print(f"alinea: error: {exc}", file=sys.stderr)
        return 2
    progress = Progress(len(targets), sys.stderr, enabled=not args.quiet)
    failures = 0
    done: list[tuple[Path, _core.Document]] = []
    for target, source in targets.items():
        try:
            size = os.path.getsize(source) if source.is_file() else 0
            doc = _core.read(source, lenient=args.lenient, faithful=args.faithful, **repairs)
            _core.annotate(doc, gazetteer=gazetteer)
            done.append((target, doc))
            progress.step(size, ok=True)
        except (AlineaError, OSError) as exc:
            failures += 1
            progress.failed_file(_error_line(exc, source))
    if not done:
        return 1
    try:
        authority = _core.build_authority([doc for _, doc in done], overrides=overrides)
    except (AlineaError, OSError) as exc:
        print(f"alinea: error: {exc}", file=sys.stderr)
        return 2
    authority.apply()
    standoff = [name for value in args.standoff or [] for name in value.split(",") if name]
    for target, doc in done:
        try:
            _core.write_tei(doc, target, indent=not args.compact, standoff_layers=standoff)
            if args.report:
                print(report(doc, target))
        except (AlineaError, OSError) as exc:
            failures += 1
            print(_error_line(exc, target), file=sys.stderr)
    authority_file = out_dir / "authority.xml"
    tmp = authority_file.with_name(f".{authority_file.name}.tmp")
    try:
        tmp.write_text(authority.to_tei(), encoding="utf-8")
        os.replace(tmp, authority_file)
    except OSError as exc:
        print(f"alinea: error: cannot write '{authority_file}': {exc.strerror}", file=sys.stderr)
        return 1
    if args.report:
        merged = [d for d in authority.decisions if d["merged"] and d["first"] != d["second"]]
        print(f"{authority_file}: {len(authority)} entries; {len(merged)} spellings joined")
        for d in merged:
            print(f"  {d['rule']}: {d['first']} = {d['second']} ({d['evidence']})")
    return 1 if failures else 0


def _load(path: Path) -> _core.Document:
    """A TEI file alinea wrote (.xml) or a plain-text file (anything else)."""
    if path.suffix.lower() == ".xml":
        return _core.from_tei(path)
    return _core.read(path)


def _cite(args: argparse.Namespace) -> int:
    try:
        doc = _load(Path(args.file))
    except (AlineaError, OSError) as exc:
        print(_error_line(exc, Path(args.file)), file=sys.stderr)
        return 1
    status = 0
    for citation in args.citations:
        try:
            passage = doc.resolve(citation)
        except AlineaError as exc:
            print(f"alinea: error: {args.file}: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.quiet_citation:
            print(passage.text)
        else:
            print(f"{passage.citation}\t{passage.text}")
    return status


def _reanchor(args: argparse.Namespace) -> int:
    from ._reanchor import reanchor

    old_path, new_path, target = Path(args.old), Path(args.new), Path(args.output)
    try:
        old = _load(old_path)
    except (AlineaError, OSError) as exc:
        print(_error_line(exc, old_path), file=sys.stderr)
        return 1
    try:
        if new_path.suffix.lower() == ".xml":
            new = _core.from_tei(new_path)
        else:
            new = _core.read(new_path, id=args.id or old.id, faithful=args.faithful)
    except (AlineaError, OSError) as exc:
        print(_error_line(exc, new_path), file=sys.stderr)
        return 1
    try:
        result = reanchor(old, new, min_confidence=args.min_confidence)
        _core.write_tei(result.document, target, indent=not args.compact)
    except (AlineaError, OSError) as exc:
        print(_error_line(exc, target), file=sys.stderr)
        return 1
    if args.report:
        print(f"{old_path} -> {new_path} -> {target}")
        print(result.report(all=args.all))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alinea", description="Citable TEI P5 from plain text.")
    parser.add_argument("--version", action="version", version=f"alinea {_core.__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    convert = commands.add_parser(
        "convert",
        help="convert plain-text files to TEI",
        description="Convert UTF-8 plain-text files to TEI P5, one OUTPUT/<stem>.xml per input. "
        "Each file is written to a temporary name and renamed when complete. Exit status: 0 on "
        "success, 1 if any file failed, 2 on a usage error.",
    )
    convert.add_argument("files", nargs="+", metavar="FILE", help="plain-text input files")
    convert.add_argument("-o", "--output", required=True, metavar="DIR", help="output directory")
    convert.add_argument(
        "--lenient",
        action="store_true",
        help="replace characters XML forbids with U+FFFD (recorded as edits) instead of failing",
    )
    convert.add_argument("--compact", action="store_true", help="write TEI without indentation")
    convert.add_argument(
        "--report",
        action="store_true",
        help="print, for each file, the structure found and every kind of edit made, with counts",
    )
    convert.add_argument(
        "--faithful",
        action="store_true",
        help="make no repairs: only the normalizations XML needs (line ends, blank lines, BOM)",
    )
    convert.add_argument(
        "--off",
        action="append",
        metavar="REPAIR[,REPAIR]",
        help="switch repairs off: " + ", ".join(_core.REPAIRS),
    )
    convert.add_argument(
        "--annotate",
        action="store_true",
        help="mark dates, persons, places, organisations and quotations, and write one authority "
        "list of the names of all the files (OUTPUT/authority.xml)",
    )
    convert.add_argument(
        "--gazetteer",
        metavar="FILE",
        help="with --annotate: names to find: TSV (name, type, ref, variants), JSON, or TEI "
        "listPerson/listPlace/listOrg (an authority.xml of an earlier run, say)",
    )
    convert.add_argument(
        "--authority-overrides",
        metavar="FILE.tsv",
        help="with --annotate: lines 'merge<TAB>NAME<TAB>NAME' or 'split<TAB>NAME<TAB>NAME'",
    )
    convert.add_argument(
        "--standoff",
        action="append",
        metavar="LAYER[,LAYER]",
        help="with --annotate: write these layers in standOff rather than inline",
    )
    convert.add_argument("-q", "--quiet", action="store_true", help="show no progress")
    convert.set_defaults(run=_convert)

    cite = commands.add_parser(
        "cite",
        help="print the passages that citations name",
        description="Resolve citations (DOC:N, DOC:N.M, DOC:N-K, DOC:N.M-K.L) in a TEI file alinea "
        "wrote, or in a plain-text file, and print each as CITATION<TAB>TEXT. Exit status 1 if a "
        "citation does not resolve (the message says what is missing).",
    )
    cite.add_argument("file", metavar="FILE", help="TEI (.xml) written by alinea, or plain text")
    cite.add_argument("citations", nargs="+", metavar="CITATION")
    cite.add_argument(
        "--text-only", dest="quiet_citation", action="store_true", help="print only the text"
    )
    cite.set_defaults(run=_cite)

    re_anchor = commands.add_parser(
        "reanchor",
        help="carry citations and annotations to a revised text",
        description="Map every paragraph and sentence citation and every annotation of OLD (TEI "
        "alinea wrote, or plain text) to NEW (the revised plain text, or TEI), write NEW's TEI "
        "with the re-anchored annotations to OUTPUT (atomically), and with --report print one "
        "line per paragraph, sentence or annotation that is not unchanged (moved, edited, split, "
        "merged or orphaned, with its new citation and a confidence) and the counts. Nothing "
        "below --min-confidence is placed. Exit status 1 if a file cannot be read or written.",
    )
    re_anchor.add_argument("old", metavar="OLD", help="the old version: TEI (.xml) or plain text")
    re_anchor.add_argument("new", metavar="NEW", help="the new version: plain text (or TEI, .xml)")
    re_anchor.add_argument("-o", "--output", required=True, metavar="FILE", help="TEI file to write")
    re_anchor.add_argument("--report", action="store_true", help="print what became of each item")
    re_anchor.add_argument(
        "--all", action="store_true", help="with --report, list unchanged items too"
    )
    re_anchor.add_argument(
        "--id", metavar="ID", help="citation id of the new version (default: the old one's)"
    )
    re_anchor.add_argument(
        "--min-confidence",
        type=float,
        default=0.5,
        metavar="X",
        help="orphan items placed with less confidence than X, 0 to 1 (default 0.5)",
    )
    re_anchor.add_argument(
        "--faithful", action="store_true", help="make no repairs when reading NEW (as convert)"
    )
    re_anchor.add_argument("--compact", action="store_true", help="write TEI without indentation")
    re_anchor.set_defaults(run=_reanchor)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
