"""Research on a Ray cluster: the driver streams accounts to workers running the same graph.

    driver.py   `enrich_on_ray`: the local batch loop, whose research step sends chunks of
                accounts to Ray tasks and stores what comes back (store and results file are
                written by the driver alone, in input order)
    worker.py   the Ray task: one chunk of accounts through `agent.batch.research_account`
    relay.py    what travels between them (jobs, answers) and the stand-ins a worker's graph
                uses for the driver's store and interview notes
    gates.py    host-sharded `HostLeases` actors: per-host limits, robots.txt and the LLM's
                requests in flight, for the whole cluster
    connect.py  joining a cluster (`--ray ADDRESS|auto|local`), and the install hint

Nothing here is imported unless `--ray` is given; only these modules import `ray`.
"""
