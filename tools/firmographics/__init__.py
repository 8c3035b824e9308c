"""Firmographics with evidence: structured data, prose rules (EN/DE/FR), conflicts, industries."""
