"""Interview notes: per-note assessments, account needs, cross-interview themes."""
