"""The Scrapy side of `benchmarks/peer_scrapy.py`: fetch a URL list, extract what icp extracts.

Manners as icp's defaults: robots.txt obeyed, 2 requests per host, 16 overall, 0.5 s between
requests to one host (not randomised), 2 retries, no redirects followed (the list already holds
every hop icp requested), and Scrapy's documented broad-crawl scheduler queue. From every HTML
page it extracts the title, the links (absolute), the script srcs and the JSON-LD blocks, and
writes one JSON line per page.

Usage: python benchmarks/peer_spider.py URLS.txt OUT.jsonl
"""

from __future__ import annotations

import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess

MANNERS = {
    "ROBOTSTXT_OBEY": True,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY": 0.5,
    "RANDOMIZE_DOWNLOAD_DELAY": False,
    "RETRY_TIMES": 2,
    "REDIRECT_ENABLED": False,
    "HTTPERROR_ALLOW_ALL": True,
    "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
    "USER_AGENT": "peer-scrapy (+benchmark)",
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 60,
}


class PeerSpider(scrapy.Spider):
    """Fetch every URL of the list once; parse each HTML page."""

    name = "peer"

    def __init__(self, urls: list[str], out: str, **kwargs):
        super().__init__(**kwargs)
        self.urls = urls
        self.out = open(out, "w", encoding="utf-8")  # noqa: SIM115 - closed in `closed`

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse_page, errback=self.failed)

    def parse_page(self, response):
        if not isinstance(response, scrapy.http.HtmlResponse):
            self.out.write(json.dumps({"url": response.url, "status": response.status}) + "\n")
            return
        jsonld = []
        for block in response.css('script[type="application/ld+json"]::text').getall():
            try:
                jsonld.append(json.loads(block, strict=False))
            except ValueError:
                pass
        record = {
            "url": response.url,
            "status": response.status,
            "title": (response.css("title::text").get() or "").strip(),
            "links": [response.urljoin(h) for h in response.css("a::attr(href)").getall()],
            "scripts": [response.urljoin(s) for s in response.css("script::attr(src)").getall()],
            "jsonld": jsonld,
        }
        self.out.write(json.dumps(record) + "\n")

    def failed(self, failure):
        self.out.write(
            json.dumps({"url": failure.request.url, "error": repr(failure.value)}) + "\n"
        )

    def closed(self, reason):
        self.out.close()


def main() -> None:
    """Run the spider over the URL list."""
    urls = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    process = CrawlerProcess(settings=MANNERS)
    process.crawl(PeerSpider, urls=urls, out=sys.argv[2])
    process.start()


if __name__ == "__main__":
    main()
