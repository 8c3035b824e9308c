import asyncio
import gc
import platform
import time

from agent.allocator import _libc, release_memory, tune_allocator
from agent.worker_pool import BACKLOG_PER_WORKER, WorkerPool
from tools.web.result import FetchResult


def test_started_pool_leaves_loaded_objects_frozen():
    pool = WorkerPool(1)
    try:
        pool.start()
        # frozen before the fork: no collection in a worker writes to the inherited pages
        assert gc.get_freeze_count() > 0
        assert asyncio.run(pool.run(len, "abc")) == 3  # each job ends with release_memory
    finally:
        pool.close()
        gc.unfreeze()


def test_allocator_settings_apply_on_glibc_and_are_harmless_elsewhere():
    tune_allocator()
    release_memory()
    assert (_libc() is not None) == (platform.libc_ver()[0] == "glibc")


def test_pool_parses_in_a_worker_and_returns_the_page_packed():
    body = "<html><head><title>Acme</title></head><body><p>Café ☕</p></body></html>"
    result = FetchResult(
        url="https://acme.test/",
        final_url="https://acme.test/",
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        content=body.encode("utf-8"),
    )
    pool = WorkerPool(1)
    pool.start()
    try:
        page = asyncio.run(pool.parse(result))
    finally:
        pool.close()
        gc.unfreeze()
    assert page is not None and page.title == "Acme" and page.text == "Café ☕"
    assert "_packed" in page.__dict__ and page.source == body


def test_admit_waits_until_the_workers_backlog_is_short():
    pool = WorkerPool(1)
    pool.start()

    async def go():
        finished = []

        async def job(index):
            await pool.run(time.sleep, 0.05)
            finished.append(index)

        jobs = [asyncio.ensure_future(job(i)) for i in range(3 * BACKLOG_PER_WORKER)]
        await asyncio.sleep(0)  # every job submitted
        await pool.admit()
        admitted_after = len(finished)
        await asyncio.gather(*jobs)
        return admitted_after

    try:
        admitted_after = asyncio.run(go())
    finally:
        pool.close()
        gc.unfreeze()
    # no new account starts while more than BACKLOG_PER_WORKER jobs wait per worker
    assert admitted_after >= 2 * BACKLOG_PER_WORKER


def test_a_packed_fetch_result_keeps_its_body_and_hash():
    body = "<p>Café ☕</p>".encode() * 500
    result = FetchResult(url="https://a.test/", final_url="https://a.test/", status=200,
                         headers={"content-type": "text/html"}, content=body)  # fmt: skip
    digest = result.content_hash
    result.pack()
    assert "_content" not in result.__dict__ and len(result.__dict__["_packed"]) < len(body) / 10
    assert result.content == body and result.content_hash == digest
    assert result.text == body.decode()
    result.content = b"other"  # a new body, a new hash
    assert result.content_hash != digest
