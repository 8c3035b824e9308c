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


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class Duration(click.ParamType):
    """A duration such as `30d`, `12h`, `2w` or `90m`."""

    name = "duration"

    def convert(self, value, param, ctx):
        """Parse the duration into a timedelta."""
        from datetime import timedelta

        if isinstance(value, timedelta):
            return value
        text = str(value).strip().lower()
        if len(text) >= 2 and text[-1] in _UNITS and text[:-1].isdigit():
            return timedelta(seconds=int(text[:-1]) * _UNITS[text[-1]])
        self.fail(f"{value!r} is not a duration like 30d, 12h, 2w", param, ctx)
