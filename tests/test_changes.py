from datetime import date

from agent.changes import change_signals
from agent.models import AccountResult, Evidence, Field, Hiring, PageRecord, Posting, Technology

HOME = "https://acme.com/"
ABOUT = "https://acme.com/about"


def _tech(name, category, url=HOME):
    return Technology(name=name, category=category,
                      evidence=[Evidence(url=url, quote=f"<script src='{name}.js'>")])  # fmt: skip


def _result(techs, headcount, quote, stage=None, postings=()):
    result = AccountResult(domain="acme.com", technographics=techs)
    result.firmographics.employee_count = Field(
        value=headcount, evidence=[Evidence(url=ABOUT, quote=quote)], confidence=0.9, method="rule"
    )
    if stage:
        result.firmographics.funding_stage = Field(
            value=stage, evidence=[Evidence(url=ABOUT, quote=f"our {stage}")], method="rule"
        )
    by_function = {}
    for posting in postings:
        by_function[posting.function] = by_function.get(posting.function, 0) + 1
    result.hiring = Hiring(
        status="ok", open_roles=len(postings), by_function=by_function,
        postings=list(postings), board_url="https://boards.example/acme",
    )  # fmt: skip
    return result


PAGES = [PageRecord(url=HOME, text="home"), PageRecord(url=ABOUT, text="about")]


def test_two_snapshots_give_exactly_the_changes():
    before = _result([_tech("HubSpot", "Marketing automation"), _tech("Intercom", "Live chat")],
                     120, "a team of 120", stage="series-a",
                     postings=[Posting(title="SDR", function="sales_development")])  # fmt: skip
    after = _result([_tech("HubSpot", "Marketing automation"), _tech("Salesforce", "CRM")],
                    150, "150 people", stage="series-b",
                    postings=[Posting(title=f"SDR {i}", function="sales_development")
                              for i in range(4)])  # fmt: skip
    board = PageRecord(url="https://api.example/acme/jobs", kind="job_board",
                       text="SDR 0\n\nSDR 1\n\nSDR 2\n\nSDR 3")  # fmt: skip
    signals = change_signals(before.contract_dict(), after, [*PAGES, board], date(2026, 12, 7))
    rows = [(s.type, s.date, s.summary) for s in signals]
    assert rows == [
        ("tech_adopted", "2026-12-07", "Started using Salesforce (CRM)"),
        ("tech_dropped", "2026-12-07", "No longer uses Intercom (Live chat)"),
        ("headcount_change", "2026-12-07", "Headcount 120 → 150 (+25%)"),
        ("funding_stage_change", "2026-12-07", "Funding stage series-a → series-b"),
        ("open_roles_change", "2026-12-07", "Open sales development roles up: 1 → 4 (e.g. SDR 0)"),
    ]
    headcount = signals[2]
    assert [e.quote for e in headcount.evidence] == ["a team of 120", "150 people"]
    assert signals[4].evidence[0].url == "https://api.example/acme/jobs"


def test_no_change_gives_no_signal():
    same = _result([_tech("HubSpot", "Marketing automation")], 120, "a team of 120")
    assert change_signals(same.contract_dict(), same, PAGES, date(2026, 12, 7)) == []


def test_a_technology_on_a_page_not_read_again_is_not_dropped():
    before = _result([_tech("Intercom", "Live chat", url="https://acme.com/pricing")], 120, "x")
    after = _result([], 120, "x")
    assert change_signals(before.contract_dict(), after, PAGES, date(2026, 12, 7)) == []


def test_first_research_or_failed_research_gives_no_change():
    after = _result([_tech("HubSpot", "Marketing automation")], 150, "150 people")
    assert change_signals(None, after, PAGES, date(2026, 12, 7)) == []
    failed = AccountResult(domain="acme.com", status="error", error="unreachable")
    assert change_signals(after.contract_dict(), failed, [], date(2026, 12, 7)) == []


def test_small_headcount_moves_are_noise():
    before = _result([], 1000, "1,000 employees")
    after = _result([], 1020, "1,020 employees")
    assert change_signals(before.contract_dict(), after, PAGES, date(2026, 12, 7)) == []


def test_web_plumbing_comes_and_goes_without_a_signal():
    before = _result([_tech("HubSpot", "Marketing automation")], 120, "x")
    plumbing = _tech("jQuery", "JavaScript libraries").model_copy(update={"business": False})
    after = _result([_tech("HubSpot", "Marketing automation"), plumbing], 120, "x")
    assert change_signals(before.contract_dict(), after, PAGES, date(2026, 12, 7)) == []
