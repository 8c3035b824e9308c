"""Business tools vs web plumbing: the category policy, and where it is applied by default."""

from __future__ import annotations

import pytest

from agent.icp import parse_icp
from agent.models import Evidence, Posting
from agent.output import flatten_record
from agent.scoring import evaluate_criterion
from tools.html import ParsedPage
from tools.jobs.stack_terms import technologies_in_postings
from tools.technographics.business_tools import (
    business_tools,
    classify_named,
    is_business_category,
    is_business_technology,
)
from tools.technographics.detect import detect_technologies, merge_technologies


@pytest.mark.parametrize(
    ("categories", "business"),
    [
        (["CRM"], True),
        (["Marketing automation"], True),
        (["Analytics"], True),
        (["CMS"], True),
        (["Ecommerce"], True),
        (["Payment processors"], True),
        (["Live chat"], True),
        (["A/B Testing", "Personalisation"], True),
        (["Customer data platform"], True),
        (["Tag managers"], True),
        (["Video players"], True),
        (["JavaScript libraries"], False),
        (["CDN"], False),
        (["Font scripts"], False),
        (["UI frameworks"], False),
        (["Miscellaneous"], False),
        (["JavaScript frameworks", "Web frameworks"], False),
        ([], False),
    ],
)
def test_is_business_category_policy(categories, business):
    assert is_business_category(categories) is business


@pytest.mark.parametrize(
    ("name", "business"),
    [
        ("HubSpot", True), ("Salesforce", True), ("Google Tag Manager", True),
        ("Contentful", True), ("Sanity", True), ("YouTube", True), ("Wistia", True),
        ("Tailwind CSS", False), ("jsDelivr", False), ("Swiper", False), ("cdnjs", False),
        ("LottieFiles", False), ("jQuery", False), ("Cloudflare", False),
        ("Snowflake", True),  # not a fingerprint: named as a tool in use, so a business tool
    ],
)  # fmt: skip
def test_classify_named_uses_the_fingerprint_categories(name, business):
    assert classify_named(name, "Data warehouse")[2] is business


def test_is_business_technology_reads_the_flag_else_the_category():
    assert is_business_technology({"name": "jQuery", "business": False}) is False
    # records written before the flag: method and category decide
    assert is_business_technology({"name": "X", "category": "CRM"}) is True
    assert is_business_technology({"name": "jQuery", "category": "JavaScript libraries"}) is False
    assert is_business_technology({"name": "dbt", "category": "Data", "method": "job-post"})


PAGE = """<html><head>
<script src="https://js.hs-scripts.com/123.js"></script>
<script src="https://cdn.jsdelivr.net/npm/swiper@8/swiper.min.js"></script>
<meta property="og:image" content="https://cdn.sanity.io/images/abc123/production/x.png">
</head><body>
<img src="/_next/image?url=https%3A%2F%2Fcdn.sanity.io%2Fimages%2Fabc123%2Fproduction%2Fy.png">
<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>
</body></html>"""


def test_detected_technologies_carry_categories_and_the_flag():
    found = {t.name: t for t in detect_technologies(ParsedPage("https://a.com/", PAGE), {})}
    assert found["HubSpot"].categories == ["Marketing automation"] and found["HubSpot"].business
    assert found["Swiper"].business is False and found["jsDelivr"].business is False
    assert found["Sanity"].business and found["Sanity"].categories == ["CMS"]
    assert found["YouTube"].business
    merged = {t.name: t for t in merge_technologies(found.values())}
    assert merged["Swiper"].business is False and merged["Sanity"].categories == ["CMS"]


