"""`python -m agent` runs the `icp` command line."""

from agent.cli import cli

cli(prog_name="icp")
