"""Domain errors with messages fit for the user: they name the field and the rule broken."""

from __future__ import annotations


class LoketError(Exception):
    """Base class of every error the core raises on purpose."""

    exit_code = 1


class ValidationError(LoketError):
    """Input that breaks a rule; nothing was written.

    ``errors`` is a list of (field, message) pairs so a form can show each message
    beside its field; ``str()`` joins them for the CLI.
    """

    exit_code = 2

    def __init__(self, field: str, message: str, *, more: list[tuple[str, str]] | None = None):
        self.errors: list[tuple[str, str]] = [(field, message), *(more or [])]
        super().__init__("; ".join(f"{f}: {m}" for f, m in self.errors))

    @property
    def field(self) -> str:
        return self.errors[0][0]

    def __reduce__(self):
        # across processes (a worker pool, a subprocess's pickle) with every (field, message)
        return _validation_error, (self.errors,)

    @classmethod
    def many(cls, errors: list[tuple[str, str]]) -> ValidationError:
        first, *rest = errors
        return cls(first[0], first[1], more=rest)


def _validation_error(errors: list[tuple[str, str]]) -> ValidationError:
    return ValidationError.many([tuple(e) for e in errors])


class NotFound(LoketError):
    """A record named by the user does not exist."""

    exit_code = 2


class StateError(LoketError):
    """The action is not allowed in the record's current state (e.g. a bad status transition)."""

    exit_code = 2


class PermissionDenied(LoketError):
    """The signed-in staff member's role does not allow the action."""

    exit_code = 2