@pytest.mark.parametrize(
    ("html", "name"),
    [
        ('<img src="https://images.ctfassets.net/space1/asset/x.png">', "Contentful"),
        ('<img srcset="/_next/image?url=https%3A%2F%2Fimages.ctfassets.net%2Fs%2Fa.png 1x">',
         "Contentful"),
        ('<meta property="og:image" content="https://a.storyblok.com/f/191576/1x1/a.png">',
         "Storyblok"),
        ('<img src="https://www.datocms-assets.com/115132/1-a.webp">', "DatoCMS"),
        ('<script type="application/json">{"url": "https://www.youtube.com/embed/VjlwfkzxBHE"}'
         "</script>", "YouTube"),
        ("<script>const u = `https://www.youtube-nocookie.com/embed/${id}`;</script>", "YouTube"),
        ('<video><source src="https://player.vimeo.com/progressive_redirect/playback/1/a.mp4">'
         "</video>", "Vimeo"),
        ('<div class="wistia_embed wistia_async_abc123xyz"></div>', "Wistia"),
        ('<script src="https://tag.clearbitscripts.com/v1/pk_3e81/tags.js"></script>',
         "Clearbit Reveal"),
        ('<script src="//js.hsforms.net/forms/embed/v2.js"></script>', "HubSpot"),
        ('<script defer src="https://plausible.io/js/script.js"></script>', "Plausible"),
        ("<script>r.src=\"https://cdn.dreamdata.cloud/scripts/analytics/next/dreamdata.min.js\""
         "</script>", "Dreamdata"),
    ],
)
def test_cms_asset_hosts_and_embeds_are_found(html, name):
    page = ParsedPage("https://a.com/", f"<html><body>{html}</body></html>")
    assert name in {t.name for t in detect_technologies(page, {})}


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://www.youtube.com/@acme">our channel</a>',
        '<a href="https://vimeo.com/acme">Vimeo</a>',
        "<p>We moved our CMS from Contentful to Sanity.</p>",
        '<meta id="naver-site-verification" name="naver-site-verification" content="43d5b3">',
        '<div class="CheckoutCart">Pay</div>',
    ],
)
def test_mentions_and_verification_tags_are_not_use(html):
    page = ParsedPage("https://a.com/", f"<html><body>{html}</body></html>")
    assert {t.name for t in detect_technologies(page, {})} == set()


def test_job_post_technologies_are_business_tools():
    posting = Posting(title="SDR", text="Experience with Salesforce required.")
    [tech] = technologies_in_postings([posting], lambda p: "https://a.com/jobs")
    assert tech.business and tech.categories == ["CRM"]


def _record():
    evidence = [Evidence(url="https://a.com/", quote="x").model_dump()]
    return {
        "domain": "a.com", "status": "ok",
        "technographics": [
            {"name": "HubSpot", "category": "Marketing automation", "evidence": evidence,
             "method": "fingerprint", "categories": ["Marketing automation"], "business": True},
            {"name": "jQuery", "category": "JavaScript libraries", "evidence": evidence,
             "method": "fingerprint", "categories": ["JavaScript libraries"], "business": False},
        ],
    }  # fmt: skip


def _criterion(**criterion):
    dimension = {"name": "d", "weight": 1.0, "criteria": [{**criterion, "points": 10}]}
    return parse_icp({"name": "t", "dimensions": [dimension]}).dimensions[0].criteria[0]


def test_technology_criteria_count_business_tools_unless_plumbing_is_allowed():
    assert evaluate_criterion(_criterion(technology="HubSpot"), _record())[0] == "met"
    outcome, reason = evaluate_criterion(_criterion(technology="jQuery"), _record())
    assert outcome == "not met" and "web plumbing" in reason and "plumbing = true" in reason
    assert evaluate_criterion(_criterion(technology="jQuery", plumbing=True), _record())[0] == "met"
    category = _criterion(field="technographics.category", equals="JavaScript libraries")
    assert evaluate_criterion(category, _record())[0] == "not met"
    category = _criterion(field="technographics.category", equals="JavaScript libraries",
                          plumbing=True)  # fmt: skip
    assert evaluate_criterion(category, _record())[0] == "met"


def test_exports_list_business_tools_and_results_keep_all():
    record = _record()
    assert [t["name"] for t in business_tools(record)] == ["HubSpot"]
    assert flatten_record(record)["technologies"] == "HubSpot"
    assert len(record["technographics"]) == 2


def test_every_vendored_category_is_either_business_or_plumbing():
    import gzip
    import json

    from tools.technographics.business_tools import BUSINESS_CATEGORIES, PLUMBING_CATEGORIES
    from tools.technographics.fingerprints import VENDORED_DATA

    with gzip.open(VENDORED_DATA, "rt", encoding="utf-8") as stream:
        names = {c["name"] for c in json.load(stream)["categories"].values()}
    assert not BUSINESS_CATEGORIES & PLUMBING_CATEGORIES
    assert names == BUSINESS_CATEGORIES | PLUMBING_CATEGORIES, "classify the new categories"
