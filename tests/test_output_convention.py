"""One output convention: `--json` prints JSON to stdout, `--out PATH` writes a file."""

import json

import click
import pytest
from click.testing import CliRunner

from agent.cli import cli
from tests.conftest import REPO_ROOT
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


def commands():
    ctx = click.Context(cli)
    return {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}


def test_every_json_option_is_a_flag_printing_to_stdout():
    for name, command in commands().items():
        for param in command.params:
            if "--json" in getattr(param, "opts", []):
                assert param.is_flag, f"icp {name} --json takes a value"


def readme_output_table():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Output convention.**", 1)[1].split("\n\n", 2)[1]
    rows = {}
    for line in section.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0].strip("`").split()[1]] = cells
    return rows


def test_readme_output_table_names_every_command_and_its_options():
    rows = readme_output_table()
    assert set(rows) == set(commands())
    for name, command in commands().items():
        options = {opt for param in command.params if not getattr(param, "hidden", False)
                   for opt in getattr(param, "opts", [])}  # fmt: skip
        _, json_cell, out_cell, _formats = rows[name]
        assert json_cell.startswith("—") == ("--json" not in options), name
        assert out_cell.startswith("—") == ("--out" not in options), name


@pytest.fixture
def enriched(setup):
    assert enrich(setup).exit_code == 0
    return setup


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def test_enrich_format_overrides_the_suffix(setup):
    out = setup / "results.txt"
    result = enrich(setup, "--out", str(out), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("domain,status,")


def test_enrich_json_with_out_does_both(setup):
    out = setup / "results.csv"
    result = enrich(setup, "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["domain"] == "acme.test"
    assert out.read_text().startswith("domain,status,")


def test_export_json_flag_prints_json_lines(enriched):
    result = invoke("export", "--db", enriched / "icp.db", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"]["icp"] == "t"
    refused = invoke("export", "--db", enriched / "icp.db", "--json", "--format", "hubspot")
    assert refused.exit_code == 2 and "--json prints JSON lines" in refused.output


def test_stale_json(enriched):
    result = invoke("stale", "--db", enriched / "icp.db", "--max-age", "0s", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert (row["domain"], row["age_days"]) == ("acme.test", 0)


def test_lookalikes_out_format_from_the_suffix(enriched):
    (enriched / "seed.csv").write_text("domain\nacme.test\n")
    out = enriched / "la.jsonl"
    result = invoke("lookalikes", "--seed", enriched / "seed.csv", "--db", enriched / "icp.db",
                    "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert all(json.loads(line)["domain"] for line in out.read_text().splitlines())


def test_report_out_json_and_html(enriched):
    base = ("report", "--db", enriched / "icp.db")
    assert invoke(*base, "--out", enriched / "r.json").exit_code == 0
    assert json.loads((enriched / "r.json").read_text())["icp"] == "t"
    assert invoke(*base, "--out", enriched / "r.html").exit_code == 0
    assert (enriched / "r.html").read_text().lower().startswith("<!doctype html>")


def test_onepager_format_html_to_stdout(enriched):
    result = invoke("onepager", "--icp", enriched / "icp.toml", "--db", enriched / "icp.db",
                    "--format", "html")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.lower().startswith("<!doctype html>")


@pytest.fixture
def notes(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "acme.test_2026-01-05_call.md").write_text(
        "Customer: We spend hours every week copying leads by hand into the CRM.\n"
    )
    return folder


def test_interviews_json_flag_and_out_by_suffix(notes, tmp_path):
    result = invoke("interviews", "--json", notes, "--no-llm")  # a flag, even before NOTES_DIR
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["interviews"] == 1
    result = invoke("interviews", notes, "--no-llm", "--out", tmp_path / "themes.json")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "themes.json").read_text())["interviews"] == 1


def test_eval_json_flag_prints_figures(enriched, tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"domain": "acme.test",
                                  "firmographics": {"founded_year": 2014}}) + "\n")  # fmt: skip
    results = tmp_path / "results.jsonl"
    assert enrich(enriched, "--out", str(results)).exit_code == 0
    result = invoke("eval", labels, "--replay", enriched / "a.warc.gz", "--results", results,
                    "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "field_accuracy" in json.loads(result.stdout)["figures"]


def test_old_spellings_still_work_with_a_deprecation_note(enriched, notes, tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"domain": "acme.test"}) + "\n")
    (tmp_path / "crm.csv").write_text("domain,Deal Stage\nacme.test,Closed Won\n")
    db, icp = enriched / "icp.db", enriched / "icp.toml"
    cases = [
        (("interviews", notes, "--no-llm", "--json", tmp_path / "a.json"), tmp_path / "a.json"),
        (("report", "--db", db, "--html", tmp_path / "r.html"), tmp_path / "r.html"),
        (("calibrate", "--icp", icp, "--db", db, "--outcomes", tmp_path / "crm.csv",
          "--min-per-class", "3", "--write", tmp_path / "c.toml"), None),
        (("eval", labels, "--replay", enriched / "a.warc.gz", "--accounts",
          enriched / "accounts.csv", "--no-llm", "--json", tmp_path / "e.json", "--out",
          tmp_path / "kept.jsonl"), tmp_path / "kept.jsonl"),
    ]  # fmt: skip
    for args, written in cases:
        result = invoke(*args)
        notes_seen = [line for line in result.stderr.splitlines() if "is deprecated" in line]
        assert notes_seen, (args[0], result.output)
        if written is not None:
            assert result.exit_code == 0, result.output
            assert written.read_text(), args[0]
    assert json.loads((tmp_path / "e.json").read_text())["figures"]
