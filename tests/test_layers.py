"""The import rule between our packages (README, "Architecture": the layers), read from the AST.

Bottom to top, a layer may import only itself and the layers listed for it:

    vocabulary  agent.models, agent.errors   (nothing of ours: the shared contract and errors)
    web         tools.web                    vocabulary
    tools       the rest of tools/           web, vocabulary
    store       store/                       web (the cache interface it implements), vocabulary
    prompts     prompts/                     vocabulary
    agent       the rest of agent/           everything (orchestration, CLI and features)

Every import counts, including those inside functions and under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agent", "tools", "store", "prompts")
VOCABULARY = ("agent.models", "agent.errors")
ALLOWED = {
    "vocabulary": {"vocabulary"},
    "web": {"web", "vocabulary"},
    "tools": {"tools", "web", "vocabulary"},
    "store": {"store", "web", "vocabulary"},
    "prompts": {"prompts", "vocabulary"},
    "agent": {"agent", "tools", "web", "store", "prompts", "vocabulary"},
}


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def layer_of(module: str) -> str | None:
    """Return the layer of one of our modules, None for anything else (stdlib, dependencies)."""
    if any(within(module, name) for name in VOCABULARY):
        return "vocabulary"
    if within(module, "tools.web"):
        return "web"
    for package in PACKAGES:
        if within(module, package):
            return package
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    path = REPO_ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(tree: ast.AST, importer: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every import; `from a import b` names `a.b` when that is a module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = importer.split(".")
                package = package if is_package else package[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if is_module(candidate) else base))
    return found


def violations(source: str, importer: str, is_package: bool = False) -> list[str]:
    """Imports in `source` (the module `importer`) that break the rule."""
    own = layer_of(importer)
    assert own is not None, importer
    return [
        f"line {line}: {own} module {importer} imports {target} ({layer})"
        for line, target in imported_modules(ast.parse(source), importer, is_package)
        if (layer := layer_of(target)) is not None and layer not in ALLOWED[own]
    ]


@pytest.mark.parametrize(
    ("importer", "source"),
    [
        ("tools.website", "from agent.context import Context"),
        ("tools.website", "import agent.graph"),
        ("tools.website", "from agent import context"),
        ("tools.website", "from agent import models, state"),
        ("tools.jobs.board", "def f():\n    from agent.llm.client import LLMClient"),
        ("tools.jobs.board", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                             "    from store.db import Store"),  # fmt: skip
        ("tools.web.fetcher", "from tools.html import parse_html"),
        ("tools.web.fetcher", "from .. import website"),
        ("store.db", "from tools.website import fetch_site"),
        ("store.db", "from agent.scoring import score"),
        ("prompts", "from tools.evidence import quote_occurs"),
        ("agent.models", "from tools.web.result import FetchResult"),
        ("agent.errors", "from agent.icp import Icp"),
    ],
)
def test_upward_imports_are_found(importer, source):
    assert violations(source, importer, is_package=importer == "prompts") != []


@pytest.mark.parametrize(
    ("importer", "source"),
    [
        ("tools.website", "from agent.models import PageRecord"),
        ("tools.website", "from agent import errors, models"),
        ("tools.website", "from tools.web.fetcher import Fetcher"),
        ("tools.web.fetcher", "from . import robots\nfrom .result import FetchResult"),
        ("store.db", "from agent.errors import StoreError"),
        ("store.http_cache", "from tools.web.cache import CachedResponse"),
        ("agent.graph", "from tools.website import fetch_site\nfrom store.db import Store"),
        ("agent.models", "from agent.errors import IcpError"),
        ("tools.website", "import httpx\nfrom pydantic import BaseModel"),
    ],
)
def test_allowed_imports_pass(importer, source):
    assert violations(source, importer) == []


def test_packages_follow_the_layer_rule():
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            broken = violations(source, module_name(path), path.name == "__init__.py")
            if broken:
                found[str(path.relative_to(REPO_ROOT))] = broken
    assert found == {}
