"""Crash safety: a batch SIGKILLed mid-way resumes where it stopped, losing nothing."""

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sites_server import SitesServer

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
HOSTS = [f"company{i:02d}.test" for i in range(16)]


def start_batch(accounts, db, out, port):
    return subprocess.Popen(
        [sys.executable, str(HERE / "run_batch.py"), str(accounts), str(db), str(out), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finished_domains(db: Path) -> set[str]:
    if not db.exists():
        return set()
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return {row[0] for row in connection.execute("SELECT domain FROM accounts")}
    except sqlite3.OperationalError:
        return set()


def load(out: Path):
    return [json.loads(line) for line in out.read_text().splitlines()]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_batch_killed_midway_resumes_without_refetching_or_losing(tmp_path):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain,owner\n" + "".join(f"{h},rep{i}\n" for i, h in enumerate(HOSTS)))
    with SitesServer(latency=0.05) as server:
        reference = start_batch(accounts, tmp_path / "ref.db", tmp_path / "ref.jsonl", server.port)
        assert reference.wait(timeout=120) == 0, reference.stderr.read().decode()

        db, out = tmp_path / "icp.db", tmp_path / "out.jsonl"
        batch = start_batch(accounts, db, out, server.port)
        deadline = time.monotonic() + 60
        while len(finished_domains(db)) < 4 and time.monotonic() < deadline:
            assert batch.poll() is None, "the batch finished before it could be killed"
            time.sleep(0.05)
        batch.send_signal(signal.SIGKILL)
        batch.wait(timeout=10)
        done_before = finished_domains(db)
        assert 4 <= len(done_before) < len(HOSTS)

        server.log.clear()
        rerun = start_batch(accounts, db, out, server.port)
        assert rerun.wait(timeout=120) == 0, rerun.stderr.read().decode()
        refetched = server.hosts_requested() & done_before

    assert refetched == set()
    # byte for byte: accounts reused from the store read exactly as the research wrote them
    assert out.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    assert [r["domain"] for r in load(out)] == HOSTS
    assert finished_domains(db) == set(HOSTS)
