"""Refresh the vendored Wappalyzer fingerprints from the maintained community source.

The source is enthec/webappanalyzer on GitHub (GPL-3.0, the community continuation of the
Wappalyzer fingerprint DB): `src/technologies/{_,a..z}.json` and `src/categories.json`. The
script keeps only the keys our matcher reads (see KEPT_KEYS), writes them as one gzip'd JSON
file, and records the source commit in a small metadata file beside it:

    tools/technographics/data/fingerprints.json.gz   {"categories": {...}, "technologies": {...}}
    tools/technographics/data/SOURCE.json            repository, commit, date, counts, license

Usage (a maintainer, with internet access):
    python scripts/refresh_fingerprints.py                  # the newest commit of master
    python scripts/refresh_fingerprints.py --ref 1b9eee8    # one commit, branch or tag
Or from a local git clone of the repository (no network):
    python scripts/refresh_fingerprints.py --git-dir ~/src/webappanalyzer [--ref HEAD]

The output is deterministic (sorted keys, gzip mtime 0), so an unchanged source gives
unchanged bytes and a refresh shows up in review as exactly the data that changed.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import string
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

REPOSITORY = "enthec/webappanalyzer"
DEFAULT_REF = "main"
DATA_DIR = Path(__file__).resolve().parents[1] / "tools" / "technographics" / "data"
TECHNOLOGY_FILES = ["_"] + list(string.ascii_lowercase)
KEPT_KEYS = (
    "cats", "cookies", "dom", "excludes", "headers", "html", "implies", "js", "meta",
    "requires", "requiresCategory", "scriptSrc", "scripts",
)  # fmt: skip


def compact(technologies: dict[str, Any], categories: dict[str, Any]) -> dict[str, Any]:
    """Return the vendored document: category names and the matcher's keys of each technology."""
    return {
        "categories": {key: {"name": value["name"]} for key, value in categories.items()},
        "technologies": {
            name: {key: entry[key] for key in KEPT_KEYS if key in entry}
            for name, entry in technologies.items()
        },
    }


def write(document: dict[str, Any], source: dict[str, Any], out_dir: Path = DATA_DIR) -> None:
    """Write fingerprints.json.gz (deterministic bytes) and SOURCE.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")
    with (out_dir / "fingerprints.json.gz").open("wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(payload)
    source = {
        **source,
        "technologies": len(document["technologies"]),
        "categories": len(document["categories"]),
        "license": "GPL-3.0 (the source repository's LICENSE)",
        "kept_keys": list(KEPT_KEYS),
    }
    (out_dir / "SOURCE.json").write_text(json.dumps(source, indent=2) + "\n", encoding="utf-8")


def _merge(files: dict[str, bytes]) -> tuple[dict[str, Any], dict[str, Any]]:
    technologies: dict[str, Any] = {}
    for letter in TECHNOLOGY_FILES:
        technologies.update(json.loads(files[f"src/technologies/{letter}.json"]))
    return technologies, json.loads(files["src/categories.json"])


def _wanted_paths() -> list[str]:
    return [f"src/technologies/{letter}.json" for letter in TECHNOLOGY_FILES] + [
        "src/categories.json"
    ]


def from_git(git_dir: Path, ref: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Read the source files of `ref` from a local clone (work tree or bare)."""

    def git(*args: str) -> bytes:
        return subprocess.run(
            ["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True
        ).stdout

    if (git_dir / ".git").is_dir():
        git_dir = git_dir / ".git"
    commit = git("rev-parse", f"{ref}^{{commit}}").decode().strip()
    date = git("show", "-s", "--format=%cI", commit).decode().strip()
    files = {path: git("show", f"{commit}:{path}") for path in _wanted_paths()}
    technologies, categories = _merge(files)
    return technologies, categories, {"repository": REPOSITORY, "commit": commit, "date": date}


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "icp-agent refresh script"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - fixed hosts
        return bytes(response.read())


def from_github(ref: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Download the source files of `ref` from GitHub (the commit is resolved first)."""
    info = json.loads(_get(f"https://api.github.com/repos/{REPOSITORY}/commits/{ref}"))
    commit, date = info["sha"], info["commit"]["committer"]["date"]
    archive = _get(f"https://codeload.github.com/{REPOSITORY}/tar.gz/{commit}")
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        for member in tar.getmembers():
            path = member.name.split("/", 1)[-1]  # drop the "<repo>-<sha>/" folder
            if path in _wanted_paths() and (extracted := tar.extractfile(member)):
                files[path] = extracted.read()
    technologies, categories = _merge(files)
    return technologies, categories, {"repository": REPOSITORY, "commit": commit, "date": date}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default=None, help="commit, branch or tag (default: main)")
    parser.add_argument("--git-dir", type=Path, help="read from this local clone instead")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    if args.git_dir:
        technologies, categories, source = from_git(args.git_dir, args.ref or "HEAD")
    else:
        technologies, categories, source = from_github(args.ref or DEFAULT_REF)
    write(compact(technologies, categories), source, args.out)
    where = f"{source['repository']} at {source['commit']} ({source['date']})"
    print(f"{len(technologies)} technologies, {len(categories)} categories from {where}",
          file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
