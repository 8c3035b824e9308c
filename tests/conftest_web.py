"""The `web_server` fixture: a scripted HTTP server on 127.0.0.1 (see tests/webserver.py).

Use it from a test module with `from conftest_web import web_server  # noqa: F401`, or make it
global by adding `pytest_plugins = ["conftest_web"]` to tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webserver import WebServer


@pytest.fixture
def web_server() -> Iterator[WebServer]:
    """Start a scripted web server for one test; stop it afterwards."""
    with WebServer() as server:
        yield server
