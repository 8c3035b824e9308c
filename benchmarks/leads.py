"""Lead scoring at volume: `icp leads` on many contacts, and `icp serve` latency.

Part 1 stores N synthetic accounts (scored, with a team page person each) and writes a
HubSpot-style contacts file of M contacts: work e-mails at stored accounts, free-mail
addresses with a company name, addresses at accounts not in the store, and contacts with no
company at all; titles from a fixed list of real-world shapes. It runs `run_leads` (what
`icp leads` runs) in a fresh process and prints contacts/s and that process's peak RSS, once
on a tenth of the file and once on all of it, so the effect of streaming is visible.

Part 2 starts `icp serve`'s app under uvicorn in its own process on 127.0.0.1 and sends R
requests one after another from a local client (keep-alive): lead scores at stored accounts
and account reads. It prints p50/p90/p99/max latency and the number of errors.

Nothing leaves the machine; every loop is bounded.

Usage: PYTHONPATH=. python benchmarks/leads.py [--accounts 10000] [--contacts 100000]
       [--requests 1000] [--part leads|serve|both]
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import platform
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from agent.icp import load_icp
from agent.leads.run import LeadsOptions, run_leads
from agent.models import AccountResult, Evidence, Person, Score
from store.db import Store

ICP_TOML = """
name = "bench"
[[dimensions]]
name = "fit"
weight = 1.0
  [[dimensions.criteria]]
  field = "input.fit"
  min = 50
  points = 100
[[personas]]
name = "Revenue leader"
role = "decision_maker"
titles = ["vp sales", "chief revenue officer", "head of sales", "sales director"]
seniority = ["c-level", "vp", "director"]
[[personas]]
name = "SDR leader"
role = "champion"
titles = ["head of sales development", "sales development manager"]
points = 90
[[personas]]
name = "RevOps"
role = "influencer"
departments = ["revenue_operations"]
points = 80
[[personas]]
name = "Founder"
role = "decision_maker"
titles = ["chief executive officer", "founder", "managing director"]
points = 70
[leads]
  [[leads.engagement]]
  field = "input.Number of Sessions"
  min = 3
  points = 100
"""
TITLES = [
    "VP, Sales", "Head of Sales Development (EMEA)", "CRO", "Directeur commercial",
    "Leiter Vertrieb", "VP, Revenue Operations & Enablement", "Senior Software Engineer",
    "Account Executive", "Customer Success Manager", "Co-Founder & CEO", "Data Scientist",
    "Marketing Manager", "SDR", "Sales Operations Analyst", "Geschäftsführer", "Office Manager",
]  # fmt: skip
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"]


def machine() -> str:
    """Return a one-line description of this machine."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0))
    return f"{model}, {cores} cores available, Python {platform.python_version()}"


def build_store(workdir: Path, accounts: int) -> tuple[Path, Path]:
    """Store `accounts` scored accounts; return (icp path, db path)."""
    icp = workdir / "icp.toml"
    icp.write_text(ICP_TOML, encoding="utf-8")
    db = workdir / "icp.db"
    store = Store(db)
    rng = random.Random(7)
    with store.transaction():
        for i in range(accounts):
            fit = rng.randint(0, 100)
            ceo = "Chief Executive Officer"
            team_page = Evidence(url=f"https://co{i}.test/team", quote=ceo)
            person = Person(name=f"Pat Lee{i}", title=ceo, evidence=[team_page])
            store.save_account(
                AccountResult(
                    domain=f"co{i:05d}.test",
                    input={"name": f"Company {i}", "fit": fit},
                    buying_committee=[person] if i % 3 == 0 else [],
                    score=Score(
                        icp="bench",
                        total=fit,
                        tier="Perfect Fit" if fit >= 80 else "Weak Fit",
                        route="ae" if fit >= 80 else "disqualify",
                    ),
                ),  # fmt: skip
                [],
            )
    store.close()
    return icp, db


def write_contacts(path: Path, contacts: int, accounts: int) -> None:
    """Write a HubSpot-style contacts export."""
    rng = random.Random(11)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Record ID", "First Name", "Last Name", "Email", "Job Title",
                         "Company Name", "Website URL", "Number of Sessions"])  # fmt: skip
        for i in range(contacts):
            account = rng.randrange(accounts)
            kind = rng.random()
            company, website = f"Company {account}", ""
            if kind < 0.8:
                email = f"p{i}@co{account:05d}.test"
            elif kind < 0.9:
                email = f"p{i}@{rng.choice(FREE_MAIL)}"
            elif kind < 0.95:
                email, company = f"p{i}@new{i}.example", ""
            else:
                email, company = f"p{i}@{rng.choice(FREE_MAIL)}", ""
            writer.writerow([i, "Pat", f"Lee{i}", email, rng.choice(TITLES), company, website,
                             rng.randint(0, 9)])  # fmt: skip


