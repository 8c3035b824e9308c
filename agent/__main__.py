"""`python -m agent` runs the `icp` command line."""

from agent.cli import cli

if __name__ == "__main__":  # worker processes import this module too
    cli(prog_name="icp")
