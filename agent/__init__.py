"""icp-agent: evidence-first research and ICP scoring of B2B accounts."""

__version__ = "0.1.0"
