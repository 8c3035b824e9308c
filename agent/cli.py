"""The `icp` command line: a click group; each command lives in `agent/commands/`."""

from __future__ import annotations

import logging
import sys

import click

from agent import __version__
from agent.errors import IcpError


class IcpGroup(click.Group):
    """A click group that turns expected errors into one clean message, never a traceback."""

    def invoke(self, ctx: click.Context):
        """Run the command; report `IcpError` as `Error: ...` with exit code 2."""
        try:
            return super().invoke(ctx)
        except IcpError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=IcpGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="icp")
@click.option("-v", "--verbose", is_flag=True, help="Log details to stderr.")
def cli(verbose: bool) -> None:
    """icp-agent: research B2B accounts with evidence and score them against your ICP.

    Examples:
        icp demo

        icp enrich accounts.csv --icp icp.toml --out results.jsonl

        icp score --icp icp.toml --out rescored.csv
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _register() -> None:
    from agent.commands.demo import demo_command
    from agent.commands.enrich import enrich_command
    from agent.commands.export import export_command
    from agent.commands.runs import runs_command, stale_command
    from agent.commands.score import score_command
    from agent.commands.show import show_command

    commands = (enrich_command, score_command, demo_command, show_command, export_command,
                runs_command, stale_command)  # fmt: skip
    for command in commands:
        cli.add_command(command)
    try:
        from agent.commands.eval import eval_command
    except ImportError:  # the eval harness is optional while it is being built
        return
    cli.add_command(eval_command)


_register()
