"""Dated buying signals: newsroom headlines, feeds, dates and their classification."""
