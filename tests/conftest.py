"""Shared fixtures: one NLP pipeline per test session, paths to shared material."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("TONECHECK_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def nlp():
    from tonecheck.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture
def shared_dir() -> Path:
    return SHARED


def require_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared material not available: {path}")
    return path
