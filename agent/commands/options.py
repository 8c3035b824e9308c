"""Options shared by several commands."""

from __future__ import annotations

import os
from pathlib import Path

import click

PathType = click.Path(path_type=Path)
ExistingFile = click.Path(exists=True, dir_okay=False, path_type=Path)


def db_option(function):
    """Add `--db PATH` (default ./icp.db, or $ICP_DB)."""
    return click.option(
        "--db",
        type=PathType,
        default=lambda: os.environ.get("ICP_DB", "icp.db"),
        show_default="icp.db or $ICP_DB",
        help="SQLite store of research and scores.",
    )(function)
