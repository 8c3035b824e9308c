"""The `web_server` fixture: a scripted HTTP server on 127.0.0.1 (see tests/webserver.py).

tests/conftest.py makes it global (`pytest_plugins = ["conftest_web"]`). Test helpers are
imported one way, by module name (`from webserver import WebServer`, `from llm_server import
Reply`): pytest puts tests/ on the path.
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
