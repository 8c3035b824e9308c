"""The `icp` CLI with every request sent to a local hostile farm (used by benchmarks/hostile.py).

Usage: ICP_HOSTILE_PORT=PORT python benchmarks/hostile_cli.py enrich ... --allow-private-network

Only the transport differs from the installed `icp`: host names stay as written (the farm tells
sites apart by the Host header), so manners, parsing, the store and the output are the real ones.
"""

import functools
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from webserver import LoopbackTransport  # noqa: E402

import agent.commands.enrich as enrich_command  # noqa: E402
from agent.cli import cli  # noqa: E402


class _Port:
    """What LoopbackTransport needs of a server: its port."""

    port = int(os.environ["ICP_HOSTILE_PORT"])


enrich_command.run_enrich = functools.partial(  # type: ignore[assignment]
    enrich_command.run_enrich, transport=LoopbackTransport(_Port())
)
cli(prog_name="icp")
