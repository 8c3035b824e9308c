"""The `icp` command line: a click group; each command lives in `agent/commands/`."""

from __future__ import annotations

import inspect
import logging
import sys

import click

from agent import __version__
from agent.errors import IcpError
from agent.redaction import RedactingFilter, redact_secrets


class IcpGroup(click.Group):
    """A click group that turns expected errors into one clean message, never a traceback."""

    def invoke(self, ctx: click.Context):
        """Run the command; report `IcpError` as `Error: ...`, exit 1 (2 is click's usage)."""
        try:
            return super().invoke(ctx)
        except IcpError as exc:
            click.echo(f"Error: {redact_secrets(str(exc))}", err=True)
            sys.exit(1)


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
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def protect_examples(help_text: str | None) -> str | None:
    """Keep each paragraph after `Examples:` verbatim in --help (click's no-rewrap marker)."""
    if not help_text or "Examples:" not in help_text:
        return help_text
    head, _, examples = inspect.cleandoc(help_text).partition("Examples:")
    blocks = [block.strip("\n") for block in examples.split("\n\n") if block.strip()]
    return head + "Examples:\n\n" + "\n\n".join("\b\n" + block for block in blocks)


def _register() -> None:
    from agent.commands.calibrate import calibrate_command
    from agent.commands.demo import demo_command
    from agent.commands.discover import discover_command
    from agent.commands.enrich import enrich_command
    from agent.commands.eval import eval_command
    from agent.commands.export import export_command
    from agent.commands.interviews import interviews_command
    from agent.commands.leads import leads_command
    from agent.commands.lookalikes import lookalikes_command
    from agent.commands.onepager import onepager_command
    from agent.commands.override import override_command
    from agent.commands.report import report_command
    from agent.commands.runs import runs_command, stale_command
    from agent.commands.score import score_command
    from agent.commands.serve import serve_command
    from agent.commands.show import show_command
    from agent.commands.signals import signals_command, watch_command

    commands = (
        enrich_command, score_command, demo_command, show_command, export_command, runs_command,
        stale_command, interviews_command, discover_command, report_command, calibrate_command,
        override_command, lookalikes_command, onepager_command, leads_command,
        serve_command, signals_command, watch_command,
    )  # fmt: skip
    for command in commands:
        cli.add_command(command)
    cli.add_command(eval_command)
    for command in [cli, *cli.commands.values()]:
        command.help = protect_examples(command.help)
        # set on each command (not only inherited from the group) so that -h also works when
        # a command is invoked on its own, e.g. in tests
        command.context_settings.setdefault("help_option_names", ["-h", "--help"])


_register()
