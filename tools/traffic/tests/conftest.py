"""Shared fixtures: the small scenario, and a fake hub running in a thread of its own."""
import asyncio
import dataclasses
import sys
import threading
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

import scenarios  # noqa: E402


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("traffic-build")


@pytest.fixture(scope="session")
def small(build_dir):
    """The small scenario (3 x 3 moderate, seed 1), cut to its first 200 s for the protocol tests."""
    scn = scenarios.build_all(build_dir, small=True)[0]
    return dataclasses.replace(scn, end=200)


class HubThread:
    def __init__(self, hub):
        self.hub = hub
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.hub.start())
        self.ready.set()
        self.loop.run_forever()

    def __enter__(self):
        self.thread.start()
        assert self.ready.wait(10)
        return self.hub

    def __exit__(self, *exc):
        fut = asyncio.run_coroutine_threadsafe(self.hub.stop(), self.loop)
        fut.result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def hub_thread():
    return HubThread
