"""Hostile JSON: bounded decoding everywhere JSON comes from strangers; absurd timestamps."""

import json

import pytest
from hostile_farm import greenhouse_board, jsonld_nested, nested_json

from agent.llm.structured_output import ReplyError, extract_json
from tools.html import parse_html
from tools.jobs.ats_parsers import MAX_DESCRIBED_POSTINGS, iso_date, parse_greenhouse
from tools.safe_json import MAX_JSON_DEPTH, JsonRefused, json_depth, loads_bounded


@pytest.mark.parametrize(("text", "depth"), [
    ("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4),
    ('{"a": "[[[[{{{{", "b": "\\"[[["}', 1),  # brackets inside strings do not count
])  # fmt: skip
def test_json_depth_counts_only_structure(text, depth):
    assert json_depth(text) == depth


def test_loads_bounded_refuses_deep_and_long_documents():
    with pytest.raises(JsonRefused, match="nested 100,000 levels deep"):
        loads_bounded(nested_json(100_000))
    with pytest.raises(JsonRefused, match="characters"):
        loads_bounded("[1]", max_chars=2)
    assert loads_bounded(nested_json(MAX_JSON_DEPTH)) == json.loads(nested_json(MAX_JSON_DEPTH))
    with pytest.raises(ValueError):
        loads_bounded("{not json")


def test_deep_json_ld_is_ignored_and_the_page_still_parses():
    page = parse_html(jsonld_nested(900), "https://deep.test/")
    assert page.jsonld == [] and "Deep Corp makes software." in page.text


def test_deep_llm_reply_is_a_reply_error_not_a_crash():
    with pytest.raises(ReplyError, match="nested"):
        extract_json('{"facts": ' + nested_json(100_000) + "}")


@pytest.mark.parametrize("value", [1e20, -1, float("nan"), float("inf"), 10**30, "1e20", None,
                                   "99999-01-01", [2024], {"$date": 1}])  # fmt: skip
def test_iso_date_out_of_range_or_wrong_type_is_no_date(value):
    assert iso_date(value) is None


def test_iso_date_reads_epoch_milliseconds_and_iso_text():
    assert iso_date(1714567890000) == "2024-05-01"
    assert iso_date("2024-05-01T10:00:00-04:00") == "2024-05-01"


def test_greenhouse_jobs_with_wrong_types_are_skipped_or_read():
    data = {"jobs": [{"title": "AE", "first_published": 1e20, "location": {"name": "Remote"}},
                     "not a job", 7, {"title": "SDR", "first_published": "2024-05-01"}]}
    assert [(p.title, p.posted_at) for p in parse_greenhouse(data)] == [
        ("AE", None), ("SDR", "2024-05-01")
    ]


def test_a_huge_board_counts_every_posting_and_reads_the_first_descriptions():
    postings = parse_greenhouse(json.loads(greenhouse_board(MAX_DESCRIBED_POSTINGS + 10)))
    assert len(postings) == MAX_DESCRIBED_POSTINGS + 10
    assert [bool(p.text) for p in postings[-11:]] == [True] + [False] * 10
