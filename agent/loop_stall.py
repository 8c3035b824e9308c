"""A heartbeat that measures how long the event loop was blocked (the longest stall)."""

from __future__ import annotations

import asyncio


class StallWatch:
    """Measure the longest delay of a periodic heartbeat beyond its interval.

    While CPU work blocks the loop, fetch timeouts and per-host delays stretch by the same
    amount; the longest stall of a batch says how exact they stayed.

    Use as `async with StallWatch() as watch: ...`, then read `watch.longest` (seconds).
    """

    def __init__(self, interval: float = 0.01):
        self.interval = interval
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> StallWatch:
        self._task = asyncio.create_task(self._beat())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)
            self.longest = max(self.longest, loop.time() - before - self.interval)
