"""The error hierarchy of icp-agent, in one place.

Expected failures while researching (a 404, a robots.txt refusal, a timeout) are *not*
exceptions: they become typed results (`FetchErrorKind` in `FetchResult.error`, both in
`tools.web.result`; notes in the account result) so one page never sinks an account and one
account never sinks a batch.
Exceptions are for problems the user must fix; the CLI (`agent/cli.py`) prints every `IcpError`
as one line, `Error: <message>`, and exits with 1 (click's usage errors exit with 2):

    IcpError
    ├── ConfigError            a bad ICP file, setting or option (names the key and problem)
    ├── InputError             a bad accounts CSV, notes folder or labels file
    │   └── NoteError          one interview note that cannot be used (empty, unreadable ...)
    ├── ArchiveError           a WARC archive that cannot be read
    ├── StoreError             the store is missing, read-only, corrupt or from a newer version
    ├── PromptError            a prompt file is missing or malformed, or a variable was not given
    └── LLMError               an LLM request failed (`usage` holds what it consumed anyway)
        ├── LLMUnavailableError    the endpoint could not answer (refused, unreachable, limited)
        └── LLMOutputError         the reply did not fit the schema, even after one re-ask

Internal, never shown to a user (caught where they are raised):

    ValueError
    └── ReplyError             agent/llm/structured_output.py: one reply is not the JSON asked
    Exception
    └── AddressBlocked         tools/web/ssrf.py: a non-public address, refused before connecting
"""

from __future__ import annotations

from typing import Any


class IcpError(Exception):
    """Base class of every error icp-agent reports to the user."""


class ConfigError(IcpError):
    """A configuration problem: ICP file, settings, command-line option."""


class InputError(IcpError):
    """A problem with an input file (accounts CSV, notes, labels)."""


class NoteError(InputError):
    """A note file that cannot be used (empty, unreadable, not the format its name says)."""


class ArchiveError(IcpError):
    """A WARC archive could not be read or written."""


class StoreError(IcpError):
    """The SQLite store cannot be used."""


class PromptError(IcpError):
    """A prompt file is missing or malformed, or a variable was not given."""


class LLMError(IcpError):
    """An LLM request failed; `usage` holds what it consumed anyway (None: nothing known)."""

    def __init__(self, message: str, usage: Any = None):
        super().__init__(message)
        self.usage = usage
        """An `agent.llm.costs.Usage` (typed loosely: this module imports nothing of ours)."""


class LLMUnavailableError(LLMError):
    """The endpoint could not answer (refused, unreachable, rate limited past the retries)."""


class LLMOutputError(LLMError):
    """The reply was not valid for the schema, even after one re-ask."""
