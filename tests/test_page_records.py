"""Page records: an HTML page's markup stays with its parsed page and is lent for quote checks."""

from tools.html import parse_html
from tools.page_records import page_record, with_markup
from tools.web.result import FetchResult


def fetched(url: str, body: str, content_type: str = "text/html", final_url: str | None = None):
    return FetchResult(
        url=url,
        final_url=final_url or url,
        status=200,
        headers={"content-type": content_type},
        content=body.encode(),
    )


def test_an_html_record_holds_no_markup_until_lent_by_its_parsed_page():
    result = fetched("https://acme.test/jobs", "<p>Jobs</p><script>{\"title\": \"SDR\"}</script>",
                     final_url="https://acme.test/careers")  # fmt: skip
    page = parse_html(result.text, result.final_url).pack()
    record = page_record(result, "careers", page)
    assert record.text == "Jobs" and record.source == ""
    feed = page_record(fetched("https://acme.test/feed", "<rss/>", "application/rss+xml"), "feed")
    feed = feed.model_copy(update={"source": "<rss/>"})
    missing = page_record(fetched("https://acme.test/about", "<p>About</p>"), "about")
    lent = with_markup([record, feed, missing], [page])
    assert lent[0].source == result.text  # found by the final URL the page was parsed at
    assert lent[1].source == "<rss/>"  # a feed keeps its own body
    assert lent[2].source == ""  # no parsed page, nothing to lend
    assert record.source == ""  # the stored record is not changed
