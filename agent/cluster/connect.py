"""Joining a Ray cluster for one batch (`--ray ADDRESS|auto|local`), and the install hint."""

from __future__ import annotations

import importlib.util
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from agent.errors import ConfigError

INSTALL_HINT = '--ray needs Ray, which is not installed: pip install "icp-agent[ray]"'


def require_ray() -> None:
    """Raise a one-line `ConfigError` saying how to install Ray when it is missing."""
    if importlib.util.find_spec("ray") is None:
        raise ConfigError(INSTALL_HINT)


@contextmanager
def joined(address: str) -> Iterator[None]:
    """Join the cluster at `address` (`auto`: the one on this machine; `local`: start one).

    A process already connected (a test session, a notebook) keeps its connection; a
    connection made here is closed at the end, and a `local` cluster stops with it.
    """
    require_ray()
    import ray

    if address not in ("auto", "local"):
        _check_reachable(address)
    if ray.is_initialized():
        yield
        return
    quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
    try:
        if address == "local":
            ray.init(include_dashboard=False, **quiet)  # type: ignore[arg-type]
        else:
            ray.init(address=address, **quiet)  # type: ignore[arg-type]
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"--ray {address}: cannot join the Ray cluster: {exc}") from None
    try:
        yield
    finally:
        ray.shutdown()


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail at once on an address nothing listens on (Ray itself would retry for minutes)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"--ray {address}: not an address (HOST:PORT, auto or local)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ConfigError(f"--ray {address}: cannot reach the Ray cluster: {exc}") from None
