"""Build evalset/evalset.warc.gz from evalset/manifest.toml (deterministic: same bytes each run).

Usage: PYTHONPATH=. python scripts/build_evalset.py [--check]

With --check nothing is written: the script exits 1 when the committed archive differs from
what the sources would build, so a page edit without a rebuild is caught.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tools.web.archive import build_archive

EVALSET = Path(__file__).resolve().parents[1] / "evalset"
MANIFEST = EVALSET / "manifest.toml"
ARCHIVE = EVALSET / "evalset.warc.gz"


def build(out: Path = ARCHIVE) -> int:
    """Build the dev-set archive at `out`; return the number of records."""
    return build_archive(MANIFEST, out)


def is_current(archive: Path = ARCHIVE) -> bool:
    """Return whether `archive` holds exactly the bytes the sources build."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "evalset.warc.gz"
        build(fresh)
        return archive.is_file() and fresh.read_bytes() == archive.read_bytes()


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if is_current():
            print(f"{ARCHIVE.name} is up to date")
            return 0
        print(f"{ARCHIVE.name} is stale: run python scripts/build_evalset.py", file=sys.stderr)
        return 1
    count = build()
    print(f"wrote {count} records to {ARCHIVE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
