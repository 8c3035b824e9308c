"""After `icp demo`, report, discover, calibrate, lookalikes, leads and export can be tried."""

import json

import pytest
from click.testing import CliRunner

from agent.cli import cli


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "try next" in result.stderr
    return folder


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_demo_ships_a_crm_export_and_contacts(demo_dir):
    for name in ("crm_deals.csv", "contacts.csv", "icp.toml", "won_customers.csv"):
        assert (demo_dir / name).is_file()


def test_report_on_the_demo_has_outcomes(demo_dir):
    result = run("report", "--db", demo_dir / "icp.db", "--outcomes", demo_dir / "crm_deals.csv",
                 "--json")  # fmt: skip
    report = json.loads(result.stdout)
    assert report["icp"] == "Mid-market B2B with an outbound motion"
    assert json.dumps(report).count("win_rate") > 0


def test_discover_calibrate_lookalikes_leads_run_on_the_demo(demo_dir):
    d = demo_dir
    discovered = run("discover", d / "crm_deals.csv", "--db", d / "icp.db", "--min-support", "3",
                     "--json")  # fmt: skip
    assert json.loads(discovered.stdout)["population"] == 14  # greyfen.com is still open
    run("calibrate", "--icp", d / "icp.toml", "--db", d / "icp.db", "--outcomes",
        d / "crm_deals.csv", "--min-per-class", "5")  # fmt: skip
    lookalikes = run("lookalikes", "--seed", d / "won_customers.csv", "--db", d / "icp.db",
                     "--json")  # fmt: skip
    assert lookalikes.stdout.strip()
    run("leads", d / "contacts.csv", "--icp", d / "icp.toml", "--db", d / "icp.db")


def test_report_says_what_would_fill_each_empty_panel(demo_dir):
    html = demo_dir / "report.html"
    bare = run("report", "--db", demo_dir / "icp.db", "--json", "--out", html)
    hints = json.loads(bare.stdout)["hints"]
    assert any("--outcomes" in hint for hint in hints)
    assert "What would fill the empty panels" in html.read_text()
    full = run("report", "--db", demo_dir / "icp.db", "--outcomes", demo_dir / "crm_deals.csv",
               "--json")  # fmt: skip
    assert not any("--outcomes" in hint for hint in json.loads(full.stdout)["hints"])
