"""Prompts as files: `prompts/<name>.md` with a `version:` front matter and `$variables`.

A prompt file looks like this::

    ---
    version: 2
    ---
    ## system
    You fill company profiles ...
    ## user
    Company: $domain
    $pages

`## system` and `## user` lines start the chat messages (a file without them is one user
message). Variables use `string.Template` syntax (`$name`, `${name}`, `$$` for a dollar sign);
rendering with a variable missing is a hard error, never a silently empty placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

from agent.errors import PromptError

PROMPTS_DIR = Path(__file__).resolve().parent
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<head>.*?)\n---\s*\n", re.S)
_SECTION = re.compile(r"^## (system|user)\s*$", re.M)


@dataclass(frozen=True)
class Prompt:
    """One prompt template: name, version and its message templates in order."""

    name: str
    version: str
    messages: tuple[tuple[str, str], ...]
    """(role, template text) pairs."""

    @property
    def key(self) -> str:
        """Return `name@version`, the prompt's identity in caches and logs."""
        return f"{self.name}@{self.version}"

    @property
    def variables(self) -> frozenset[str]:
        """Return the names of every `$variable` the prompt uses."""
        return frozenset(
            name for _, text in self.messages for name in Template(text).get_identifiers()
        )

    def render(self, **variables: Any) -> list[dict[str, str]]:
        """Return chat messages with every `$variable` substituted; raise on a missing one."""
        missing = sorted(self.variables - variables.keys())
        if missing:
            raise PromptError(f"prompt {self.key}: missing variable(s): {', '.join(missing)}")
        rendered = []
        for role, text in self.messages:
            try:
                content = Template(text).substitute({k: str(v) for k, v in variables.items()})
            except ValueError as exc:  # a stray `$` in the template itself
                raise PromptError(f"prompt {self.key}: {exc}") from None
            rendered.append({"role": role, "content": content.strip()})
        return rendered


def parse_prompt(name: str, source: str) -> Prompt:
    """Parse the text of a prompt file."""
    match = _FRONT_MATTER.match(source)
    if not match:
        raise PromptError(f"prompt {name}: missing front matter with a `version:` line")
    head = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in match["head"].splitlines())
        if value
    )
    version = head.get("version", "")
    if not version:
        raise PromptError(f"prompt {name}: front matter has no `version:`")
    body = source[match.end() :]
    parts = _SECTION.split(body)
    messages: list[tuple[str, str]] = []
    if parts[0].strip():
        messages.append(("user", parts[0]))
    for role, text in zip(parts[1::2], parts[2::2], strict=True):
        messages.append((role, text))
    if not messages:
        raise PromptError(f"prompt {name}: no message text")
    return Prompt(name=name, version=version, messages=tuple(messages))


@cache
def load_prompt(name: str) -> Prompt:
    """Load `prompts/<name>.md`."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise PromptError(f"invalid prompt name {name!r}")
    path = PROMPTS_DIR / f"{name}.md"
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"prompt {name}: no file {path}") from None
    return parse_prompt(name, source)
