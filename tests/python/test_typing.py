"""The stubs (alinea/_core.pyi, shipped with py.typed) match the compiled module."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import alinea

ALLOWLIST = Path(__file__).with_name("stubtest-allowlist.txt")
# Like the pybind11 classes in ALLOWLIST: Layer has pybind11's metaclass and an __init__ that
# raises TypeError (layers are made by Document.add_layer and Document.layer).
EXTRA_ALLOWLIST = """\
alinea\\._core\\.Layer
alinea\\._core\\.Layer\\.__init__
"""


def test_typing_package_is_typed() -> None:
    package = Path(alinea.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_core.pyi").exists()


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_typing_stubs_match_the_compiled_module(tmp_path: Path) -> None:
    extra = tmp_path / "stubtest-allowlist-extra.txt"
    extra.write_text(EXTRA_ALLOWLIST, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy.stubtest",
            "alinea._core",
            "--allowlist",
            str(ALLOWLIST),
            "--allowlist",
            str(extra),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
