"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import seed_paths, shared_dir


@pytest.fixture
def seeds() -> list[Path]:
    """The seed texts; the test is skipped when the shared material is absent."""
    paths = seed_paths()
    if not paths:
        pytest.skip(f"shared seeds not found under {shared_dir()}")
    return paths
