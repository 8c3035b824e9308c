"""icp enrich --ray: the same results as the local batch, polite across workers, crash-safe."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from llm_server import LLMTestServer, Reply
from politeness_server import CRAWL_DELAY, SHARED_BOARD, LoopbackFactory, PolitenessServer

from agent.batch import run_enrich
from agent.cli import cli
from agent.settings import Settings
from store.db import Store
from tools.web.fetcher import HttpSettings

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "agent" / "sample"


SAMPLE_FLAGS = ["--icp", str(SAMPLE / "icp.toml"), "--replay", str(SAMPLE / "sample.warc.gz"),
                "--no-llm"]  # fmt: skip


def sample_run(tmp_path: Path, name: str, *flags: str) -> tuple[bytes, list[dict], str]:
    db, out = tmp_path / f"{name}.db", tmp_path / f"{name}.jsonl"
    result = CliRunner().invoke(cli, [
        "enrich", str(SAMPLE / "accounts.csv"), *SAMPLE_FLAGS, "--db", str(db), "--out", str(out),
        "--workers", "0", *flags,
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    store = Store(db)
    records = sorted(store.iter_scored_records(), key=lambda record: record["domain"])
    store.close()
    return out.read_bytes(), records, result.output


def test_ray_results_are_byte_identical_to_the_local_batch(tmp_path, ray_address):
    notes = ["--notes", str(SAMPLE / "notes")]
    local_bytes, local_store, _ = sample_run(tmp_path, "local", *notes)
    ray_bytes, ray_store, said = sample_run(tmp_path, "ray", *notes, "--ray", ray_address,
                                            "--ray-chunk", "3")  # fmt: skip
    assert ray_bytes == local_bytes
    assert ray_store == local_store
    assert len(local_bytes.splitlines()) == 15
    assert "done: 14 ok (0 partial), 1 error; " in said
    assert "researched by 2 Ray worker processes on 1 node(s)" in said


def test_ray_flag_without_ray_says_how_to_install(tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ray" else real(name, *a))  # fmt: skip
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n")
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--ray", "auto", "--quiet"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        'Error: --ray needs Ray, which is not installed: pip install "icp-agent[ray]"'
    ]


def hosts_csv(path: Path, hosts: list[str]) -> Path:
    path.write_text("domain,owner\n" + "".join(f"{host},rep{i}\n" for i, host in enumerate(hosts)))
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


POLITE = HttpSettings(allow_private_network=True, per_host_delay=0.2, per_host_concurrency=1)


QUICK = HttpSettings(allow_private_network=True, per_host_delay=0.0)


def loopback_batch(
    tmp_path: Path, name: str, accounts: Path, port: int, http: HttpSettings, **ray: object
):
    settings = Settings.load({"db": tmp_path / f"{name}.db", "out": tmp_path / f"{name}.jsonl",
                              "no_llm": True, "workers": 0, "concurrency": 8, **ray})  # fmt: skip
    if settings.ray is None:
        return run_enrich(accounts, settings, transport=LoopbackFactory(port)(), http=http)
    return run_enrich(accounts, settings, worker_transport=LoopbackFactory(port), http=http)


def test_per_host_limits_and_robots_hold_across_ray_workers(tmp_path, ray_address):
    hosts = [f"company{i}.test" for i in range(6)] + ["blocked0.test", "slow.test", "blocked1.test"]
    accounts = hosts_csv(tmp_path / "accounts.csv", hosts)
    with PolitenessServer(latency=0.1) as server:
        summary = loopback_batch(tmp_path, "ray", accounts, server.port, POLITE, ray=ray_address,
                                 ray_chunk=2)  # fmt: skip
        assert len(summary.ray_workers) == 2  # two worker processes researched at once
        # every account's board is on one shared host: one request at a time, cluster-wide
        assert len(server.paths(SHARED_BOARD)) >= 6
        assert server.most_open[SHARED_BOARD] == 1
        assert max(server.most_open.values()) == 1
        assert server.smallest_gap(SHARED_BOARD) >= POLITE.per_host_delay
        # a robots.txt Crawl-delay seen by one worker spaces every worker's requests
        assert len(server.paths("slow.test")) >= 3
        assert server.smallest_gap("slow.test") >= CRAWL_DELAY
        # robots.txt refusals: read once for the cluster, and nothing else asked of the host
        for host in ("blocked0.test", "blocked1.test", "www.blocked0.test", "www.blocked1.test"):
            assert server.paths(host) == ["/robots.txt"]
    assert summary.counts["ok"] == 7
    blocked = [r for r in lines(tmp_path / "ray.jsonl") if r["domain"].startswith("blocked")]
    assert [r["status"] for r in blocked] == ["error", "error"]
    assert all("robots_disallowed" in r["error"] for r in blocked)


def ancestors(pid: int) -> list[int]:
    chain = []
    while pid > 1:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat.rsplit(")", 1)[1].split()[1])
        chain.append(pid)
    return chain


def our_research_worker() -> int | None:
    """Return the pid of a Ray worker of this test session running a research task."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"ray::research_chunk") and os.getpid() in ancestors(int(entry.name)):
            return int(entry.name)
    return None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds Ray's workers through /proc")
