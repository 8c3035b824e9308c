"""The same synthetic batch locally and on a local 2-node Ray cluster: throughput, same results.

N generated company sites (distinct hosts, one local server on 127.0.0.1 in its own process,
a fixed latency per response) are enriched twice with the real batch code: once by the local
batch (one process, asyncio, its worker pool) and once with `--ray` on a Ray cluster of two
nodes started on this machine (`ray.cluster_utils.Cluster`: a head and a worker node, one CPU
each, as `ray start --head` and `ray start --address` would). It prints both wall times and
throughputs, which Ray worker processes on how many nodes researched, and whether the two
results files are byte-identical.

On one machine the cluster cannot be faster than the local batch: the same cores run the same
work, plus Ray's task and actor round trips (four per request, for the cluster-wide per-host
manners). What the figures show is that overhead; the throughput gain comes from adding
machines (see docs/scale-out.md).

Usage: PYTHONPATH=.:tests python benchmarks/ray_batch.py [--accounts 200] [--latency 0.05]
       [--concurrency 16]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))

from politeness_server import LoopbackFactory  # noqa: E402
from sites_server import SitesServer  # noqa: E402

from agent.batch import run_enrich  # noqa: E402
from agent.settings import Settings  # noqa: E402
from tools.web.fetcher import HttpSettings  # noqa: E402


def _serve(latency: float, ports: multiprocessing.Queue) -> None:
    with SitesServer(latency=latency) as server:
        ports.put(server.port)
        while True:
            time.sleep(3600)


def run(name: str, accounts: Path, workdir: Path, port: int, concurrency: int, **ray: object):
    """Enrich the accounts once; return (summary, wall seconds)."""
    http = HttpSettings(allow_private_network=True, per_host_delay=0.0)
    settings = Settings.load({"db": workdir / f"{name}.db", "out": workdir / f"{name}.jsonl",
                              "concurrency": concurrency, "no_llm": True, **ray})  # fmt: skip
    started = time.perf_counter()
    if settings.ray is None:
        summary = run_enrich(accounts, settings, transport=LoopbackFactory(port)(), http=http)
    else:
        summary = run_enrich(accounts, settings, worker_transport=LoopbackFactory(port),
                             http=http)  # fmt: skip
    return summary, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    import ray
    from ray.cluster_utils import Cluster

    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(args.latency, ports), daemon=True)
    server.start()
    cluster = None
    try:
        port = ports.get(timeout=30)
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            accounts = workdir / "accounts.csv"
            accounts.write_text("domain,owner\n" + "".join(
                f"co{i:05d}.test,rep{i % 7}\n" for i in range(args.accounts)
            ))  # fmt: skip
            local, local_wall = run("local", accounts, workdir, port, args.concurrency)
            started = time.perf_counter()
            cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
            cluster.add_node(num_cpus=1)
            cluster.wait_for_nodes()
            path = os.pathsep.join([str(HERE / "tests"), str(HERE)])
            ray.init(address=cluster.address, log_to_driver=False,
                     runtime_env={"env_vars": {"PYTHONPATH": path}})  # fmt: skip
            start_up = time.perf_counter() - started
            on_ray, ray_wall = run("ray", accounts, workdir, port, args.concurrency,
                                   ray=cluster.address)  # fmt: skip
            nodes = {worker.rsplit(":", 1)[0] for worker in on_ray.ray_workers}
            same = (workdir / "ray.jsonl").read_bytes() == (workdir / "local.jsonl").read_bytes()
    finally:
        if cluster is not None:
            ray.shutdown()
            cluster.shutdown()
        server.terminate()
        server.join(timeout=10)
    print(f"{args.accounts} accounts, latency {args.latency * 1000:.0f} ms per response, "
          f"--concurrency {args.concurrency}, {local.requests} requests")
    print(f"  local batch        {local_wall:6.2f} s  {args.accounts / local_wall:6.1f} accounts/s"
          f"  {dict(local.counts)}")
    print(f"  Ray, 2 nodes       {ray_wall:6.2f} s  {args.accounts / ray_wall:6.1f} accounts/s"
          f"  {dict(on_ray.counts)}; {len(on_ray.ray_workers)} worker processes on "
          f"{len(nodes)} nodes; cluster start-up {start_up:.1f} s (not counted)")
    print(f"  results identical  {'yes' if same else 'NO'} (results.jsonl byte for byte)")


if __name__ == "__main__":
    main()
