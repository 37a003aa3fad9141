"""Where the shared material and the project's own samples are."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "docs" / "samples"


def shared_dir() -> Path:
    """The shared material beside the repository (ALINEA_SHARED_DIR overrides)."""
    return Path(os.environ.get("ALINEA_SHARED_DIR", REPO.parent / "shared"))


def seed_paths() -> list[Path]:
    return sorted((shared_dir() / "seeds").glob("*.txt"))


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))
