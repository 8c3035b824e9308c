"""Settings: a flag beats its environment variable, which beats the default; one README table."""

import json
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.errors import ConfigError
from agent.settings import Settings, db_path, setting_rows
from tools.web.archive import build_archive

REPO_ROOT = Path(__file__).resolve().parents[1]
KINDS = ["about", "careers", "team", "contact", "pricing", "customers", "press"]


@pytest.fixture
def archive(tmp_path):
    """A site whose home page links seven pages worth reading: eight pages in all."""
    site = tmp_path / "sites" / "acme.test"
    site.mkdir(parents=True)
    links = " ".join(f"<a href='/{kind}'>{kind.title()}</a>" for kind in KINDS)
    (site / "index.html").write_text(f"<html><title>Acme</title><body>{links}</body></html>")
    for kind in KINDS:
        (site / f"{kind}.html").write_text(f"<html><body><h1>{kind.title()}</h1></body></html>")
    manifest = '[[site]]\nhost = "acme.test"\ndir = "sites/acme.test"\n'
    (tmp_path / "manifest.toml").write_text(manifest)
    path = tmp_path / "site.warc.gz"
    build_archive(tmp_path / "manifest.toml", path)
    return path


def pages_fetched(tmp_path, archive, *flags, env=None):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n", encoding="utf-8")
    db = tmp_path / "icp.db"
    db.unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--replay", str(archive),
                                      "--db", str(db), "--quiet", *flags], env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as connection:
        (pages,) = connection.execute("SELECT count(*) FROM pages").fetchone()
        (args,) = connection.execute("SELECT args FROM runs").fetchone()
    return pages, json.loads(args)["max_pages"]  # runs keep plain JSON: a number


def test_max_pages_flag_beats_the_environment(tmp_path, archive):
    assert pages_fetched(tmp_path, archive, "--max-pages", "12", env={"ICP_MAX_PAGES": "5"}) == (
        8,
        12,
    )


def test_max_pages_environment_beats_the_default(tmp_path, archive):
    assert pages_fetched(tmp_path, archive, env={"ICP_MAX_PAGES": "5"}) == (5, 5)
    assert pages_fetched(tmp_path, archive) == (8, 12)


@pytest.mark.parametrize(
    ("flags", "env", "expected"),
    [
        ({}, {}, {"max_pages": 12, "db": Path("icp.db"), "llm_model": "gpt-4o-mini"}),
        ({}, {"ICP_MAX_PAGES": "5", "ICP_DB": "/x/a.db", "ICP_LLM_MODEL": "qwen"},
         {"max_pages": 5, "db": Path("/x/a.db"), "llm_model": "qwen"}),
        ({"max_pages": 12, "db": Path("b.db"), "llm_model": "gpt-4o-mini"},
         {"ICP_MAX_PAGES": "5", "ICP_DB": "/x/a.db", "ICP_LLM_MODEL": "qwen"},
         {"max_pages": 12, "db": Path("b.db"), "llm_model": "gpt-4o-mini"}),
        ({"refresh": False, "icp": ()}, {}, {"refresh": False, "icp": ()}),
        ({"icp": [Path("a.toml"), Path("b.toml")], "max_age": timedelta(days=30)}, {},
         {"icp": (Path("a.toml"), Path("b.toml")), "max_age": timedelta(days=30)}),
        ({}, {"OPENAI_BASE_URL": "https://r.openai.azure.com/openai/v1",
              "AZURE_OPENAI_API_KEY": "az"}, {"llm_api_key": "az"}),
        ({}, {"OPENAI_API_KEY": "sk", "AZURE_OPENAI_API_KEY": "az"}, {"llm_api_key": "sk"}),
        ({}, {"ICP_LLM_TOKEN_BUDGET": " 2500 ", "ICP_LLM_TIMEOUT": ""},
         {"llm_token_budget": 2500, "llm_timeout": 60.0}),
    ],
)  # fmt: skip
def test_settings_load_precedence(flags, env, expected):
    settings = Settings.load(flags, environ=env)
    assert {name: getattr(settings, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ICP_MAX_PAGES": "many"}, "ICP_MAX_PAGES='many': invalid literal for int()"),
        ({"ICP_MAX_PAGES": "0"}, "ICP_MAX_PAGES='0': 0 is not at least 1"),
        ({"ICP_LLM_CONCURRENCY": "-2"}, "ICP_LLM_CONCURRENCY='-2': -2 is not at least 1"),
        ({"ICP_LLM_PRICE_OUTPUT": "1"}, "set both ICP_LLM_PRICE_INPUT and ICP_LLM_PRICE_OUTPUT"),
    ],
)
def test_bad_environment_values_are_config_errors(env, message):
    with pytest.raises(ConfigError) as error:
        Settings.load(environ=env)
    assert str(error.value).startswith(message)


def test_bad_environment_value_is_one_clean_line_from_the_cli(tmp_path, archive):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--replay", str(archive)],
                                env={"ICP_MAX_PAGES": "lots"})  # fmt: skip
    assert (result.exit_code, result.output) == (
        1,
        "Error: ICP_MAX_PAGES='lots': invalid literal for int() with base 10: 'lots'\n",
    )


def test_db_path_flag_then_environment_then_default():
    assert db_path(Path("a.db"), {"ICP_DB": "b.db"}) == Path("a.db")
    assert db_path(None, {"ICP_DB": "b.db"}) == Path("b.db")
    assert db_path(None, {}) == Path("icp.db")


def test_unknown_setting_is_a_programming_error():
    with pytest.raises(TypeError, match="unknown settings: max_page"):
        Settings.load({"max_page": 3})


def test_public_dict_leaves_the_api_key_out():
    settings = Settings.load(environ={"OPENAI_API_KEY": "sk-secret"})
    assert settings.llm_api_key == "sk-secret"
    assert "sk-secret" not in json.dumps(settings.public_dict())
    assert "llm_api_key" not in settings.public_dict()


def test_readme_configuration_table_lists_every_setting():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = {
        match[1]: line
        for line in section.splitlines()
        if (match := re.match(r"\| `(\w+)` \|", line))
    }
    assert sorted(rows) == sorted(name for name, *_ in setting_rows())
    for name, flag, env, _default, _meaning in setting_rows():
        for word in (flag, env):
            assert word is None or f"`{word}`" in rows[name], (name, word)
