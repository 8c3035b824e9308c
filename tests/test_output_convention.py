"""One output convention: `--json` prints JSON to stdout, `--out PATH` writes a file."""

import json

import pytest
from click.testing import CliRunner

from agent.cli import cli
from tools.web.archive import build_archive

HOME = "<html><title>Acme</title><p>Founded in 2014, Acme has a team of 120.</p></html>"
ICP = (
    'name = "t"\n[[dimensions]]\nname = "f"\nweight = 1.0\n'
    '[[dimensions.criteria]]\nfield = "firmographics.founded_year"\nmin = 2010\npoints = 1\n'
)


@pytest.fixture
def setup(tmp_path):
    site = tmp_path / "sites" / "acme.test"
    site.mkdir(parents=True)
    (site / "index.html").write_text(HOME)
    manifest = '[[site]]\nhost = "acme.test"\ndir = "sites/acme.test"\n'
    (tmp_path / "manifest.toml").write_text(manifest)
    build_archive(tmp_path / "manifest.toml", tmp_path / "a.warc.gz")
    (tmp_path / "icp.toml").write_text(ICP)
    (tmp_path / "accounts.csv").write_text("domain,name\nacme.test,Acme\n")
    return tmp_path


def enrich(folder, *extra):
    args = ["enrich", str(folder / "accounts.csv"), "--icp", str(folder / "icp.toml"),
            "--replay", str(folder / "a.warc.gz"), "--db", str(folder / "icp.db"), "--no-llm",
            "-q", *extra]  # fmt: skip
    return CliRunner().invoke(cli, args)


def test_enrich_without_out_shows_results_on_stdout(setup):
    result = enrich(setup)
    assert result.exit_code == 0, result.output
    assert "acme.test" in result.stdout and "Strong Fit" not in result.stderr
    assert "100.0" in result.stdout


def test_enrich_json_prints_json_lines(setup):
    result = enrich(setup, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["domain"], record["score"]["total"]) == ("acme.test", 100.0)


def test_score_out_format_overrides_the_suffix(setup):
    assert enrich(setup).exit_code == 0
    out = setup / "results.txt"
    result = CliRunner().invoke(cli, ["score", "--icp", str(setup / "icp.toml"), "--db",
                                      str(setup / "icp.db"), "--out", str(out), "--format", "csv",
                                      "--no-table"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("domain,status,")


def test_score_json(setup):
    assert enrich(setup).exit_code == 0
    result = CliRunner().invoke(cli, ["score", "--icp", str(setup / "icp.toml"), "--db",
                                      str(setup / "icp.db"), "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"]["tier"] == "Perfect Fit"


def test_runs_json_is_plain_json(setup):
    assert enrich(setup).exit_code == 0
    result = CliRunner().invoke(cli, ["runs", "--db", str(setup / "icp.db"), "--json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.stdout.splitlines()[0])
    assert isinstance(run["args"], dict) and isinstance(run["counts"], dict)
    assert run["args"]["accounts"] == str(setup / "accounts.csv")
    assert str(setup / "icp.toml") in json.dumps(run["args"]["icp"])
    assert run["counts"]["ok"] == 1
    assert "PosixPath" not in result.stdout and "\\\"" not in result.stdout