def test_a_killed_worker_loses_and_duplicates_no_account(tmp_path, ray_address):
    hosts = [f"company{i:02d}.test" for i in range(12)]
    accounts = hosts_csv(tmp_path / "accounts.csv", hosts)
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (pid := our_research_worker()) is not None:
                time.sleep(0.3)  # mid-chunk: some of its requests answered, others not
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    with PolitenessServer(latency=0.15) as server:
        loopback_batch(tmp_path, "local", accounts, server.port, QUICK)
        killer = threading.Thread(target=kill_one_worker)
        killer.start()
        summary = loopback_batch(tmp_path, "ray", accounts, server.port, QUICK, ray=ray_address,
                                 ray_chunk=3)  # fmt: skip
        killer.join()
    assert killed, "no research worker was found to kill"
    assert summary.counts["ok"] == len(hosts)
    assert [r["domain"] for r in lines(tmp_path / "ray.jsonl")] == hosts
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    with sqlite3.connect(tmp_path / "ray.db") as connection:
        stored = [row[0] for row in connection.execute("SELECT domain FROM accounts")]
    assert sorted(stored) == hosts


def stored_domains(db: Path) -> set[str]:
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return {row[0] for row in connection.execute("SELECT domain FROM accounts")}
    except sqlite3.OperationalError:
        return set()


def test_a_killed_ray_driver_resumes_from_the_store(tmp_path, ray_address):
    local_bytes, _, _ = sample_run(tmp_path, "local")
    db, out = tmp_path / "ray.db", tmp_path / "ray.jsonl"
    command = [
        str(Path(sys.executable).with_name("icp")), "enrich", str(SAMPLE / "accounts.csv"),
        *SAMPLE_FLAGS, "--db", str(db), "--out", str(out), "--quiet",
        "--ray", ray_address, "--ray-chunk", "1", "--concurrency", "1",
    ]  # fmt: skip
    driver = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(stored_domains(db)) < 3 and time.monotonic() < deadline:
        assert driver.poll() is None, driver.stderr.read().decode() if driver.stderr else ""
        time.sleep(0.05)
    driver.send_signal(signal.SIGKILL)
    driver.wait(timeout=10)
    done_before = stored_domains(db)
    assert 3 <= len(done_before) < 15
    # the rerun in this process (joined to the same cluster): no second interpreter to start
    rerun = CliRunner().invoke(cli, [*command[1:-4], "--ray-chunk", "2", "--concurrency", "4"])
    assert rerun.exit_code == 0, rerun.output
    # equal as JSON: records reused from the store come back with their keys sorted, in a
    # resumed local batch too
    assert [json.loads(line) for line in out.read_bytes().splitlines()] == [
        json.loads(line) for line in local_bytes.splitlines()
    ]
    assert len(stored_domains(db)) == 15


def test_a_local_batch_never_imports_ray(tmp_path):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\npipewright.io\n")
    probe = (
        "import sys\nfrom agent.cli import cli\n"
        "try:\n    cli.main(sys.argv[1:], prog_name='icp')\nexcept SystemExit:\n    pass\n"
        "print('RAY=' + str('ray' in sys.modules), file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, "enrich", str(accounts), *SAMPLE_FLAGS, "--quiet",
         "--workers", "0", "--db", str(tmp_path / "icp.db"), "--out", str(tmp_path / "o.jsonl")],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert "RAY=False" in run.stderr, run.stderr
    assert json.loads((tmp_path / "o.jsonl").read_text())["status"] == "ok"


class CountingModel:
    """Answer every LLM request with empty findings after a pause; count requests open at once."""

    EMPTY = {"research_firmographics": {"facts": []}, "answer_specialized": {"answers": []}}

    def __init__(self, pause: float = 0.2):
        self.pause = pause
        self.open_now = self.most_open = self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, body):
        with self.lock:
            self.calls += 1
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)
        time.sleep(self.pause)
        with self.lock:
            self.open_now -= 1
        name = body["response_format"]["json_schema"]["name"]
        return Reply.json(self.EMPTY.get(name, {}), usage=(100, 10))


def test_llm_requests_in_flight_are_bounded_for_the_whole_cluster(tmp_path, ray_address):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("".join((SAMPLE / "accounts.csv").read_text().splitlines(True)[:7]))
    model = CountingModel()
    with LLMTestServer(responder=model) as server:
        outputs = {}
        for name, ray in (("local", None), ("ray", ray_address)):
            settings = Settings.load({
                "db": tmp_path / f"{name}.db", "out": tmp_path / f"{name}.jsonl",
                "icp": (SAMPLE / "icp.toml",), "replay": SAMPLE / "sample.warc.gz",
                "workers": 0, "ray": ray, "ray_chunk": 1,
            }, environ={"OPENAI_BASE_URL": server.url, "ICP_LLM_CONCURRENCY": "1"})  # fmt: skip
            before = model.calls
            summary = run_enrich(accounts, settings)
            outputs[name] = (tmp_path / f"{name}.jsonl").read_bytes()
        assert len(summary.ray_workers) == 2
        assert model.calls - before >= 6  # the LLM step ran for the accounts, on both workers
        assert model.most_open == 1  # ICP_LLM_CONCURRENCY=1 held across both workers
        # the workers' usage reaches the run's ledger on the driver
        assert summary.llm_ledger.total().calls == model.calls - before
        assert summary.llm_ledger.total().prompt_tokens == 100 * (model.calls - before)
    assert outputs["ray"] == outputs["local"]


@pytest.mark.parametrize(("flags", "message"), [
    (["--ray", "127.0.0.1:1"], "Error: --ray 127.0.0.1:1: cannot reach the Ray cluster: "),
    (["--ray", "nonsense"], "Error: --ray nonsense: not an address (HOST:PORT, auto or local)"),
    (["--ray", "local", "--record", "r.warc.gz"], "Error: --record cannot be used with --ray: "),
])  # fmt: skip
def test_ray_configuration_errors_are_one_line(tmp_path, flags, message):
    pytest.importorskip("ray")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n")
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--quiet", "--no-llm", *flags])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(message)
