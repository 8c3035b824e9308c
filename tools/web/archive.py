"""WARC replay and recording (ISO 28500, gzip per record, as `warcio` writes it).

Replay: a URL matches a `response` record when scheme, lower-cased host, path and the query
parameters (in any order) are equal; a URL not in the archive is answered as a 404.
Recording: every response the fetcher receives (each redirect hop included) is appended.
The module also builds archives from readable source files (see `build_archive`).
"""

from __future__ import annotations

import io
import mimetypes
import threading
import tomllib
import uuid
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from agent.errors import ArchiveError

REPLAY_MISS_HEADER = "x-icp-replay"
_DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection"}


def url_key(url: str) -> tuple[str, str, str, tuple[tuple[str, str], ...]]:
    """Return the replay match key of a URL: scheme, host, path, sorted query pairs."""
    parts = urlsplit(url)
    query = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.path or "/", query)


@dataclass(frozen=True)
class ArchivedResponse:
    """One response record of an archive."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class WarcArchive:
    """An in-memory index of the response records of a WARC file."""

    def __init__(self, responses: dict[tuple, ArchivedResponse], latest_date: str | None = None):
        self._responses = responses
        self.latest_date = latest_date
        """The newest WARC-Date in the archive (ISO 8601), i.e. when it was captured."""

    @classmethod
    def load(cls, path: str | Path) -> WarcArchive:
        """Read every response record of the WARC at `path` (first record of a URL wins)."""
        try:
            return cls._read(path)
        except FileNotFoundError:
            raise ArchiveError(f"{path}: no such archive") from None
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as exc:
            raise ArchiveError(f"{path}: not a readable WARC archive ({exc})") from None

    @classmethod
    def _read(cls, path: str | Path) -> WarcArchive:
        responses: dict[tuple, ArchivedResponse] = {}
        latest = ""
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                latest = max(latest, record.rec_headers.get_header("WARC-Date") or "")
                url = record.rec_headers.get_header("WARC-Target-URI")
                key = url_key(url)
                if key in responses:
                    continue
                status = int(record.http_headers.get_statuscode() or 0)
                headers = list(record.http_headers.headers)
                body = record.content_stream().read()
                responses[key] = ArchivedResponse(url, status, headers, body)
        return cls(responses, latest or None)

    def get(self, url: str) -> ArchivedResponse | None:
        """Return the archived response for `url`, or None."""
        return self._responses.get(url_key(url))

    def __len__(self) -> int:
        return len(self._responses)

    def __iter__(self):
        return iter(self._responses.values())


class ReplayTransport(httpx.AsyncBaseTransport):
    """An httpx transport answering every request from a WARC archive; never the network."""

    def __init__(self, archive: WarcArchive):
        self.archive = archive
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve the archived response, or a 404 marked as a replay miss."""
        url = str(request.url)
        self.requests.append(url)
        found = self.archive.get(url)
        if found is None:
            return httpx.Response(
                404,
                headers={REPLAY_MISS_HEADER: "miss", "content-type": "text/plain"},
                content=b"not in archive",
                request=request,
            )
        headers = [(k, v) for k, v in found.headers if k.lower() not in _DROPPED_HEADERS]
        return httpx.Response(found.status, headers=headers, content=found.body, request=request)


class WarcRecorder:
    """Append response records to a gzipped WARC file; safe to share between tasks."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._stream = open(self.path, "wb")  # noqa: SIM115 - closed by close()
        self._writer = WARCWriter(self._stream, gzip=True)
        self._lock = threading.Lock()
        self.count = 0

    def write_response(
        self,
        url: str,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        date: str | None = None,
        record_id: str | None = None,
    ) -> None:
        """Write one response record."""
        reason = httpx.codes.get_reason_phrase(status) or "Unknown"
        kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED_HEADERS]
        http_headers = StatusAndHeaders(f"{status} {reason}", kept, protocol="HTTP/1.1")
        warc_headers = {
            "WARC-Date": date or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Record-ID": record_id or f"<urn:uuid:{uuid.uuid4()}>",
        }
        with self._lock:
            record = self._writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
            self._writer.write_record(record)
            self._stream.flush()
            self.count += 1

    def close(self) -> None:
        """Flush and close the file."""
        with self._lock:
            if not self._stream.closed:
                self._stream.close()


# --- building archives from readable sources ---------------------------------------------


def _content_type(path: Path) -> str:
    if path.suffix in (".html", ".htm"):
        return "text/html; charset=utf-8"
    if path.suffix == ".json":
        return "application/json; charset=utf-8"
    if path.suffix == ".txt":
        return "text/plain; charset=utf-8"
    if path.suffix == ".xml":
        return "application/xml; charset=utf-8"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def site_file_url(host: str, relative: str) -> str:
    """Map a file of a site folder to its URL: `index.html` → `/`, `about.html` → `/about`."""
    path = relative.replace("\\", "/")
    if path == "index.html":
        path = ""
    elif path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")]
    return f"https://{host}/{path}"


def manifest_entries(manifest_path: str | Path) -> list[dict[str, Any]]:
    """Expand a manifest into a list of {url, status, headers, body} entries.

    The manifest is TOML: `[[site]]` tables (`host`, `dir`) map every file under `dir` to a
    URL by `site_file_url`; `[[response]]` tables give one URL with `file` or `body`,
    optional `status` (default 200) and `headers`. A `[[response]]` for a URL a site also
    produces replaces the site's entry, so a folder can be served with a few exceptions.
    """
    manifest_path = Path(manifest_path)
    root = manifest_path.parent
    spec = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    entries: dict[tuple, dict[str, Any]] = {}
    for site in spec.get("site", []):
        folder = root / site["dir"]
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            url = site_file_url(site["host"], file.relative_to(folder).as_posix())
            entries[url_key(url)] = {
                "url": url,
                "status": 200,
                "headers": [("Content-Type", _content_type(file))],
                "body": file.read_bytes(),
            }
    for response in spec.get("response", []):
        headers = dict(response.get("headers", {}))
        if "file" in response:
            file = root / response["file"]
            body = file.read_bytes()
            headers.setdefault("Content-Type", _content_type(file))
        else:
            body = response.get("body", "").encode("utf-8")
            headers.setdefault("Content-Type", "text/html; charset=utf-8")
        entries[url_key(response["url"])] = {
            "url": response["url"],
            "status": int(response.get("status", 200)),
            "headers": list(headers.items()),
            "body": body,
        }
    date = spec.get("date", "2026-11-01T00:00:00Z")
    return [dict(entry, date=date) for entry in entries.values()]


def build_archive(manifest_path: str | Path, out_path: str | Path) -> int:
    """Build a deterministic WARC from a manifest; return the number of records written."""
    recorder = WarcRecorder(out_path)
    try:
        for entry in manifest_entries(manifest_path):
            record_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, entry['url'])}>"
            recorder.write_response(
                entry["url"],
                entry["status"],
                entry["headers"],
                entry["body"],
                date=entry["date"],
                record_id=record_id,
            )
    finally:
        recorder.close()
    return recorder.count
