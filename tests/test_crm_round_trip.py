"""A CRM export → `icp enrich` → `icp export --format <crm>` → read back by `icp enrich`."""

import csv
import json

import pytest
from click.testing import CliRunner

from agent.cli import cli
from tools.web.archive import build_archive

SITES = {
    "acme.test": "<html><title>Acme</title><p>Founded in 2014, Acme has a team of 120.</p></html>",
    "beta.test": "<html><title>Beta</title><p>Beta was founded in 2019.</p></html>",
}
HUBSPOT = (
    "Record ID,Company name,Company Domain Name,Website URL,Industry,Number of Employees,"
    "Annual Revenue,Country/Region,Create Date\n"
    "9001,Acme Inc,acme.test,https://acme.test,Computer Software,120,5000000,Germany,"
    "2024-03-01 10:22\n"
    "9002,Beta GmbH,,https://www.beta.test/,Financial Services,40,,France,2024-03-02 09:00\n"
)
SALESFORCE = (
    '"Account ID","Account Name","Website","Industry","Employees","Billing Country"\n'
    '"0015g00000AcmeA","Acme Inc","www.acme.test","Technology","120","Germany"\n'
    '"0015g00000BetaB","Beta GmbH","http://beta.test","Finance","40","France"\n'
)


@pytest.fixture
def archive(tmp_path):
    manifest = ""
    for host, html in SITES.items():
        site = tmp_path / "sites" / host
        site.mkdir(parents=True)
        (site / "index.html").write_text(html)
        manifest += f'[[site]]\nhost = "{host}"\ndir = "sites/{host}"\n'
    (tmp_path / "manifest.toml").write_text(manifest)
    path = tmp_path / "a.warc.gz"
    build_archive(tmp_path / "manifest.toml", path)
    return path


@pytest.fixture
def icp_file(tmp_path):
    path = tmp_path / "icp.toml"
    path.write_text(
        'name = "Round trip"\n[[dimensions]]\nname = "size"\nweight = 1.0\n'
        '[[dimensions.criteria]]\nfield = "firmographics.founded_year"\nmin = 2010\npoints = 1\n'
    )
    return path


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize(
    ("export", "fmt", "id_column", "ids"),
    [
        (HUBSPOT, "hubspot", "Record ID", ["9001", "9002"]),
        (SALESFORCE, "salesforce", "Account ID", ["0015g00000AcmeA", "0015g00000BetaB"]),
        (SALESFORCE, "salesforce-api", "Id", ["0015g00000AcmeA", "0015g00000BetaB"]),
    ],
)
def test_crm_round_trip(tmp_path, archive, icp_file, export, fmt, id_column, ids):
    crm_file = tmp_path / "crm-export.csv"
    crm_file.write_text(export, encoding="utf-8")
    db = tmp_path / "icp.db"
    first = tmp_path / "first.jsonl"
    run("enrich", crm_file, "--icp", icp_file, "--replay", archive, "--db", db, "--out", first,
        "--no-llm", "-q")  # fmt: skip
    records = [json.loads(line) for line in first.read_text().splitlines()]
    assert [(r["domain"], r["status"]) for r in records] == [("acme.test", "ok"),
                                                              ("beta.test", "ok")]  # fmt: skip
    exported = tmp_path / f"{fmt}.csv"
    run("export", "--format", fmt, "--out", exported, "--db", db)
    rows = list(csv.DictReader(exported.open(encoding="utf-8")))
    assert [row[id_column] for row in rows] == ids
    name_column = {"hubspot": "Company name", "salesforce": "Account Name"}.get(fmt, "Name")
    assert [row[name_column] for row in rows] == ["Acme Inc", "Beta GmbH"]
    icp_column = {"hubspot": "icp_name", "salesforce": "ICP Name"}.get(fmt, "ICP_Name__c")
    assert {row[icp_column] for row in rows} == {"Round trip"}
    # read back with no option: the exported file is a valid accounts file
    again = tmp_path / "again.jsonl"
    run("enrich", exported, "--icp", icp_file, "--replay", archive, "--db", tmp_path / "b.db",
        "--out", again, "--no-llm", "-q")  # fmt: skip
    back = [json.loads(line) for line in again.read_text().splitlines()]
    assert [(r["domain"], r["status"]) for r in back] == [("acme.test", "ok"), ("beta.test", "ok")]
    assert [r["score"]["total"] for r in back] == [r["score"]["total"] for r in records]
