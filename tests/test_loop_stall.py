import asyncio
import time

from agent.loop_stall import StallWatch


def test_stall_watch_sees_a_blocked_loop_and_not_an_idle_one():
    async def run(block: float) -> float:
        async with StallWatch(interval=0.01) as watch:
            await asyncio.sleep(0.05)
            time.sleep(block)  # CPU work on the loop, as a parse on the loop would be
            await asyncio.sleep(0.05)
        return watch.longest

    assert run_blocked(run, 0.3) >= 0.25
    assert run_blocked(run, 0.0) < 0.25


def run_blocked(run, block):
    return asyncio.run(run(block))
