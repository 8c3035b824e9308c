"""`langgraph.json` points LangGraph's tools at the compiled research graph, loaded as they do."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from langgraph.graph.state import CompiledStateGraph

from agent.context import Context
from agent.state import InputState, OutputState

REPO_ROOT = Path(__file__).resolve().parent.parent


def load_graph(spec: str):
    """Import `./path/to/file.py:attribute` by file path, the way the LangGraph server does."""
    file, _, attribute = spec.rpartition(":")
    path = (REPO_ROOT / file).resolve()
    module_spec = importlib.util.spec_from_file_location("langgraph_json_graph", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return getattr(module, attribute)


def test_langgraph_json_loads_the_compiled_research_graph():
    config = json.loads((REPO_ROOT / "langgraph.json").read_text(encoding="utf-8"))
    assert config["dependencies"] == ["."]
    assert (REPO_ROOT / "pyproject.toml").is_file()
    assert list(config["graphs"]) == ["icp_research"]
    graph = load_graph(config["graphs"]["icp_research"])
    assert isinstance(graph, CompiledStateGraph)
    assert (graph.name, graph.context_schema) == ("icp-research", Context)
    assert (graph.builder.input_schema, graph.builder.output_schema) == (InputState, OutputState)
