"""Batch throughput against the politeness bound, memory, warm reruns, and re-scoring speed.

Part 1 serves N generated company sites (distinct host names) from one local server on
127.0.0.1 with a fixed latency per response, and runs `icp enrich` over them (the real batch
code path: graph, fetcher, store, results file). It prints requests, wall time, the politeness
bound = requests × latency ÷ effective concurrency (effective concurrency = min(global limit,
accounts in flight × per-host limit)), their ratio, peak RSS, and a warm rerun's requests and
time (finished accounts come from the store: no request at all).

Part 2 stores M synthetic accounts and times `rescore` (what `icp score` runs): accounts/s.

Nothing leaves the machine; every loop is bounded.

Usage: PYTHONPATH=.:tests python benchmarks/batch.py [--accounts 1000] [--latency 0.05]
       [--concurrency 16] [--rescore 100000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from sites_server import SitesServer  # noqa: E402
from webserver import LoopbackTransport  # noqa: E402

from agent.batch import run_enrich  # noqa: E402
from agent.icp import parse_icp  # noqa: E402
from agent.models import AccountResult, Evidence, Field  # noqa: E402
from agent.rescoring import iter_rescored  # noqa: E402
from agent.settings import Settings  # noqa: E402
from store.db import Store  # noqa: E402
from tools.web.fetcher import HttpSettings  # noqa: E402

ICP = {
    "name": "bench",
    "dimensions": [
        {"name": "firmographics", "weight": 0.6, "criteria": [
            {"field": "firmographics.employee_count", "range": [50, 1000], "points": 60},
            {"field": "firmographics.founded_year", "min": 2005, "points": 40}]},
        {"name": "technographics", "weight": 0.4, "criteria": [
            {"technology": "HubSpot", "points": 50}, {"technology": "Salesforce", "points": 50}]},
    ],
}  # fmt: skip


class _Port:
    """What LoopbackTransport needs of a server: its port."""

    def __init__(self, port: int):
        self.port = port


def _serve(latency: float, ports: multiprocessing.Queue) -> None:
    with SitesServer(latency=latency) as server:
        ports.put(server.port)
        while True:
            time.sleep(3600)


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def enrich_benchmark(accounts: int, latency: float, concurrency: int, workdir: Path) -> None:
    """Run part 1 and print its figures."""
    csv_path = workdir / "accounts.csv"
    csv_path.write_text(
        "domain,owner\n" + "".join(f"co{i:05d}.test,rep{i % 7}\n" for i in range(accounts))
    )
    icp_path = workdir / "icp.toml"
    icp_path.write_text(
        'name = "bench"\n[[dimensions]]\nname = "f"\nweight = 1.0\n'
        '[[dimensions.criteria]]\nfield = "firmographics.employee_count"\nmin = 50\npoints = 1\n'
    )
    settings = HttpSettings(allow_private_network=True, per_host_delay=0.0,
                            global_concurrency=max(16, concurrency * 2))  # fmt: skip
    options = Settings.load({"icp": (icp_path,), "db": workdir / "icp.db",
                             "out": workdir / "results.jsonl", "concurrency": concurrency,
                             "no_llm": True})  # fmt: skip
    # the server runs in its own process so that it does not compete with the batch for the GIL
    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(latency, ports), daemon=True)
    server.start()
    try:
        transport = LoopbackTransport(_Port(ports.get(timeout=30)))
        started = time.perf_counter()
        cold = run_enrich(csv_path, options, transport=transport, http=settings)
        wall = time.perf_counter() - started
        cold_requests = cold.requests
        started = time.perf_counter()
        warm = run_enrich(csv_path, options, transport=LoopbackTransport(transport.server),
                          http=settings)  # fmt: skip
        warm_wall = time.perf_counter() - started
        warm_requests = warm.requests
    finally:
        server.terminate()
        server.join(timeout=10)
    effective = min(settings.global_concurrency, concurrency * settings.per_host_concurrency)
    bound = cold_requests * latency / effective
    print(f"enrich: {accounts} accounts, latency {latency * 1000:.0f} ms, "
          f"concurrency {concurrency} accounts (effective {effective} requests in flight)")
    print(f"  requests            {cold_requests}  ({cold_requests / accounts:.1f} per account)")
    print(f"  wall                {wall:.2f} s  ({accounts / wall:.1f} accounts/s)")
    print(f"  politeness bound    {bound:.2f} s  (requests × latency ÷ effective concurrency)")
    print(f"  ratio wall/bound    {wall / bound:.2f}")
    print(f"  statuses            {dict(cold.counts)}")
    print(f"  peak RSS            {peak_rss_mb():.0f} MB")
    print(f"  warm rerun          {warm_requests} requests, {warm_wall:.2f} s "
          f"({dict(warm.counts)})")  # fmt: skip


def rescore_benchmark(count: int, workdir: Path) -> None:
    """Run part 2 and print its figures."""
    store = Store(workdir / "rescore.db")
    evidence = [Evidence(url="https://x.test/about", quote="a team of 120")]
    started = time.perf_counter()
    def rows():
        for i in range(count):
            domain = f"acct{i:06d}.test"
            result = AccountResult(domain=domain, input={"domain": domain})
            result.firmographics.employee_count = Field(value=20 + i % 2000, evidence=evidence,
                                                        confidence=0.9, method="rule")  # fmt: skip
            record = result.contract_dict()
            yield {"domain": result.domain, "record": json.dumps(record), "status": "ok",
                   "researched_at": "2026-11-01T00:00:00+00:00"}  # fmt: skip

    store.add_records(rows())
    load = time.perf_counter() - started
    icp = parse_icp(ICP)
    started = time.perf_counter()
    scored = sum(1 for _ in iter_rescored([icp], store))
    took = time.perf_counter() - started
    store.close()
    print(f"rescore: {scored} stored accounts (loaded in {load:.1f} s)")
    print(f"  icp score           {took:.2f} s  ({scored / took:,.0f} accounts/s)")
    print(f"  peak RSS            {peak_rss_mb():.0f} MB")


def main() -> None:
    """Parse arguments and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rescore", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        enrich_benchmark(args.accounts, args.latency, args.concurrency, Path(tmp))
        rescore_benchmark(args.rescore, Path(tmp))


if __name__ == "__main__":
    main()
