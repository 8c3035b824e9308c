"""Check that a labels row of an evaluation set is justified by quotes in its archive."""

from __future__ import annotations

from agent.evaluation.archive import ArchiveIndex
from tools.evidence import quote_occurs
from tools.html import parse_html
from tools.web.archive import WarcArchive


def assert_label_justified(archive: WarcArchive, label: dict, *, robots: bool = True) -> None:
    """Assert every justification cites an archived 200 page whose text holds the quote."""
    index = ArchiveIndex(archive)
    for key, cite in label["justification"].items():
        found = archive.get(cite["url"])
        assert found is not None and found.status == 200, f"{key}: {cite['url']} not archived"
        source = found.body.decode("utf-8")
        visible = parse_html(source, cite["url"]).text if source.lstrip().startswith("<") else ""
        assert quote_occurs(cite["quote"], visible, source), f"{key}: quote not on {cite['url']}"
        if robots:
            assert index.robots_allows(cite["url"]), f"{key}: {cite['url']} is robots-disallowed"
