"""Where the shared material and the project's own samples are."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "docs" / "samples"


def shared_dir() -> Path:
    """The shared material beside the repository (ALINEA_SHARED_DIR overrides)."""
    return Path(os.environ.get("ALINEA_SHARED_DIR", REPO.parent / "shared"))


def seed_paths() -> list[Path]:
    return sorted((shared_dir() / "seeds").glob("*.txt"))


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def scorer() -> ModuleType:
    """tests/bench/score_annotators.py, imported as the module `score_annotators`."""
    if "score_annotators" in sys.modules:
        return sys.modules["score_annotators"]
    path = REPO / "tests" / "bench" / "score_annotators.py"
    spec = importlib.util.spec_from_file_location("score_annotators", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_annotators"] = module
    spec.loader.exec_module(module)
    return module
