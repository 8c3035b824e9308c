"""Peer benchmark: `icp enrich` against Scrapy on the same realistic loopback site farm.

The farm (`benchmarks/peer_farm.py`) serves N company sites built from real saved pages over
TLS on 127.0.0.1:443 with 100 ms added to every response; its host names go into /etc/hosts
for the run (removed after), so both clients resolve them through the system resolver. Both use
the same manners: robots.txt, 2 requests per host, 16 overall, 0.5 s between requests to a host.

Each round runs `icp enrich --no-llm` (the CLI, as a user runs it, with its default concurrency,
trusting the farm's CA through `--ca-bundle` and `--allow-private-network`), then Scrapy
(`benchmarks/peer_spider.py`) over exactly the URLs icp requested, extracting title, links,
script srcs and JSON-LD. Rounds alternate icp/Scrapy; figures are medians of the rounds. CPU
counts every process of a client (worker pools included); peak memory is the largest sum of
the PSS of a client's processes (shared pages counted once).

Needs root (port 443, /etc/hosts), Scrapy (`pip install -e ".[bench]"`) and ../shared/realdata;
skips with a message otherwise.

Usage: python benchmarks/peer_scrapy.py [--accounts 50] [--rounds 3] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from itertools import zip_longest
from pathlib import Path

import peer_farm

ROOT = Path(__file__).resolve().parents[1]


def _tree(pid: int) -> list[int]:
    """Return `pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def measure(command: list[str], log: Path, env: dict[str, str] | None = None) -> dict:
    """Run `command`; return wall s, CPU s (all its processes) and peak memory (PSS sum, MB)."""
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, _pss_mb(_tree(process.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[2:4]} failed ({process.returncode}); see {log}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": peak}


def _requests(log_path: Path, client: str) -> list[tuple[str, str, str]]:
    rows = [line.split() for line in log_path.read_text().splitlines()]
    return [(row[1], row[2], row[3]) for row in rows if len(row) == 4 and row[0] == client]


def _url_set(requests: list[tuple[str, str, str]]) -> list[str]:
    """Return the unique non-robots URLs icp requested, interleaved across hosts."""
    by_host: dict[str, list[str]] = {}
    for host, path, _ in requests:
        url = f"https://{host}{path}"
        if path != "/robots.txt" and url not in by_host.setdefault(host, []):
            by_host[host].append(url)
    return [url for row in zip_longest(*by_host.values()) for url in row if url]


def run_icp(folder: Path, round_index: int, icp_args: list[str]) -> dict:
    """Run `icp enrich` over the farm; return its figures."""
    work = folder / f"icp{round_index}"
    work.mkdir()
    (folder / "requests.log").write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ICP_"))}
    command = [
        sys.executable,
        "-m",
        "agent",
        "enrich",
        str(folder / "accounts.csv"),
        "--db",
        str(work / "icp.db"),
        "--out",
        str(work / "results.jsonl"),
        "--no-llm",
        "--allow-private-network",
        "--ca-bundle",
        str(folder / "ca.pem"),
        *icp_args,
    ]
    figures = measure(command, work / "stderr.txt", env)
    requests = _requests(folder / "requests.log", "icp")
    counts = Counter((host, path) for host, path, _ in requests)
    results = [json.loads(line) for line in (work / "results.jsonl").read_text().splitlines()]
    stderr = (work / "stderr.txt").read_text()
    stall = next(
        (line.split()[-2] for line in stderr.splitlines() if "longest event-loop stall" in line),
        "?",
    )
    # a request sent again after a timeout or network error is a retry, not a duplicate
    retried = re.search(r"(\d+) retried", stderr)
    figures.update(
        requests=len(requests),
        duplicates=sum(n - 1 for n in counts.values()),
        retries=int(retried.group(1)) if retried else 0,
        urls=_url_set(requests),
        ok=sum(r["status"] == "ok" for r in results),
        timeouts=sum("timeout" in json.dumps([r.get("error"), r.get("notes")]) for r in results),
        stall_ms=float(stall) if stall != "?" else float("nan"),
    )
    return figures


def run_scrapy(folder: Path, round_index: int, urls: list[str]) -> dict:
    """Run the Scrapy spider over `urls`; return its figures."""
    (folder / "requests.log").write_text("")
    url_file = folder / f"urls{round_index}.txt"
    url_file.write_text("\n".join(urls) + "\n")
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "peer_spider.py"),
        str(url_file),
        str(folder / f"scrapy{round_index}.jsonl"),
    ]
    figures = measure(command, folder / f"scrapy{round_index}.log")
    figures["requests"] = len(_requests(folder / "requests.log", "peer"))
    return figures


def main() -> None:
    """Start the farm, alternate icp and Scrapy rounds, print the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument(
        "--icp-arg",
        action="append",
        default=[],
        help="extra argument for icp enrich, e.g. --icp-arg=--concurrency=8",
    )
    args = parser.parse_args()
    if not peer_farm.available():
        print(f"skipped: real pages not found under {peer_farm.REALDATA}")
        return
    if os.geteuid() != 0:
        print("skipped: needs root (port 443 and /etc/hosts entries for the farm)")
        return
    try:
        import cryptography  # noqa: F401
        import scrapy  # noqa: F401
    except ImportError:
        print('skipped: Scrapy is not installed (pip install -e ".[bench]")')
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="icp-peer-") as tmp:
        folder = Path(tmp)
        farm = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("peer_farm.py")),
                str(args.accounts),
                str(args.latency),
                str(folder),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            if (farm.stdout.readline() if farm.stdout else "").strip() != "ready":
                raise SystemExit("the site farm did not start (is port 443 free?)")
            peer_farm.add_hosts((folder / "hosts.txt").read_text().split())
            icp_runs, scrapy_runs = [], []
            for index in range(args.rounds):
                icp = run_icp(folder, index, args.icp_arg)
                peer = run_scrapy(folder, index, icp["urls"])
                icp_runs.append(icp)
                scrapy_runs.append(peer)
                print(
                    f"round {index + 1}: icp {icp['wall']:.1f} s wall, {icp['cpu']:.1f} s CPU, "
                    f"{icp['rss']:.0f} MB, {icp['requests']} requests, {icp['ok']} ok, "
                    f"stall {icp['stall_ms']:.0f} ms, {icp['timeouts']} timeouts, "
                    f"{icp['duplicates']} duplicates ({icp['retries']} retries) | "
                    f"Scrapy {peer['wall']:.1f} s wall, {peer['cpu']:.1f} s CPU, "
                    f"{peer['rss']:.0f} MB, {peer['requests']} requests",
                    flush=True,
                )
        finally:
            peer_farm.remove_hosts()
            farm.terminate()
            farm.wait(timeout=10)

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    icp_wall, peer_wall = median(icp_runs, "wall"), median(scrapy_runs, "wall")
    print(
        f"peer_scrapy: {args.accounts} accounts, {median(icp_runs, 'requests'):.0f} requests | "
        f"icp wall {icp_wall:.1f} s, Scrapy wall {peer_wall:.1f} s, "
        f"ratio {icp_wall / peer_wall:.2f} | "
        f"icp CPU {median(icp_runs, 'cpu') / args.accounts:.3f} s/account | "
        f"peak RSS (PSS sum) icp {median(icp_runs, 'rss'):.0f} MB, "
        f"Scrapy {median(scrapy_runs, 'rss'):.0f} MB | "
        f"duplicates {max(r['duplicates'] for r in icp_runs)} "
        f"(of them retries after an error: {max(r['retries'] for r in icp_runs)}), "
        f"timeouts {max(r['timeouts'] for r in icp_runs)}, "
        f"longest event-loop stall {max(r['stall_ms'] for r in icp_runs):.0f} ms "
        f"(medians of {args.rounds} alternating rounds)"
    )


if __name__ == "__main__":
    main()
