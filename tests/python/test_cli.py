"""The `alinea` command line, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from paths import SAMPLES

ALINEA = [sys.executable, "-m", "alinea"]


def run(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ALINEA, *map(str, args)], capture_output=True, text=True, check=False)


def test_cli_converts_samples_one_file_each(tmp_path: Path) -> None:
    samples = sorted(SAMPLES.glob("*.txt"))
    result = run("convert", *samples, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(p.stem + ".xml" for p in samples)
    assert f"converted {len(samples)}/{len(samples)} files" in result.stderr  # progress


def test_cli_bad_input_one_line_with_file_and_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Title\n\nfine\nbroken \xc3( here\n")
    good = tmp_path / "good.txt"
    good.write_text("Good.\n")
    result = run("convert", bad, good, "-o", tmp_path / "out", "--quiet")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"alinea: error: {bad}:4:8: invalid UTF-8 (byte 0xC3) at byte 19 (A001)"]
    # The good file is converted; the bad one leaves no file, partial or otherwise.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.xml"]


def test_cli_missing_file(tmp_path: Path) -> None:
    result = run("convert", tmp_path / "nope.txt", "-o", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"alinea: error: {tmp_path / 'nope.txt'}: cannot open")


def test_cli_usage_errors(tmp_path: Path) -> None:
    assert run("convert", "-o", tmp_path).returncode == 2
    clash = run("convert", "a/x.txt", "b/x.txt", "-o", tmp_path)
    assert clash.returncode == 2 and "would both be written" in clash.stderr


def test_cli_replaces_existing_output_atomically(tmp_path: Path) -> None:
    src = tmp_path / "t.txt"
    src.write_text("Version one.\n")
    assert run("convert", src, "-o", tmp_path / "o").returncode == 0
    src.write_text("Version two.\n")
    assert run("convert", src, "-o", tmp_path / "o").returncode == 0
    out = (tmp_path / "o" / "t.xml").read_text()
    assert "Version two." in out and "Version one." not in out
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["t.xml"]
