import asyncio
import gc
import platform

from agent.allocator import _libc, release_memory, tune_allocator
from agent.worker_pool import WorkerPool
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
