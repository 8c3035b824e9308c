"""Build the bundled demo archive agent/sample/sample.warc.gz from its readable sources.

Usage:
    PYTHONPATH=. python scripts/build_sample.py            # rebuild and verify
    PYTHONPATH=. python scripts/build_sample.py --out /tmp/sample.warc.gz

The archive is deterministic (fixed record ids and dates), so rebuilding without source
changes produces a byte-identical file and a clean `git diff`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.web.archive import WarcArchive, build_archive, manifest_entries  # noqa: E402

SAMPLE = ROOT / "agent" / "sample"


def verify(manifest: Path, archive_path: Path) -> list[str]:
    """Return the manifest URLs missing from the archive or archived with another status."""
    archive = WarcArchive.load(archive_path)
    problems = []
    for entry in manifest_entries(manifest):
        found = archive.get(entry["url"])
        if found is None:
            problems.append(f"missing: {entry['url']}")
        elif found.status != entry["status"] or found.body != entry["body"]:
            problems.append(f"differs: {entry['url']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=SAMPLE / "manifest.toml")
    parser.add_argument("--out", type=Path, default=SAMPLE / "sample.warc.gz")
    args = parser.parse_args(argv)

    count = build_archive(args.manifest, args.out)
    problems = verify(args.manifest, args.out)
    for problem in problems:
        print(problem, file=sys.stderr)
    size_kb = args.out.stat().st_size / 1024
    print(f"{args.out}: {count} records, {size_kb:.0f} KB", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
