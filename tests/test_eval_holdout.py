"""The held-out set: labels justified by archived quotes, and the precision invariants hold.

Accuracy on this set is reported (README), not gated: it measures how the rules generalize,
and gating it would invite tuning the rules to it.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from label_checks import assert_label_justified

from agent.commands.eval import eval_command, read_jsonl
from agent.evaluation.compare import check_thresholds
from tools.web.archive import WarcArchive, build_archive

HOLDOUT = Path(__file__).resolve().parents[1] / "evalset-holdout"
ARCHIVE = HOLDOUT / "holdout.warc.gz"
LABELS = read_jsonl(HOLDOUT / "labels.jsonl", "labels")


def test_holdout_archive_matches_its_sources(tmp_path):
    fresh = tmp_path / "holdout.warc.gz"
    build_archive(HOLDOUT / "manifest.toml", fresh)
    assert fresh.read_bytes() == ARCHIVE.read_bytes(), "run: python scripts/build_holdout.py"


@pytest.mark.parametrize("label", LABELS, ids=[row["domain"] for row in LABELS])
def test_holdout_labels_are_justified_by_archived_quotes(label):
    assert_label_justified(WarcArchive.load(ARCHIVE), label, robots=False)


def test_holdout_precision_invariants(tmp_path):
    out = tmp_path / "eval.json"
    args = [
        str(HOLDOUT / "labels.jsonl"), "--replay", str(ARCHIVE),
        "--accounts", str(HOLDOUT / "accounts.csv"), "--icp",
        str(HOLDOUT.parent / "evalset" / "icp.toml"), "--db", str(tmp_path / "eval.db"),
        "--no-llm", "--json", str(out), "--quiet-mismatches",
    ]  # fmt: skip
    outcome = CliRunner().invoke(eval_command, args, terminal_width=160)
    assert outcome.exit_code == 0, outcome.output
    document = json.loads(out.read_text(encoding="utf-8"))
    thresholds = tomllib.loads((HOLDOUT / "thresholds.toml").read_text(encoding="utf-8"))
    assert check_thresholds(document["figures"], thresholds) == []
