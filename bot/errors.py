"""Domain errors whose text is safe to show to a person as it is."""

from storage.errors import ExplainedError


class UserError(ExplainedError):
    """An error caused by input; its message says what is wrong and what to do instead."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else "Something was wrong with that input."


class ConfigError(UserError):
    """The configuration is invalid; the message names the key and the expected form."""


class PermissionDenied(UserError):
    """The person may not do this; the message says why."""
