"""`--ca-bundle` / ICP_CA_BUNDLE: extra CA certificates are trusted only when asked for."""

import asyncio
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tools.web.fetcher import Fetcher, HttpSettings

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = b"<html><body>hello</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tls_server(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext",
         "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], cert
    server.shutdown()
    server.server_close()


async def _localhost(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def _get(url: str, settings: HttpSettings):
    async def run():
        async with Fetcher(settings, resolver=_localhost) as fetcher:
            return await fetcher.get(url, robots=False)

    return asyncio.run(run())


def test_ca_bundle_trusts_the_given_ca_only_when_set(tls_server):
    port, cert = tls_server
    url = f"https://localhost:{port}/"
    trusted = _get(url, HttpSettings(allow_private_network=True, ca_bundle=str(cert)))
    assert (trusted.status, trusted.error, trusted.text) == (
        200, None, "<html><body>hello</body></html>"
    )  # fmt: skip
    default = _get(url, HttpSettings(allow_private_network=True, retries=0))
    assert default.status is None
    assert default.error == "network"
    assert "CERTIFICATE_VERIFY_FAILED" in (default.detail or "")


def test_enrich_manners_flags_and_env_reach_the_fetcher(tmp_path, monkeypatch, tls_server):
    from click.testing import CliRunner

    import agent.batch as batch_module
    from agent.batch import BatchSummary
    from agent.cli import cli
    from agent.wiring import build_context

    _, cert = tls_server
    seen = {}

    def fake_run(accounts, settings, **kwargs):
        async def fetcher_settings():
            async with build_context(settings) as context:
                return context.http.settings

        seen["settings"] = asyncio.run(fetcher_settings())
        seen["concurrency"] = settings.concurrency
        return BatchSummary(run_id=1)

    monkeypatch.setattr(batch_module, "run_enrich", fake_run)  # imported when the command runs
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n")
    monkeypatch.setenv("ICP_PER_HOST_DELAY", "2.5")
    monkeypatch.setenv("ICP_CA_BUNDLE", str(cert))
    args = ["enrich", str(accounts), "--db", str(tmp_path / "icp.db"), "-q"]
    result = CliRunner().invoke(cli, [*args, "--per-host-concurrency", "1"])
    assert result.exit_code == 0, result.output
    settings = seen["settings"]
    assert (settings.per_host_delay, settings.per_host_concurrency, settings.ca_bundle) == (
        2.5, 1, str(cert)
    )  # fmt: skip
    assert seen["concurrency"] == 64
    result = CliRunner().invoke(cli, [*args, "--per-host-delay", "1", "--concurrency", "3"])
    assert result.exit_code == 0, result.output
    assert seen["settings"].per_host_delay == 1.0  # the flag beats the environment
    assert seen["concurrency"] == 3
    monkeypatch.delenv("ICP_PER_HOST_DELAY")
    monkeypatch.delenv("ICP_CA_BUNDLE")
    CliRunner().invoke(cli, args)
    defaults = seen["settings"]
    assert (defaults.per_host_delay, defaults.per_host_concurrency, defaults.ca_bundle) == (
        0.5, 2, None
    )  # fmt: skip
