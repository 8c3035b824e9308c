"""The web layer: fetching with manners (robots, limits, retries, caps, cache, SSRF guard), WARC."""
