import asyncio
import contextvars
import gc
import weakref

from tools.web.archive import ReplayTransport, WarcArchive, WarcRecorder
from tools.web.fetcher import Fetcher, HttpSettings

LOCAL = HttpSettings(allow_private_network=True, per_host_delay=0, retries=0)
RUN = contextvars.ContextVar("run")


class AccountRun:
    """Stands for one account's graph run (its state, pages and all)."""


def test_robots_kept_for_the_batch_do_not_keep_the_first_accounts_run(tmp_path):
    # the robots.txt task of a host lives as long as the batch; it used to copy the context
    # of the account that asked first, keeping that whole run alive (~4 MB per host)
    path = tmp_path / "a.warc.gz"
    recorder = WarcRecorder(path)
    recorder.write_response("https://example.com/", 200, [("Content-Type", "text/html")], b"hi")
    recorder.close()
    transport = ReplayTransport(WarcArchive.load(path))

    async def run():
        async with Fetcher(LOCAL, transport=transport) as fetcher:

            async def account() -> weakref.ref:
                state = AccountRun()
                RUN.set(state)
                assert (await fetcher.get("https://example.com/")).ok
                return weakref.ref(state)

            gone = await asyncio.create_task(account())
            for _ in range(3):  # let the loop drop its own handles of the finished task
                await asyncio.sleep(0)
            gc.collect()
            return gone() is None

    assert asyncio.run(run())
