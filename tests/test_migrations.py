"""A database written by release 0.1.0 opens and upgrades; a newer one is refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from agent.cli import cli
from agent.errors import StoreError
from store.db import Store
from store.llm_cache import CachedReply, LLMCache
from store.migrations import migrations, schema_version

FIXTURE = Path(__file__).parent / "fixtures" / "icp-0.1.0.db"
NAMES = ["m001_initial", "m002_overrides", "m003_people", "m004_runs_llm_cache_hits",
         "m005_llm_responses", "m007_leads", "m008_signals", "m006_crm_views"]  # fmt: skip
# created empty by migrations after 0.1.0
NEW_TABLES = ["contacts", "alerts", "signals", "snapshots", "icp_settings"]


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "icp.db"
    shutil.copy(FIXTURE, path)
    return path


def _rows(path: Path) -> dict[str, list[dict]]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    rows = {t: [dict(r) for r in connection.execute(f"SELECT * FROM [{t}] ORDER BY rowid")]
            for t in tables}  # fmt: skip
    connection.close()
    return rows


def _schema(db: sqlite_utils.Database) -> dict[str, str]:
    return {t.name: t.schema for t in db.tables if t.name != "_sqlite_migrations"}


def test_fixture_is_what_release_0_1_0_wrote():
    rows = _rows(FIXTURE)
    assert [r["name"] for r in rows["_migrations"]] == NAMES[:4]
    assert "_sqlite_migrations" not in rows
    assert [r["domain"] for r in rows["accounts"]] == ["attendra.in", "greyfen.com"]


def test_upgrade_from_0_1_0_keeps_every_row(old_db: Path):
    before = _rows(old_db)
    store = Store(old_db)
    store.close()
    after = _rows(old_db)
    legacy = before.pop("_migrations")
    assert "_migrations" not in after
    registry = after.pop("_sqlite_migrations")
    assert {table: after.pop(table) for table in NEW_TABLES} == {t: [] for t in NEW_TABLES}
    # columns added since 0.1.0, with their defaults
    assert [row.pop("failures") for row in after["accounts"]] == [0] * len(after["accounts"])
    assert after == before  # every table and row of 0.1.0, unchanged
    assert [(r["migration_set"], r["name"]) for r in registry] == [("icp_agent", n) for n in NAMES]
    # the dates 0.1.0 recorded are kept
    assert [r["applied_at"] for r in registry[:4]] == [r["applied_at"] for r in legacy]


def test_upgraded_schema_equals_a_new_database(old_db: Path, tmp_path: Path):
    Store(old_db).close()
    Store(tmp_path / "new.db").close()
    upgraded = sqlite_utils.Database(old_db)
    new = sqlite_utils.Database(tmp_path / "new.db")
    assert _schema(upgraded) == _schema(new)
    assert schema_version(upgraded) == schema_version(new) == NAMES[-1]


def test_upgrade_is_idempotent(old_db: Path):
    Store(old_db).close()
    once = _rows(old_db)
    Store(old_db).close()
    assert _rows(old_db) == once


def test_llm_replies_cached_by_0_1_0_are_still_served(old_db: Path):
    cache = LLMCache(old_db)
    hit = cache.get("gpt-4o-mini", "research_firmographics@1", "ab" * 32)
    cache.close()
    assert hit == CachedReply({"facts": [], "technologies": []}, 812, 40)


def test_commands_read_an_upgraded_0_1_0_database(old_db: Path):
    result = CliRunner().invoke(cli, ["show", "attendra.in", "--db", str(old_db), "--json"])
    assert result.exit_code == 0, result.output
    assert '"domain": "attendra.in"' in result.output


def _newer(path: Path) -> None:
    db = sqlite_utils.Database(path)
    migrations.apply(db)
    db.table("_sqlite_migrations").insert(
        {"migration_set": "icp_agent", "name": "m099_from_the_future", "applied_at": "2099-01-01"}
    )
    db.close()


def test_database_of_a_newer_version_is_refused(tmp_path: Path):
    path = tmp_path / "future.db"
    _newer(path)
    with pytest.raises(StoreError) as error:
        Store(path)
    assert str(error.value) == (
        f"{path}: written by a newer icp-agent (schema m099_from_the_future; this version knows "
        f"up to {NAMES[-1]}): upgrade icp-agent to use it"
    )


def test_cli_refuses_a_newer_database_in_one_line(tmp_path: Path):
    path = tmp_path / "future.db"
    _newer(path)
    result = CliRunner().invoke(cli, ["show", "--db", str(path), "x.com"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {path}: written by a newer icp-agent (schema m099_from_the_future; this version "
        f"knows up to {NAMES[-1]}): upgrade icp-agent to use it"
    ]
    assert result.exception is None or isinstance(result.exception, SystemExit)
