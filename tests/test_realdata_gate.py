"""Real company sites (../shared/realdata/company-sites): the precision gate, when present.

The folder holds third parties' captures of 41 real companies' own pages; it is never copied
into this repository, so the test skips cleanly where it is absent.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.commands.eval import eval_command
from agent.evaluation.compare import check_thresholds

REPO_ROOT = Path(__file__).resolve().parents[1]
REALDATA = REPO_ROOT.parent / "shared" / "realdata" / "company-sites"
THRESHOLDS = REPO_ROOT / "evalset" / "realdata-thresholds.toml"

pytestmark = pytest.mark.skipif(
    not (REALDATA / "labels.jsonl").is_file(), reason=f"real captures not present: {REALDATA}"
)


def test_real_company_sites_meet_the_precision_gate(tmp_path):
    out = tmp_path / "eval.json"
    args = [
        str(REALDATA / "labels.jsonl"), "--replay", str(REALDATA / "company-sites.warc.gz"),
        "--accounts", str(REALDATA / "accounts.csv"), "--db", str(tmp_path / "eval.db"),
        "--no-llm", "--json", str(out), "--thresholds", str(THRESHOLDS), "--quiet-mismatches",
        "--concurrency", "8",
    ]  # fmt: skip
    outcome = CliRunner().invoke(eval_command, args, terminal_width=160)
    document = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    mismatches = [
        m for m in document.get("report", {}).get("mismatches", [])
        if not m["field"].startswith(("technographics.", "hiring.", "score."))
    ]  # fmt: skip
    assert outcome.exit_code == 0, outcome.output + json.dumps(mismatches, indent=1)
    thresholds = tomllib.loads(THRESHOLDS.read_text(encoding="utf-8"))
    assert check_thresholds(document["figures"], thresholds) == []
    hallucinated = [m for m in mismatches if m["kind"] == "hallucinated"]
    assert hallucinated == []
