"""SQLite store: research, pages, evidence, scores and runs (see `store.db.Store`)."""
