"""Technographics from Wappalyzer-format fingerprints over markup, scripts, headers and cookies."""
