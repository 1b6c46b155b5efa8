"""Domain errors: every one of them is meant to be shown to the person who caused it.

Adapters (the CLI, the Discord cogs) catch :class:`FootnoteError` and print its
message as it is; anything else is a bug, logged with its traceback, and the user
gets a short apology instead.
"""

from __future__ import annotations


class FootnoteError(Exception):
    """An error whose message is a plain sentence meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(FootnoteError):
    """The article given (file, text, PDF...) cannot be used: empty, binary, too big..."""


class FetchError(FootnoteError):
    """A URL could not be fetched, or fetching it is not allowed."""


class NotFoundError(FootnoteError):
    """An article id (or other name) that does not exist in this library."""


class LibraryError(FootnoteError):
    """A stored library cannot be used as it is (damaged files, another model)."""


class ConfigError(FootnoteError):
    """A setting is missing or invalid; the message names the variable to set."""


class PermissionDeniedError(FootnoteError):
    """The person asking may not do this (for example change the library)."""


class RateLimitedError(FootnoteError):
    """The person asked too often; the message says when to try again."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuestionError(FootnoteError):
    """A question that cannot be asked as it is (empty, too long)."""


class StorageError(FootnoteError):
    """The data folder cannot be used: a file where a folder should be, no permission to
    write, a read-only or full disk. The message names the path and what is wrong."""
