"""The explicit package list of pyproject.toml names every package (a wheel holds only those)."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(
        tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for root in ("agent", "tools", "store", "prompts")
        for init in (REPO_ROOT / root).rglob("__init__.py")
    }
    assert found - listed == set()
