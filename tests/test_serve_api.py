from __future__ import annotations

import asyncio
import json
import sys
import threading
import time

import httpx
import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi", reason="the serve extra is not installed")
import uvicorn  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from leads_store import ICP_NAME, build_store  # noqa: E402

from agent.api.app import create_app  # noqa: E402
from agent.cli import cli  # noqa: E402
from agent.icp import load_icp  # noqa: E402
from agent.overrides import add_override  # noqa: E402
from store.db import Store  # noqa: E402

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
VP = {"Email": "dana@acme.com", "Job Title": "VP Sales", "Number of Sessions": "5"}


@pytest.fixture
def api(tmp_path):
    icp, db = build_store(tmp_path)
    app = create_app(db, load_icp(icp), TOKEN, queue_file=tmp_path / "queue.csv")
    with TestClient(app) as client:
        yield client, tmp_path


def test_healthz_needs_no_token(api):
    client, _ = api
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (
        200, {"status": "ok", "icp": ICP_NAME, "accounts": 4})  # fmt: skip


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}]
)
def test_v1_refuses_without_the_token(api, headers):
    client, _ = api
    for response in (
        client.post("/v1/leads/score", json=VP, headers=headers),
        client.get("/v1/accounts/acme.com", headers=headers),
    ):
        assert response.status_code == 401
        assert response.json() == {
            "error": "missing or wrong bearer token (Authorization: Bearer …)"
        }
        assert response.headers["www-authenticate"] == "Bearer"


def test_score_lead_answers_the_leads_jsonl_object(api):
    client, tmp_path = api
    response = client.post("/v1/leads/score", json=VP, headers=AUTH)
    assert response.status_code == 200
    line = response.json()
    assert line.pop("queued") is False
    # the same object `icp leads` writes for the same contact
    contacts = tmp_path / "one.csv"
    contacts.write_text("Email,Job Title,Number of Sessions\ndana@acme.com,VP Sales,5\n")
    out = tmp_path / "one.jsonl"
    args = ["--icp", str(tmp_path / "icp.toml"), "--db", str(tmp_path / "icp.db")]
    result = CliRunner().invoke(cli, ["leads", str(contacts), *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert line == json.loads(out.read_text())
    assert (line["route"], line["persona"]["name"]) == ("ae", "Revenue leader")


def test_score_lead_with_short_names_and_plain_text_body(api):
    client, _ = api
    body = json.dumps({"email": "owen@acme.com", "title": "Software Engineer", "company": "Acme"})
    response = client.post(
        "/v1/leads/score", content=body, headers={**AUTH, "Content-Type": "text/plain"}
    )
    line = response.json()
    assert (response.status_code, line["domain"], line["persona"], line["route"]) == (
        200, "acme.com", None, "nurture")  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ('{"email": ', 400, "malformed JSON: Expecting value: line 1 column 11 (char 10)"),
        ("", 422, "expected a JSON object of contact properties"),
        ("[1, 2]", 422, "expected a JSON object of contact properties"),
        ('{"foo": 1}', 400, "request body: line 1: no contact columns"),
    ],
)
def test_score_lead_bad_bodies_are_json_errors(api, body, status, message):
    client, _ = api
    response = client.post("/v1/leads/score", content=body, headers=AUTH)
    assert response.status_code == status
    assert response.json()["error"].startswith(message)


def test_unknown_account_is_reported_and_optionally_queued(api):
    client, tmp_path = api
    contact = {"email": "kim@newco.io", "title": "CRO"}
    line = client.post("/v1/leads/score", json=contact, headers=AUTH).json()
    assert line["account"] == {"domain": "newco.io", "known": False, "score": None, "tier": None}
    assert line["queued"] is False and not (tmp_path / "queue.csv").exists()
    for _ in range(2):
        queued = client.post("/v1/leads/score?queue_unknown=true", json=contact, headers=AUTH)
        assert queued.json()["queued"] is True
    assert (tmp_path / "queue.csv").read_text().splitlines() == ["domain", "newco.io"]
    gmail = client.post("/v1/leads/score?queue_unknown=true", json={"email": "x@gmail.com"},
                        headers=AUTH).json()  # fmt: skip
    assert (gmail["domain"], gmail["queued"]) == (None, False)


def test_get_account(api):
    client, _ = api
    acme = client.get("/v1/accounts/WWW.Acme.com", headers=AUTH)
    assert acme.status_code == 200
    assert (acme.json()["domain"], acme.json()["score"]["total"]) == ("acme.com", 90.0)
    umbrella = client.get("/v1/accounts/umbrella.com", headers=AUTH).json()
    assert umbrella["score"]["tier"] == "Perfect Fit"
    assert umbrella["score"]["override"]["reason"] == "Strategic logo for the EMEA launch"
    missing = client.get("/v1/accounts/unknown-co.com", headers=AUTH)
    assert missing.status_code == 404
    expected = "unknown account unknown-co.com: not in the store (icp enrich)"
    assert missing.json() == {"error": expected}
    bad = client.get("/v1/accounts/not_a_domain", headers=AUTH)
    assert (bad.status_code, bad.json()) == (400, {"error": "'not_a_domain' is not a domain"})


def test_store_changes_are_seen_without_a_restart(api):
    client, tmp_path = api
    owen = {"email": "owen@globex.com", "title": "Software Engineer"}
    assert client.post("/v1/leads/score", json=owen, headers=AUTH).json()["route"] == "disqualify"
    store = Store(tmp_path / "icp.db")
    add_override(store, "globex.com", ICP_NAME, reason="Board intro", tier="Strong")
    store.close()
    line = client.post("/v1/leads/score", json=owen, headers=AUTH).json()
    assert line["route"] == "ae"
    assert any('override of globex.com ("Board intro"' in r for r in line["reasons"])


def test_openapi_schema_is_served(api):
    client, _ = api
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/healthz", "/v1/leads/score", "/v1/accounts/{domain}"}
    score = schema["paths"]["/v1/leads/score"]["post"]
    assert "application/json" in score["requestBody"]["content"]
    assert "LeadLine" in json.dumps(score["responses"]["200"])


def test_concurrent_requests_on_a_real_server(tmp_path):
    icp, db = build_store(tmp_path)
    app = create_app(db, load_icp(icp), TOKEN)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (server.started and server.servers) and time.monotonic() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    contacts = [
        {"email": f"p{i}@acme.com", "title": "VP Sales" if i % 2 else "Software Engineer"}
        for i in range(60)
    ]

    async def fire() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, headers=AUTH, timeout=30) as client:
            posts = [client.post("/v1/leads/score", json=c) for c in contacts]
            gets = [client.get("/v1/accounts/acme.com") for _ in range(20)]
            return await asyncio.gather(*posts, *gets)

    try:
        responses = asyncio.run(fire())
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert [r.status_code for r in responses] == [200] * 80
    routes = [r.json()["route"] for r in responses[:60]]
    assert routes == ["nurture" if i % 2 == 0 else "ae" for i in range(60)]
    assert {r.json()["score"]["total"] for r in responses[60:]} == {90.0}


def test_serve_refuses_to_start_without_a_token(tmp_path, monkeypatch):
    monkeypatch.delenv("ICP_API_TOKEN", raising=False)
    icp, db = build_store(tmp_path)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--icp", str(icp)])
    assert result.exit_code == 1
    assert "set ICP_API_TOKEN" in result.output


def test_serve_without_the_extra_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("ICP_API_TOKEN", TOKEN)
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    icp, db = build_store(tmp_path)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--icp", str(icp)])
    assert result.exit_code == 1
    assert "pip install 'icp-agent[serve]'" in result.output
