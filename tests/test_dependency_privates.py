"""No package of ours reaches into httpx's or httpcore's private names (they change without notice).

The rule, checked on the syntax tree of every module in the packages:
- no import of a private module or name (`httpx._config`, `from httpcore import _async`);
- no `obj._name` on anything but `self`/`cls` when httpx or httpcore use `_name` privately
  (`transport._pool = ...` is how the old SSRF guard pinned `httpx<0.29`);
- in a class derived from an httpx/httpcore class, no `self._name` that the base class uses.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from functools import cache
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agent", "tools", "store", "prompts")
DEPENDENCIES = ("httpx", "httpcore")


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_attributes(tree: ast.AST) -> set[str]:
    return {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and is_private(n.attr)}


def dependency_trees() -> list[ast.Module]:
    trees = []
    for package in DEPENDENCIES:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.origin is not None
        for file in Path(spec.origin).parent.rglob("*.py"):
            trees.append(ast.parse(file.read_text(encoding="utf-8")))
    return trees


@cache
def dependency_private_attributes() -> frozenset[str]:
    """Every `_name` httpx and httpcore read or set as an attribute anywhere in their source."""
    return frozenset(name for tree in dependency_trees() for name in private_attributes(tree))


@cache
def dependency_class_privates() -> dict[str, frozenset[str]]:
    """The `_name` attributes each httpx/httpcore class uses, by class name."""
    found: dict[str, set[str]] = {}
    for tree in dependency_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                found.setdefault(node.name, set()).update(private_attributes(node))
    return {name: frozenset(names) for name, names in found.items()}


def dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        parent = dotted(node.value)
        return None if parent is None else f"{parent}.{node.attr}"
    return None


@cache
def base_private_attributes(base: str) -> frozenset[str]:
    """The `_name` attributes used by the httpx/httpcore class `base` and its ancestors."""
    module, _, name = base.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    names: set[str] = set()
    for ancestor in cls.__mro__:
        if ancestor.__module__.split(".")[0] in DEPENDENCIES:
            names |= dependency_class_privates().get(ancestor.__name__, frozenset())
    return frozenset(names)


class PrivateUse(ast.NodeVisitor):
    """Collect uses of httpx/httpcore private names in one module."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.aliases: dict[str, str] = {}  # local name -> dependency module
        self.classes: list[frozenset[str]] = []  # private names the enclosing class's bases use

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            parts = alias.name.split(".")
            if parts[0] in DEPENDENCIES:
                if any(is_private(part) for part in parts):
                    self.found.append(f"line {node.lineno}: import {alias.name}")
                local = alias.asname or parts[0]
                self.aliases[local] = alias.name if alias.asname else parts[0]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        parts = (node.module or "").split(".")
        if parts[0] in DEPENDENCIES:
            names = [alias.name for alias in node.names]
            if any(is_private(part) for part in parts + names):
                self.found.append(f"line {node.lineno}: from {node.module} import {names}")
            for alias in node.names:
                self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        inherited: set[str] = set()
        for base in node.bases:
            name = dotted(base)
            if name and name.split(".")[0] in self.aliases:
                root, _, rest = name.partition(".")
                full = f"{self.aliases[root]}.{rest}" if rest else self.aliases[root]
                inherited |= base_private_attributes(full)
        self.classes.append(frozenset(inherited))
        self.generic_visit(node)
        self.classes.pop()

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if is_private(node.attr):
            owner = dotted(node.value)
            on_self = owner in ("self", "cls")
            if owner and owner.split(".")[0] in self.aliases:
                self.found.append(f"line {node.lineno}: {owner}.{node.attr}")
            elif not on_self and node.attr in dependency_private_attributes():
                self.found.append(f"line {node.lineno}: {ast.unparse(node)}")
            elif on_self and self.classes and node.attr in self.classes[-1]:
                self.found.append(f"line {node.lineno}: {owner}.{node.attr} of an httpx base")
        self.generic_visit(node)


def private_uses(source: str) -> list[str]:
    visitor = PrivateUse()
    visitor.visit(ast.parse(source))
    return visitor.found


def package_modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (REPO_ROOT / package).rglob("*.py"))


@pytest.mark.parametrize(
    "source",
    [
        "import httpx\ntransport = httpx.AsyncHTTPTransport()\ntransport._pool = None",
        "def swap(transport, pool):\n    transport._pool = pool",
        "from httpx._transports.default import AsyncHTTPTransport",
        "from httpcore import _async",
        "import httpcore._backends.anyio",
        "import httpx\nlimits = httpx._config.DEFAULT_LIMITS",
        "import httpx as h\nh._utils.get_environment_proxies()",
        "import httpx\nclass T(httpx.AsyncHTTPTransport):\n"
        "    def f(self):\n        self._pool = 1",
        "import httpcore\nclass P(httpcore.AsyncConnectionPool):\n"
        "    def f(self):\n        return self._connections",
        "from httpx import AsyncHTTPTransport as T\nclass U(T):\n    def f(self):\n"
        "        return self._pool",
    ],
)
def test_private_uses_are_found(source):
    assert private_uses(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "class Cache:\n    def f(self):\n        self._pool = []",
        "import httpx\nclass T(httpx.AsyncBaseTransport):\n"
        "    def __init__(self):\n        self._connections = None",
        "import httpcore\npool = httpcore.AsyncConnectionPool(network_backend=None)",
        "import httpx\nclient = httpx.AsyncClient(transport=httpx.MockTransport(print))",
    ],
)
def test_public_uses_pass(source):
    assert private_uses(source) == []


def test_packages_use_no_private_names_of_httpx_or_httpcore():
    found = {
        str(path.relative_to(REPO_ROOT)): uses
        for path in package_modules()
        if (uses := private_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}
