"""Hostile page shapes parse to the right text; a page past the element cap is cut, not hung.

(Timings are measured by benchmarks/hostile.py, not here.)"""

from hostile_farm import nested_divs, sibling_paragraphs
from lxml import etree

from tools.html import (
    MAX_ELEMENTS,
    MAX_TEXT_CHARS,
    bounded_markup,
    parse_html,
    parse_tree,
    visible_text,
)


def test_visible_text_of_many_siblings_keeps_every_block_on_its_line():
    page = parse_html(sibling_paragraphs(2_000), "https://siblings.test/")
    lines = page.text.split("\n")
    assert lines[0] == "Paragraph 0 of a long page." and len(lines) == 2_000
    assert not page.truncated


def test_visible_text_of_deep_nesting_is_read_without_recursion():
    # the parser reads up to 2,048 levels of nesting (lxml's huge_tree limit)
    assert visible_text(nested_divs(2_000)) == "deep inside"
    assert parse_html(nested_divs(2_000), "https://deep.test/").text == "deep inside"


def test_visible_text_leaves_the_tree_unchanged():
    tree = parse_tree("<p>One<!-- c --></p><nav>Menu</nav><p hidden>Two</p>")
    before = etree.tostring(tree)
    assert visible_text(tree) == "One"
    assert etree.tostring(tree) == before


def test_bounded_markup_cuts_after_the_element_cap():
    source = "<p>x</p>" * 10
    assert bounded_markup(source, max_elements=10) == (source, False)
    assert bounded_markup(source, max_elements=4) == ("<p>x</p>" * 4, True)


def test_parse_html_of_a_page_past_the_cap_reads_its_start():
    source = "<h1>Start</h1>" + "<div>x</div>" * (MAX_ELEMENTS + 10)
    page = parse_html(source, "https://big.test/")
    assert page.truncated and page.text.startswith("Start\nx")


def test_parse_html_keeps_whole_lines_up_to_the_text_cap():
    page = parse_html(sibling_paragraphs(20_000), "https://siblings.test/")
    assert page.truncated
    assert len(page.text) <= MAX_TEXT_CHARS
    assert page.text.split("\n")[-1].startswith("Paragraph ")
    assert page.text.split("\n")[-1].endswith(" of a long page.")
