"""Shared fixtures: no network keys, a database in tmp_path, and the real-data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["conftest_web", "conftest_ray"]

REPO_ROOT = Path(__file__).resolve().parents[1]
REALDATA = REPO_ROOT.parent / "shared" / "realdata"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from real keys, endpoints, the user's settings and database."""
    for name in list(os.environ):
        if name.startswith(("ICP_", "OPENAI_", "AZURE_OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ICP_DB", str(tmp_path / "icp.db"))


@pytest.fixture
def realdata() -> Path:
    """Return ../shared/realdata, skipping the test cleanly when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real-data folder not present at {REALDATA}")
    return REALDATA
