"""The dev set: its archive is current, every label is justified, and the CI gate holds."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from label_checks import assert_label_justified

from agent.commands.eval import eval_command, read_jsonl
from agent.evaluation.compare import check_thresholds
from agent.evaluation.matching import domain_key
from agent.models import FIRMOGRAPHIC_FIELDS
from tools.web.archive import WarcArchive, build_archive

EVALSET = Path(__file__).resolve().parents[1] / "evalset"
ARCHIVE = EVALSET / "evalset.warc.gz"
LABELS = read_jsonl(EVALSET / "labels.jsonl", "labels")


@pytest.fixture(scope="module")
def archive() -> WarcArchive:
    return WarcArchive.load(ARCHIVE)


def test_archive_matches_its_sources(tmp_path):
    fresh = tmp_path / "evalset.warc.gz"
    build_archive(EVALSET / "manifest.toml", fresh)
    assert fresh.read_bytes() == ARCHIVE.read_bytes(), "run: python scripts/build_evalset.py"


def test_labels_cover_every_account_and_enough_companies(archive):
    with (EVALSET / "accounts.csv").open(encoding="utf-8-sig") as stream:
        accounts = [domain_key(row["domain"]) for row in csv.DictReader(stream)]
    labelled = [domain_key(row["domain"]) for row in LABELS]
    assert labelled == accounts
    archived_hosts = {domain_key(response.url) for response in archive}
    assert sum(domain in archived_hosts for domain in labelled) >= 15
    assert "quartzline.io" not in archived_hosts  # the deliberately unarchived domain


def _required_justifications(label: dict) -> set[str]:
    keys = {name for name in FIRMOGRAPHIC_FIELDS if label["firmographics"].get(name) is not None}
    keys |= {f"specialized.{k}" for k, v in label["specialized"].items() if v is not None}
    keys |= {f"technographics.{name}" for name in label["technographics"]["used"]}
    if label["hiring"].get("open_roles") is not None:
        keys.add("hiring.open_roles")
    return keys


@pytest.mark.parametrize("label", LABELS, ids=[row["domain"] for row in LABELS])
def test_every_label_is_justified_by_an_archived_quote(label, archive):
    justification = label["justification"]
    assert set(justification) == _required_justifications(label)
    assert_label_justified(archive, label)


def test_dev_set_meets_the_thresholds(tmp_path):
    thresholds_path = EVALSET / "thresholds.toml"
    out = tmp_path / "eval.json"
    args = [
        str(EVALSET / "labels.jsonl"), "--replay", str(ARCHIVE),
        "--accounts", str(EVALSET / "accounts.csv"), "--icp", str(EVALSET / "icp.toml"),
        "--notes", str(EVALSET / "notes"), "--db", str(tmp_path / "eval.db"), "--no-llm",
        "--json", str(out), "--thresholds", str(thresholds_path), "--quiet-mismatches",
    ]  # fmt: skip
    outcome = CliRunner().invoke(eval_command, args, terminal_width=160)
    document = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    assert outcome.exit_code == 0, outcome.output + "\n".join(document.get("failures", []))
    thresholds = tomllib.loads(thresholds_path.read_text(encoding="utf-8"))
    assert check_thresholds(document["figures"], thresholds) == []
    assert document["report"]["accounts"] == len(LABELS)
