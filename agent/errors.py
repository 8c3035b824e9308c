"""The error hierarchy of icp-agent, in one place.

Expected failures while researching (a 404, a robots.txt refusal, a timeout) are *not*
exceptions: they become typed results (`FetchErrorKind` in `FetchResult.error`, both in
`tools.web.result`; notes in the account result) so one page never sinks an account and one
account never sinks a batch.
Exceptions are for problems the user must fix, and the CLI turns them into clean messages:

    IcpError
    ├── ConfigError          a bad ICP file, settings or option (names the key and problem)
    ├── InputError           a bad accounts CSV, notes folder or labels file
    ├── ArchiveError         a WARC archive that cannot be read
    └── StoreError           the SQLite store is missing, locked or from a newer version
"""

from __future__ import annotations


class IcpError(Exception):
    """Base class of every error icp-agent reports to the user."""


class ConfigError(IcpError):
    """A configuration problem: ICP file, settings, command-line option."""


class InputError(IcpError):
    """A problem with an input file (accounts CSV, notes, labels)."""


class ArchiveError(IcpError):
    """A WARC archive could not be read or written."""


class StoreError(IcpError):
    """The SQLite store cannot be used."""
