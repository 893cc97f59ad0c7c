"""The one base of the errors whose message is a sentence meant for a person.

It lives in the lowest layer so that both ``storage`` (``StorageError``, for the operator) and
``bot`` (``UserError`` and its kinds, for whoever typed the command) can derive from it, and the
command tree, the buttons and the command line can tell them from bugs in one place.
"""

from __future__ import annotations


class ExplainedError(Exception):
    """An error whose text says what went wrong and what to do; safe to show as it is."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else "Something went wrong."
