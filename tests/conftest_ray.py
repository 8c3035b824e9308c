"""One local Ray instance (2 worker CPUs) shared by every test that asks for it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def ray_address():
    """Start Ray on this machine once per session; yield its address (GCS host:port)."""
    ray = pytest.importorskip("ray", reason='Ray is not installed (pip install ".[test]")')
    # workers import the test helpers (the loopback transport) as the driver does
    path = os.pathsep.join([str(HERE), str(HERE.parent)])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": path}})  # fmt: skip
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
