"""Errors meant for people. Every subclass of :class:`BadInputError` makes the CLI exit with code 2."""

from __future__ import annotations


class BadInputError(ValueError):
    """Input the user can fix: an unknown name, an impossible year, a malformed file."""


class UnknownDatasetError(BadInputError, KeyError):
    """A data set name that is not in the registry."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DataFileError(BadInputError):
    """A bundled or cached data file that is missing or corrupt."""


class UnknownCountryError(BadInputError, LookupError):
    """A country name or code that cannot be resolved; carries the closest matches."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class CoverageError(BadInputError):
    """A year outside the coverage of a source or of the state system."""


class OutputError(BadInputError, OSError):
    """A file-system fault the user can fix: a missing or unwritable folder, ``--out`` naming the wrong kind of
    path, a full disk, a symlink loop, an unreadable or non-UTF-8 input file."""


class AmbiguousCountryError(UnknownCountryError):
    """A country name that stands for several states in the year given (``Yemen`` in 1985); ``suggestions`` lists
    them."""


class AmbiguousCountryWarning(UserWarning):
    """A country name read as one of several states (``Congo``, ``Korea`` in 1990, ``Germany`` in 1970); the
    message lists the candidates and says how to be exact."""
