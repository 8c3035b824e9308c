"""ChunkDispatcher: accounts gathered into chunks, each answer handed to its own account once."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("ray", reason='Ray is not installed (pip install ".[test]")')

from agent.accounts import AccountRow  # noqa: E402
from agent.cluster.driver import ChunkDispatcher  # noqa: E402
from agent.cluster.relay import AccountJob, Researched  # noqa: E402
from agent.cluster.worker import ChunkAnswer  # noqa: E402
from agent.models import AccountResult  # noqa: E402


def job(row: int) -> AccountJob:
    domain = f"co{row}.test"
    return AccountJob(AccountRow(row=row, raw=domain, domain=domain))


def answer(row: int) -> Researched:
    return Researched(row, AccountResult(domain=f"co{row}.test"), None)


def run(rows: list[int], chunk: int, reply):
    """Research `rows` through a dispatcher whose tasks `reply(jobs)` answers; log the chunks."""
    chunks: list[list[int]] = []

    async def main():
        async def task(jobs: list[AccountJob]) -> ChunkAnswer:
            await asyncio.sleep(0)
            return reply(jobs)

        def submit(jobs: list[AccountJob]):
            chunks.append([j.row.row for j in jobs])
            return task(jobs)

        dispatcher = ChunkDispatcher(submit, chunk)
        results = await asyncio.gather(*(dispatcher.research(job(row)) for row in rows),
                                       return_exceptions=True)  # fmt: skip
        return results

    return asyncio.run(main()), chunks


def test_accounts_due_together_travel_in_chunks_and_get_their_own_answers():
    results, chunks = run([2, 3, 4, 5, 6], 2, lambda jobs: ChunkAnswer(
        [answer(j.row.row) for j in reversed(jobs)], "node:1"))  # fmt: skip
    assert chunks == [[2, 3], [4, 5], [6]]
    assert [r.result.domain for r in results] == [f"co{row}.test" for row in [2, 3, 4, 5, 6]]


def test_an_answer_given_twice_counts_once_and_a_missing_one_is_an_error():
    results, _ = run([2, 3], 2, lambda jobs: ChunkAnswer([answer(2), answer(2)], "node:1"))
    assert results[0].row == 2
    assert isinstance(results[1], RuntimeError)
    assert "row 3" in str(results[1])


def test_a_task_lost_for_good_fails_each_of_its_accounts():
    def lost(jobs):
        raise OSError("worker died")

    results, _ = run([2, 3, 4], 2, lost)
    assert [type(r) for r in results] == [OSError, OSError, OSError]
