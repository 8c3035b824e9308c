"""`icp serve`: the real-time lead-scoring HTTP API (FastAPI, optional `serve` extra)."""
