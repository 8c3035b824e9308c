"""Build evalset-holdout/holdout.warc.gz from its manifest (deterministic: same bytes each run).

Usage: PYTHONPATH=. python scripts/build_holdout.py [--check]

The held-out set measures how the extractors generalize to sites they were never tuned on;
see evalset-holdout/README.md. With --check nothing is written: the script exits 1 when the
committed archive differs from what the sources would build.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tools.web.archive import build_archive

HOLDOUT = Path(__file__).resolve().parents[1] / "evalset-holdout"
MANIFEST = HOLDOUT / "manifest.toml"
ARCHIVE = HOLDOUT / "holdout.warc.gz"


def build(out: Path = ARCHIVE) -> int:
    """Build the held-out archive at `out`; return the number of records."""
    return build_archive(MANIFEST, out)


def is_current(archive: Path = ARCHIVE) -> bool:
    """Return whether `archive` holds exactly the bytes the sources build."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "holdout.warc.gz"
        build(fresh)
        return archive.is_file() and fresh.read_bytes() == archive.read_bytes()


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if is_current():
            print(f"{ARCHIVE.name} is up to date")
            return 0
        print(f"{ARCHIVE.name} is stale: run python scripts/build_holdout.py", file=sys.stderr)
        return 1
    count = build()
    print(f"wrote {count} records to {ARCHIVE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
