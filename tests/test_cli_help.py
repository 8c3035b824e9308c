import pytest
from click.testing import CliRunner

from agent.cli import cli


def all_commands():
    return sorted(cli.commands)


def test_cli_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    for name in all_commands():
        assert name in result.output


@pytest.mark.parametrize("name", all_commands())
def test_cli_every_command_has_help_with_examples(name):
    for flag in ("--help", "-h"):
        result = CliRunner().invoke(cli, [name, flag])
        assert result.exit_code == 0, result.output
        assert "Examples:" in result.output
        assert f"icp {name}" in result.output


def test_cli_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "icp, version" in result.output
