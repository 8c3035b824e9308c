"""Getting facts: HTTP with manners, WARC replay, HTML parsing and the extractors."""
