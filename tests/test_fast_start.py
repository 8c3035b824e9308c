"""`icp --help` and the commands that do not research never import LangGraph or the LLM SDK.

Measured in a fresh interpreter (what a user's shell starts): after the command ran, neither
`langgraph` nor `openai` is in `sys.modules`.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from agent.models import AccountResult
from store.db import Store

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from agent.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="icp")
except SystemExit:
    pass
print("HEAVY=" + ",".join(m for m in ("langgraph", "openai") if m in sys.modules), file=sys.stderr)
"""
ICP = (
    'name = "t"\n[[dimensions]]\nname = "f"\nweight = 1.0\n'
    '[[dimensions.criteria]]\nfield = "firmographics.employee_count"\nmin = 1\npoints = 1\n'
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fast")
    store = Store(folder / "icp.db")
    store.save_account(AccountResult.model_validate({
        "domain": "acme.com", "input": {}, "status": "ok",
        "score": {"icp": "t", "total": 50.0, "tier": "Moderate Fit", "route": "sdr",
                  "dimensions": {}}}), [])  # fmt: skip
    store.close()
    (folder / "icp.toml").write_text(ICP)
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["enrich", "--help"],
        ["score", "--icp", "{dir}/icp.toml", "--db", "{dir}/icp.db", "--no-table"],
        ["export", "--db", "{dir}/icp.db"],
        ["report", "--db", "{dir}/icp.db", "--json"],
        ["runs", "--db", "{dir}/icp.db"],
        ["show", "acme.com", "--db", "{dir}/icp.db"],
        ["lookalikes", "--help"],
        ["interviews", "--help"],
    ],
)
def test_commands_that_do_not_research_import_no_langgraph_or_openai(db, args):
    argv = [a.replace("{dir}", str(db)) for a in args]
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)  # fmt: skip
    heavy = [line for line in done.stderr.splitlines() if line.startswith("HEAVY=")]
    assert heavy == ["HEAVY="], done.stderr[-2000:]


def test_the_probe_sees_heavy_imports_when_a_command_researches(db, tmp_path):
    accounts = tmp_path / "a.csv"
    accounts.write_text("domain\nnot a domain\n")
    argv = ["enrich", str(accounts), "--db", str(tmp_path / "x.db"), "--no-llm", "-q"]
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)  # fmt: skip
    # research imports LangGraph; without an LLM the OpenAI SDK stays unloaded (~1 s, ~25 MB)
    assert "HEAVY=langgraph\n" in done.stderr, done.stderr[-2000:]
