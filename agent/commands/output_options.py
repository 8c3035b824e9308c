"""The one output convention of every command, and the old spellings it replaced.

`--json` is a flag: JSON (one object per line for lists) goes to stdout instead of the
human view. `--out PATH` writes the command's result to a file whose format comes from
`--format` when given, else from the file's extension, else the command's default.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from agent.errors import ConfigError


def output_format(
    out: Path | None, fmt: str | None, by_suffix: Mapping[str, str], default: str
) -> str:
    """Return the format of `--out`: `--format`, else the extension's, else `default`."""
    if fmt:
        return fmt
    if out is not None:
        return by_suffix.get(out.suffix.lower(), default)
    return default


def deprecated(old: str, new: str) -> None:
    """Tell the user, in one line on stderr, that an old spelling still works but is going."""
    click.echo(f"note: {old} is deprecated and will be removed; use {new}", err=True)


class LegacyJsonPath(click.Command):
    """A command whose `--json` flag still accepts the deprecated `--json FILE.json`.

    `--json` followed by a name ending in `.json` (or `--json=FILE`) is the old spelling:
    it is read as the hidden `--json-path FILE`, with a one-line deprecation note. Any
    other token after `--json` is left alone, so `--json NOTES_DIR` stays a flag.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Rewrite the old `--json FILE` spelling, then parse as usual."""
        rewritten: list[str] = []
        index = 0
        while index < len(args):
            token = args[index]
            following = args[index + 1] if index + 1 < len(args) else ""
            if token == "--json" and following.lower().endswith(".json"):
                rewritten.append(f"--json-path={following}")
                index += 2
                continue
            if token.startswith("--json="):
                token = "--json-path=" + token.removeprefix("--json=")
            rewritten.append(token)
            index += 1
        return super().parse_args(ctx, rewritten)


def legacy_json_path_option(new: str):
    """Add the hidden `--json-path` behind the deprecated `--json FILE` (see `LegacyJsonPath`)."""

    def warn(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None:
            deprecated("`--json FILE`", new)
        return value

    return click.option("--json-path", type=click.Path(path_type=Path), hidden=True,
                        callback=warn, expose_value=True)  # fmt: skip


def write_text(path: Path, text: str) -> None:
    """Write a result file (folders created), or fail with a one-line error naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror or type(exc).__name__}") from None
    click.echo(f"wrote {path}", err=True)
