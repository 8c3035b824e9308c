"""Run one batch in a subprocess against a local sites server (used by test_batch_resume).

Usage: python tests/run_batch.py ACCOUNTS.csv DB OUT PORT
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from webserver import LoopbackTransport  # noqa: E402

from agent.batch import run_enrich  # noqa: E402
from agent.settings import Settings  # noqa: E402
from tools.web.fetcher import HttpSettings  # noqa: E402

accounts, db, out, port = sys.argv[1:5]
settings = Settings.load({"db": Path(db), "out": Path(out), "concurrency": 2, "no_llm": True})
class _Port:
    """What LoopbackTransport needs of a server: its port."""

    port = int(port)


summary = run_enrich(
    Path(accounts),
    settings,
    transport=LoopbackTransport(_Port()),
    http=HttpSettings(allow_private_network=True, per_host_delay=0.0),
)
print(dict(summary.counts))
