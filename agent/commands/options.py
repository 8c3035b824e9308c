"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from agent.settings import db_path

PathType = click.Path(path_type=Path)
ExistingFile = click.Path(exists=True, dir_okay=False, path_type=Path)


def db_option(function):
    """Add `--db PATH` (default $ICP_DB, else ./icp.db; resolved by `agent.settings`)."""
    return click.option(
        "--db",
        type=PathType,
        callback=lambda ctx, param, value: db_path(value),
        show_default="$ICP_DB or icp.db",
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
