"""Shared fixtures: one NLP pipeline per test session, paths to shared material."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("TONECHECK_SHARED", ROOT.parent / "shared"))
# pytest processes sharing the machine (pytest-xdist sets this): a test whose own worker
# processes have a wall-clock limit per letter allows this many times the time
SHARING = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))


@pytest.fixture(scope="session")
def nlp():
    from tonecheck.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def role_structure():
    """The bundled letter structure with its sentence-role model (skips without one)."""
    from tonecheck.nlp.structure import load_structure

    spec = load_structure()
    if spec.roles is None:
        pytest.skip("the bundled pipeline has no role model")
    return spec


@pytest.fixture
def shared_dir() -> Path:
    return SHARED


def require_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared material not available: {path}")
    return path


def evidence_error(folder: Path, text: str) -> str:
    """The error of reading ``text`` as ``folder``/role-evidence.yml (fails the test when
    the file is accepted)."""
    from tonecheck.common.yamlfile import DataFileError
    from tonecheck.nlp.role_evidence import read_role_evidence

    (folder / "role-evidence.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        read_role_evidence(folder)
    return str(error.value)
