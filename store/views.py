"""SQL views that make the store pleasant in plain SQL and Datasette.

`account_scores`: one row per account and ICP with the manual override laid on (total, tier,
route as the HTML report and exports show them) beside the model's own; `account_fields`: the
researched fields with plain values (`WHERE value = 'b2b'` works) and their first evidence.
An override's tier and route follow the ICP's own thresholds and routing, which scoring keeps
in `icp_settings` (the defaults for an ICP never scored since).
"""

from __future__ import annotations

import sqlite_utils

ACCOUNT_SCORES = """
WITH active AS (
  SELECT o.* FROM overrides o
  WHERE o.undone_at IS NULL
    AND o.id = (SELECT o2.id FROM overrides o2
                WHERE o2.domain = o.domain AND o2.icp = o.icp AND o2.undone_at IS NULL
                ORDER BY o2.created_at DESC, o2.id DESC LIMIT 1)
), effective AS (
  SELECT s.domain, s.icp, s.total AS model_total, s.tier AS model_tier,
         s.route AS model_route, s.scored_at, o.id AS override_id,
         o.reason AS override_reason, o.created_at AS override_at,
         coalesce(o.score, s.total) AS total,
         coalesce(o.tier, CASE
           WHEN o.score IS NULL THEN s.tier
           WHEN o.score >= coalesce(i.perfect, 80) THEN 'Perfect Fit'
           WHEN o.score >= coalesce(i.strong, 60) THEN 'Strong Fit'
           WHEN o.score >= coalesce(i.moderate, 40) THEN 'Moderate Fit'
           ELSE 'Weak Fit' END) AS tier,
         i.route_perfect, i.route_strong, i.route_moderate, i.route_weak
  FROM scores s
  LEFT JOIN active o ON o.domain = s.domain AND o.icp = s.icp
  LEFT JOIN icp_settings i ON i.icp = s.icp
)
SELECT e.domain,
       coalesce(json_extract(a.record, '$.firmographics.company_name.value'), a.name, e.domain)
         AS name,
       e.icp, e.total, e.tier,
       CASE WHEN e.override_id IS NULL THEN e.model_route
            WHEN e.tier = 'Perfect Fit' THEN coalesce(e.route_perfect, 'ae')
            WHEN e.tier = 'Strong Fit' THEN coalesce(e.route_strong, 'ae')
            WHEN e.tier = 'Moderate Fit' THEN coalesce(e.route_moderate, 'sdr')
            ELSE coalesce(e.route_weak, 'disqualify') END AS route,
       e.override_reason, e.override_at, e.model_total, e.model_tier, e.model_route,
       e.scored_at
FROM effective e LEFT JOIN accounts a ON a.domain = e.domain
"""

ACCOUNT_FIELDS = """
SELECT f.domain, f.path, substr(f.path, instr(f.path, '.') + 1) AS field,
       json_extract(f.value, '$') AS value, f.confidence, f.method,
       json_extract(f.evidence, '$[0].url') AS source_url,
       json_extract(f.evidence, '$[0].quote') AS quote, f.seen_at
FROM fields f
"""


def create_views(db: sqlite_utils.Database) -> None:
    """Create (or replace) the `account_scores` and `account_fields` views."""
    db.create_view("account_scores", ACCOUNT_SCORES, replace=True)
    db.create_view("account_fields", ACCOUNT_FIELDS, replace=True)
