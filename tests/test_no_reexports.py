"""Every name is imported from the module that defines it: no re-exports, no `__all__` façades.

A reader who sees `from tools.jobs.board import summarize_postings` should find the function in
`tools/jobs/board.py`. Checked on the syntax tree of the packages and of every script and test.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agent", "tools", "store", "prompts")
IMPORTERS = (*PACKAGES, "tests", "benchmarks", "scripts")


def module_file(name: str) -> Path | None:
    path = REPO_ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def top_level_bindings(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names the module defines, names it only imports) at module level, `if` blocks included."""
    defined: set[str] = set()
    imported: set[str] = set()
    nodes: list[ast.stmt] = list(tree.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.If | ast.Try):
            nodes += [*node.body, *node.orelse, *getattr(node, "finalbody", [])]
            nodes += [stmt for handler in getattr(node, "handlers", []) for stmt in handler.body]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return defined, imported - defined


@cache
def bindings_of(module: str) -> tuple[set[str], set[str]] | None:
    path = module_file(module)
    if path is None:
        return None
    return top_level_bindings(ast.parse(path.read_text(encoding="utf-8")))


def reexport_lists(source: str) -> list[str]:
    """Names an `__all__` lists that the module does not define itself."""
    tree = ast.parse(source)
    defined, _ = top_level_bindings(tree)
    listed = [
        element.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
        and isinstance(node.value, ast.List | ast.Tuple)
        for element in node.value.elts
        if isinstance(element, ast.Constant) and isinstance(element.value, str)
    ]
    return [name for name in listed if name not in defined - {"__all__"}]


def borrowed_imports(source: str, bindings=bindings_of) -> list[str]:
    """`from ours import name` where `ours` only imports `name` from elsewhere."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if node.module.split(".")[0] not in PACKAGES:
            continue
        known = bindings(node.module)
        if known is None:
            continue
        _, only_imported = known
        for alias in node.names:
            is_submodule = module_file(f"{node.module}.{alias.name}") is not None
            if alias.name in only_imported and not is_submodule:
                found.append(f"line {node.lineno}: {alias.name} from {node.module}")
    return found


def fake_bindings(module: str):
    return {"tools.owner": ({"parse"}, set()), "tools.facade": ({"helper"}, {"parse"})}.get(module)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from tools.facade import parse", ["line 1: parse from tools.facade"]),
        ("from tools.facade import helper, parse", ["line 1: parse from tools.facade"]),
        ("def f():\n    from tools.facade import parse", ["line 2: parse from tools.facade"]),
        ("from tools.owner import parse", []),
        ("from tools.facade import helper", []),
        ("from pydantic import BaseModel", []),
    ],
)
def test_borrowed_imports_are_found(source, found):
    assert borrowed_imports(source, fake_bindings) == found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from tools.owner import parse\n__all__ = ['parse', 'mine']\ndef mine(): ...", ["parse"]),
        ("from tools.owner import parse\ndef mine(): ...\n__all__ = ['mine']", []),
        ("x = 1", []),
    ],
)
def test_reexport_lists_are_found(source, found):
    assert reexport_lists(source) == found


def python_files(folders: tuple[str, ...]) -> list[Path]:
    return sorted(p for folder in folders for p in (REPO_ROOT / folder).rglob("*.py"))


def test_no_module_lists_names_it_does_not_define():
    found = {
        str(path.relative_to(REPO_ROOT)): names
        for path in python_files(PACKAGES)
        if (names := reexport_lists(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_every_name_is_imported_from_its_owner():
    found = {
        str(path.relative_to(REPO_ROOT)): names
        for path in python_files(IMPORTERS)
        if (names := borrowed_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}
