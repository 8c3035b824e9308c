"""ICP criteria on the accounts file's columns: a typo is an error, an absent column a note."""

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.errors import ConfigError
from agent.icp import parse_icp
from agent.input_columns import check_input_columns
from tools.web.archive import build_archive


def icp_on(column):
    criterion = {"field": f"input.{column}", "min": 25, "points": 1}
    dimension = {"name": "behavioural", "weight": 1.0, "criteria": [criterion]}
    return parse_icp({"name": "t", "dimensions": [dimension]})


def test_a_near_miss_of_a_column_is_an_error_with_the_suggestion():
    with pytest.raises(ConfigError, match=r"icp.toml: dimensions\[0\].criteria\[0\]: no column "
                       r"'web_visit_30d' in accounts.csv \(did you mean 'web_visits_30d'\?\)"):
        check_input_columns([icp_on("web_visit_30d")], ["icp.toml"],
                            ["domain", "web_visits_30d"], "accounts.csv")  # fmt: skip


def test_an_absent_column_is_a_note_and_a_present_one_nothing():
    notes = check_input_columns([icp_on("pageviews")], ["icp.toml"], ["domain", "name"], "a.csv")
    assert notes == ["icp.toml: dimensions[0].criteria[0]: no column 'pageviews' in a.csv; "
                     "the criterion is unknown for every account"]  # fmt: skip
    assert check_input_columns([icp_on("name")], ["icp.toml"], ["domain", "name"], "a.csv") == []


ICP = ('name = "t"\n[[dimensions]]\nname = "behavioural"\nweight = 1.0\n'
       '[[dimensions.criteria]]\nfield = "input.{column}"\nmin = 25\npoints = 1\n')  # fmt: skip


@pytest.fixture
def folder(tmp_path):
    site = tmp_path / "sites" / "acme.test"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html><title>Acme</title><p>Acme.</p></html>")
    manifest = '[[site]]\nhost = "acme.test"\ndir = "sites/acme.test"\n'
    (tmp_path / "manifest.toml").write_text(manifest)
    build_archive(tmp_path / "manifest.toml", tmp_path / "a.warc.gz")
    (tmp_path / "accounts.csv").write_text("domain,web_visits_30d\nacme.test,40\n")
    for name, column in (("good", "web_visits_30d"), ("typo", "web_visit_30d")):
        (tmp_path / f"{name}.toml").write_text(ICP.format(column=column))
    return tmp_path


def run(folder, *args):
    return CliRunner().invoke(cli, [*map(str, args), "--db", str(folder / "icp.db")])


def test_enrich_and_score_refuse_a_mistyped_input_column(folder):
    enrich = ("enrich", folder / "accounts.csv", "--replay", folder / "a.warc.gz", "--no-llm",
              "-q", "--json", "--icp")  # fmt: skip
    refused = run(folder, *enrich, folder / "typo.toml")
    assert refused.exit_code == 1 and "did you mean 'web_visits_30d'?" in refused.output
    assert refused.stdout == ""  # refused before anything was researched
    scored = run(folder, *enrich, folder / "good.toml")
    assert scored.exit_code == 0, scored.output
    assert '"total": 100.0' in scored.stdout
    rescored = run(folder, "score", "--icp", folder / "typo.toml", "--no-table")
    assert rescored.exit_code == 1
    assert "in the accounts stored in" in rescored.output and "web_visits_30d" in rescored.output


def test_enrich_names_the_row_and_column_of_an_amount_that_is_none(folder):
    (folder / "accounts.csv").write_text("domain,web_visits_30d\nacme.test,lots\n")
    result = run(folder, "enrich", folder / "accounts.csv", "--replay", folder / "a.warc.gz",
                 "--no-llm", "--json", "--icp", folder / "good.toml")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (f"{folder / 'accounts.csv'}: row 2: column 'web_visits_30d': 'lots' is not a number"
            in result.stderr)  # fmt: skip
    assert '"total": 0.0' in result.stdout


def test_amounts_in_input_columns_score(folder):
    (folder / "accounts.csv").write_text('domain,web_visits_30d\nacme.test,"1,200"\n')
    result = run(folder, "enrich", folder / "accounts.csv", "--replay", folder / "a.warc.gz",
                 "--no-llm", "-q", "--json", "--icp", folder / "good.toml")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '"total": 100.0' in result.stdout