def _leads_child(icp: Path, db: Path, contacts: Path, out: Path, results) -> None:
    started = time.perf_counter()
    summary = run_leads(LeadsOptions(contacts=contacts, icp=icp, db=db, out=out, format="jsonl"))
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((summary.rows, wall, peak, dict(summary.routes)))


def leads_benchmark(workdir: Path, accounts: int, contacts: int) -> None:
    """Run part 1 and print its figures."""
    icp, db = workdir / "icp.toml", workdir / "icp.db"
    for count in (contacts // 10, contacts):
        path = workdir / f"contacts-{count}.csv"
        write_contacts(path, count, accounts)
        results: multiprocessing.Queue = multiprocessing.Queue()
        args = (icp, db, path, workdir / "leads.jsonl", results)
        child = multiprocessing.Process(target=_leads_child, args=args)
        child.start()
        rows, wall, peak, routes = results.get()
        child.join()
        print(f"icp leads: {rows} contacts against {accounts} stored accounts")
        print(f"  wall                {wall:.2f} s  ({rows / wall:,.0f} contacts/s)")
        print(f"  peak RSS            {peak:.0f} MB")
        print(f"  routes              {routes}")


def _serve_child(icp: Path, db: Path, port: int) -> None:
    import uvicorn

    from agent.api.app import create_app

    # bound by host and port as `icp serve` does (a pre-bound socket passed to uvicorn leaves
    # Nagle's algorithm on, which adds ~40 ms to every keep-alive response)
    app = create_app(db, load_icp(icp), "bench-token")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_benchmark(workdir: Path, accounts: int, requests: int) -> None:
    """Run part 2 and print its figures."""
    import httpx

    icp, db = workdir / "icp.toml", workdir / "icp.db"
    port = _free_port()
    server = multiprocessing.Process(target=_serve_child, args=(icp, db, port), daemon=True)
    server.start()
    rng = random.Random(3)
    latencies: list[float] = []
    errors = 0
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30,
                          headers={"Authorization": "Bearer bench-token"}) as client:  # fmt: skip
            for _ in range(600):  # wait for the server to answer
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for i in range(requests):
                account = f"co{rng.randrange(accounts):05d}.test"
                started = time.perf_counter()
                if i % 5 == 4:
                    response = client.get(f"/v1/accounts/{account}")
                else:
                    response = client.post("/v1/leads/score", json={
                        "email": f"p{i}@{account}", "title": rng.choice(TITLES),
                        "Number of Sessions": rng.randint(0, 9)})  # fmt: skip
                latencies.append((time.perf_counter() - started) * 1000)
                errors += response.status_code != 200
    finally:
        server.terminate()
        server.join(timeout=10)
    print(f"icp serve: {requests} sequential requests (4/5 lead scores, 1/5 account reads), "
          f"stored accounts; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("  over HTTP           " + _percentiles(latencies) + f"; errors {errors}")
    print("  scoring alone       " + _percentiles(_in_process(icp, db, accounts, requests)))


def _percentiles(latencies: list[float]) -> str:
    cuts = statistics.quantiles(sorted(latencies), n=100)
    return (f"p50 {cuts[49]:.2f} ms  p90 {cuts[89]:.2f} ms  p99 {cuts[98]:.2f} ms  "
            f"max {max(latencies):.2f} ms")  # fmt: skip


def _in_process(icp: Path, db: Path, accounts: int, requests: int) -> list[float]:
    """Time the same request mix without HTTP: what the server's own code costs."""
    from agent.api.lookups import StoreLookups

    lookups = StoreLookups(db, load_icp(icp))
    rng = random.Random(5)
    latencies = []
    for i in range(requests):
        account = f"co{rng.randrange(accounts):05d}.test"
        started = time.perf_counter()
        if i % 5 == 4:
            json.dumps(lookups.account(account))
        else:
            json.dumps(lookups.score({"email": f"p{i}@{account}", "title": rng.choice(TITLES),
                                      "Number of Sessions": rng.randint(0, 9)}))  # fmt: skip
        latencies.append((time.perf_counter() - started) * 1000)
    lookups.close()
    return latencies


def main() -> None:
    """Parse the arguments and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1_000)
    parser.add_argument("--part", choices=("leads", "serve", "both"), default="both")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        build_store(workdir, args.accounts)
        if args.part in ("leads", "both"):
            leads_benchmark(workdir, args.accounts, args.contacts)
        if args.part in ("serve", "both"):
            serve_benchmark(workdir, args.accounts, args.requests)


if __name__ == "__main__":
    main()
