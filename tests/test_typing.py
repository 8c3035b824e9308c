"""The packages type-check with mypy under the `[tool.mypy]` settings of pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["agent", "tools", "store", "prompts"]
pytestmark = pytest.mark.slow


def test_packages_pass_mypy(monkeypatch: pytest.MonkeyPatch) -> None:
    mypy_api = pytest.importorskip("mypy.api", reason="mypy is not installed (pip install .[test])")
    # run from the repository so the packages resolve and the cache lands in .mypy_cache
    monkeypatch.chdir(REPO_ROOT)
    stdout, stderr, status = mypy_api.run(
        ["--config-file", str(REPO_ROOT / "pyproject.toml"), *PACKAGES]
    )
    assert (status, stderr) == (0, ""), stdout
