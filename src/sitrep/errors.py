"""Errors that are part of the contract: they name the input and the reason."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class: a clear, one-line message meant for the user."""


class InputError(SitrepError):
    """One input could not be read; the batch goes on without it."""

    def __init__(self, input_id: str, reason: str) -> None:
        super().__init__(f"{input_id}: {reason}")
        self.input_id = input_id
        self.reason = reason


class ConfigError(SitrepError):
    """A setting or path is wrong (missing gazetteer file, bad store URL, ...)."""


class StoreError(SitrepError):
    """The store could not be opened or written."""
