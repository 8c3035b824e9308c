"""`icp serve`: the lead-scoring HTTP API (needs the `serve` extra)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from agent.commands.leads import default_icp
from agent.commands.options import ExistingFile, PathType, db_option
from agent.errors import ConfigError
from agent.icp import load_icp
from agent.settings import Settings
from store.db import Store


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@db_option
@click.option(
    "--icp", "icp_path", type=ExistingFile, help="ICP file with [[personas]] (default ./icp.toml)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--queue-file", type=PathType,
              help="Queue unknown accounts in this CSV (on ?queue_unknown=true).")  # fmt: skip
def serve_command(
    db: Path, icp_path: Path | None, host: str, port: int, queue_file: Path | None
) -> None:
    r"""Serve lead scoring over HTTP for CRM workflows and form webhooks.

    POST /v1/leads/score scores one contact, GET /v1/accounts/{domain} returns a stored
    account, GET /healthz says it is up; the OpenAPI schema is at /openapi.json (docs at
    /docs). Every /v1/ call needs `Authorization: Bearer $ICP_API_TOKEN`; the server will not
    start without that variable. Nothing is researched on the request path.

    Examples:
        ICP_API_TOKEN=s3cret icp serve --db icp.db --icp icp.toml

        curl -s -H "Authorization: Bearer s3cret" -d '{"email": "dana@pipewright.io"}' \
          http://127.0.0.1:8080/v1/leads/score
    """
    token = Settings.load().api_token
    if not token:
        raise ConfigError("set ICP_API_TOKEN to the bearer token clients must send; not starting")
    try:
        import uvicorn

        from agent.api.app import create_app
    except ImportError:
        raise ConfigError(
            "icp serve needs FastAPI and uvicorn: pip install 'icp-agent[serve]'"
        ) from None
    icp = load_icp(default_icp(icp_path))
    Store(db, must_exist=True).close()
    if not _loopback(host):
        click.echo(f"warning: listening on {host}, reachable beyond this machine", err=True)
    click.echo(f"icp serve: {db} with ICP {icp.name!r} on http://{host}:{port}", err=True)
    uvicorn.run(create_app(db, icp, token, queue_file), host=host, port=port, log_level="warning")
