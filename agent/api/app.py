"""The FastAPI application of `icp serve`: score a lead, read an account, health.

Every `/v1/` call needs `Authorization: Bearer <ICP_API_TOKEN>`. Nothing on the request path
researches: an account not in the store is reported as unknown (and, with a queue file,
appended to it for a later `icp enrich`). Errors are JSON: `{"error": "..."}`.
"""

from __future__ import annotations

import csv
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from agent import __version__
from agent.accounts import normalize_domain
from agent.api.lookups import StoreLookups
from agent.api.schemas import AccountRecord, ErrorBody, Health, LeadLine
from agent.errors import IcpError
from agent.icp import ICP

_bearer = HTTPBearer(auto_error=False, description="The value of ICP_API_TOKEN.")
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 401, 404, 422, 500)
}
_CONTACT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "additionalProperties": True},
                "example": {
                    "email": "dana.whitfield@pipewright.io",
                    "title": "VP, Sales",
                    "company": "Pipewright",
                    "Number of Sessions": 7,
                },
            }
        },
    }
}


class ResearchQueue:
    """Appends unknown domains to an accounts CSV that `icp enrich` can read later."""

    def __init__(self, path: Path | None):
        self.path = path
        self._seen: set[str] = set()
        if path is not None and path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                self._seen = {row.get("domain", "") for row in csv.DictReader(handle)}

    def add(self, domain: str) -> bool:
        """Queue a domain once; return whether it is queued."""
        if self.path is None:
            return False
        if domain not in self._seen:
            new = not self.path.exists()
            with self.path.open("a", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                if new:
                    writer.writerow(["domain"])
                writer.writerow([domain])
            self._seen.add(domain)
        return True


def _json_object(body: bytes) -> dict[str, Any]:
    """Return the request body as a JSON object; raise a 400 naming the problem."""
    try:
        data = json.loads(body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"malformed JSON: {exc}") from None
    if not isinstance(data, dict):
        raise HTTPException(422, "expected a JSON object of contact properties")
    return data


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def create_app(db: Path, icp: ICP, token: str, queue_file: Path | None = None) -> FastAPI:
    """Return the API app serving `db` with `icp`'s personas and routing."""
    if not token:
        raise ValueError("a token is required")
    lookups = StoreLookups(db, icp)
    queue = ResearchQueue(queue_file)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        lookups.close()

    app = FastAPI(
        title="icp-agent lead scoring API",
        version=__version__,
        description="Score inbound leads and read account fit from the icp-agent store.",
        lifespan=lifespan,
    )

    async def authorized(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        given = credentials.credentials if credentials else ""
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong bearer token (Authorization: Bearer …)")

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return _error(exc.status_code, str(exc.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            return _error(400, f"malformed JSON: {first.get('ctx', {}).get('error', 'invalid')}")
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(IcpError)
    async def icp_error(_: Request, exc: IcpError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        return _error(500, f"internal error ({type(exc).__name__})")

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> dict[str, Any]:
        """Say the server is up, which ICP it scores with and how many accounts it knows."""
        return {"status": "ok", "icp": icp.name, "accounts": lookups.count_accounts()}

    @app.post(
        "/v1/leads/score",
        response_model=LeadLine,
        responses=_ERRORS,
        dependencies=[Depends(authorized)],
        tags=["leads"],
        openapi_extra=_CONTACT_BODY,
    )
    async def score_lead(request: Request, queue_unknown: bool = False) -> JSONResponse:
        """Score one contact (CSV header names or email/title/company/website).

        The body is read as JSON whatever its Content-Type, so `curl -d` and form webhooks
        that send JSON as text work too.
        """
        contact = _json_object(await request.body())
        line = lookups.score(contact)
        account = line.get("account") or {}
        line["queued"] = bool(
            queue_unknown and account and not account["known"] and queue.add(account["domain"])
        )
        # already contract-shaped: answered as is (the model documents it in the schema)
        return JSONResponse(line)

    @app.get(
        "/v1/accounts/{domain}",
        response_model=AccountRecord,
        responses=_ERRORS,
        dependencies=[Depends(authorized)],
        tags=["accounts"],
    )
    async def get_account(domain: str) -> JSONResponse:
        """Return the stored research and score of one account (404 when not stored)."""
        bare = normalize_domain(domain)
        if bare is None:
            raise HTTPException(400, f"{domain!r} is not a domain")
        record = lookups.account(bare)
        if record is None:
            raise HTTPException(404, f"unknown account {bare}: not in the store (icp enrich)")
        return JSONResponse(record)

    return app
