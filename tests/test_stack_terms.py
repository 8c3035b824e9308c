from __future__ import annotations

import pytest

from agent.models import Evidence, Posting
from tools.jobs.stack_terms import (
    STACK_TERMS,
    StackTerm,
    find_stack_mentions,
    technologies_in_postings,
)


def names(text: str, terms: tuple[StackTerm, ...] = STACK_TERMS) -> list[str]:
    return [m.term.name for m in find_stack_mentions(text, terms)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # requirements name the tools
        ("Experience with Salesforce and Outreach required.", ["Salesforce", "Outreach"]),
        ("3+ years using SFDC daily.", ["Salesforce"]),
        ("Proficiency in Salesforce.com reporting is a plus.", ["Salesforce"]),
        ("Hands-on HubSpot CRM experience.", ["HubSpot"]),
        (
            "Familiarity with Pardot or Marketo preferred.",
            ["Salesforce Marketing Cloud Account Engagement", "Marketo"],
        ),
        ("Salesforce Marketing Cloud experience a plus.", ["Salesforce Marketing Cloud"]),
        ("Comfortable with Gong and Chorus call reviews.", ["Gong", "Chorus.ai"]),
        (
            "You know SQL and have worked with Snowflake, dbt and BigQuery.",
            ["Snowflake", "dbt", "BigQuery"],
        ),
        ("Knowledge of AWS or GCP is required.", ["Amazon Web Services", "Google Cloud"]),
        ("Experience building lists in ZoomInfo or Apollo is a must.", ["Zoominfo", "Apollo.io"]),
        ("Experience with Twilio Segment and Amplitude.", ["Segment", "Amplitude"]),
        # the company's own stack
        ("We use Zendesk and Gainsight to support our users.", ["Zendesk", "Gainsight"]),
        ("Our tech stack: Fivetran, Looker, Hightouch.", ["Fivetran", "Looker", "Hightouch"]),
        # not requirements, not the stack
        ("Our competitors include HubSpot and Clari.", []),
        ("We replaced Salesforce with Attio last year and love it.", []),
        ("Our customers use Salesforce and Marketo every day.", []),
        ("Backed by Salesforce Ventures and Accel.", []),
        ("Acme integrates with Salesforce, HubSpot and Pipedrive.", []),
        ("Salesforce is the leading CRM in the world.", []),
        (
            "Experience with Power BI; we're moving our warehouse to Snowflake this year.",
            ["Microsoft Power BI"],
        ),
        ("Experience with HubSpot is a plus; we are evaluating Gong and Clari.", ["HubSpot"]),
        ("Acme Analytics helps revenue teams forecast.", []),
        # ordinary words are not tools
        ("Experience with outreach to prospects required.", []),
        ("Ability to segment your audience is required.", []),
        ("Must be able to close deals and drift toward good habits.", []),
        ("Strong experience managing the heap and stack in C.", []),
        ("Experience with React, Apollo and GraphQL required.", []),
        ("Working knowledge of FDA, ICH and GCP requirements.", []),
        ("Required: experience with HubSpotter tooling and Salesforcey things.", []),
    ],
)
def test_find_stack_mentions(text, expected):
    assert names(text) == expected


def test_requirement_section_bullets_count_without_cue_words():
    text = "About the role\nBook meetings.\nRequirements\nGong, ZoomInfo\nBenefits\nMarketo swag"

    mentions = find_stack_mentions(text)

    assert [(m.term.name, m.sentence) for m in mentions] == [
        ("Gong", "Gong, ZoomInfo"), ("Zoominfo", "Gong, ZoomInfo"),
    ]  # fmt: skip


def test_sentence_initial_common_word_needs_company():
    assert names("Outreach is something we value, skills required.") == []
    assert names("Outreach or Salesloft experience required.") == ["Outreach", "Salesloft"]


def test_longest_name_wins_over_a_shorter_one_inside_it():
    mentions = find_stack_mentions("Experience with Salesforce Marketing Cloud and Salesforce.")

    assert [m.term.name for m in mentions] == ["Salesforce Marketing Cloud", "Salesforce"]


def test_word_boundaries_never_match_inside_words():
    go = (StackTerm("Go", "Programming language", case_sensitive=True),)

    assert names("You have good experience writing great code.", go) == []
    assert names("Experience with Golang services.", go) == []
    assert names("You have experience with Go and Python.", go) == ["Go"]


def test_mention_keeps_the_sentence_verbatim():
    text = "Requirements\n- 2+ years of SaaS sales. Experience with Outreach.io required! Be kind."

    (mention,) = find_stack_mentions(text)

    assert mention.sentence == "Experience with Outreach.io required!"
    assert mention.sentence in text
    assert mention.term.name == "Outreach"


def test_dictionary_names_are_unique_and_categorized():
    all_names = [t.name for t in STACK_TERMS]

    assert len(all_names) == len(set(all_names))
    assert all(t.category for t in STACK_TERMS)
    assert {"CRM", "Sales engagement", "Conversation intelligence", "Marketing automation",
            "Customer data platform", "Data warehouse", "Cloud"} <= {
        t.category for t in STACK_TERMS}  # fmt: skip


def test_technologies_in_postings_groups_evidence_per_tool():
    long_tail = " and then some more words to make this sentence very long" * 8
    postings = [
        Posting(title="SDR", text="Requirements\nExperience with Salesforce required."),
        Posting(title="AE", text="Experience with Salesforce required.\nWe use Gong daily."),
        Posting(title="CSM", text=f"Experience with Gainsight{long_tail}."),
        Posting(title="Designer", text=""),
    ]
    urls = {"SDR": "https://api.test/1", "AE": "https://api.test/2", "CSM": "https://api.test/3"}

    techs = technologies_in_postings(postings, lambda p: urls[p.title])

    assert [(t.name, t.category, t.method) for t in techs] == [
        ("Salesforce", "CRM", "job-post"), ("Gong", "Conversation intelligence", "job-post"),
        ("Gainsight", "Customer success", "job-post"),
    ]  # fmt: skip
    assert techs[0].evidence == [
        Evidence(url="https://api.test/1", quote="Experience with Salesforce required."),
        Evidence(url="https://api.test/2", quote="Experience with Salesforce required."),
    ]
    (gainsight,) = techs[2].evidence
    assert len(gainsight.quote) <= 300
    assert gainsight.quote.startswith("Experience with Gainsight")
    assert gainsight.quote in postings[2].text
