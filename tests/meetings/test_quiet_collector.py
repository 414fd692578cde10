"""The server keeps Python's cyclic collector out of open votes (its full collections
took 110–240 ms with a chamber's sockets open), and always turns it back on."""

import asyncio
import gc

import pytest

from majlis.meetings import live


@pytest.fixture(autouse=True)
def collector_back_on():
    yield
    gc.enable()


def run(scenario) -> None:
    """On a loop of its own thread: a browser test earlier in this worker may have left
    Playwright's loop running on the main thread."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()


def test_off_while_any_poll_is_open_and_back_on_when_the_last_closes():
    async def scenario():
        quiet = live.QuietCollector(enabled=True)
        quiet.voting(1, True)
        assert not gc.isenabled()
        quiet.voting(2, True)
        quiet.voting(1, False)
        assert not gc.isenabled()  # meeting 2 is still voting
        quiet.voting(2, False)
        assert gc.isenabled()

    run(scenario)


def test_back_on_after_the_time_limit_even_if_the_poll_stays_open():
    async def scenario():
        quiet = live.QuietCollector(enabled=True)
        quiet.MAX_SECONDS = 0.05
        quiet.voting(1, True)
        assert not gc.isenabled()
        await asyncio.sleep(0.2)
        assert gc.isenabled()
        quiet.voting(1, True)  # the same poll's next push does not switch it off again
        assert gc.isenabled()
        quiet.voting(1, False)
        quiet.voting(1, True)  # the next poll does
        assert not gc.isenabled()

    run(scenario)


def test_only_a_server_that_enabled_it_touches_the_collector():
    async def scenario():
        live.quiet_collector.voting(1, True)  # this process's own: not `majlis serve`
        assert gc.isenabled()
        live.quiet_collector.voting(1, False)

    run(scenario)
