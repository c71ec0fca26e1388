"""Errors a user can cause. Their message is French and shown as is in the UI and the CLI."""


class DomainError(Exception):
    """A refused command. `str(err)` is the French message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """The input is malformed or breaks a rule; nothing was written."""


class Problems:
    """Collects the French messages of several checks, so a form reports every problem at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def take(self, check, default: object = "") -> object:
        """`check()`'s result, or `default` after noting its refusal."""
        try:
            return check()
        except InvalidInput as err:
            self.problems.append(err.message)
            return default


class NotFound(DomainError):
    """The record does not exist in this firm (or the user may not know that it does)."""


class PermissionDenied(DomainError):
    """The signed-in user lacks the permission the command needs."""

    def __init__(self, message: str = "Vous n'avez pas l'autorisation d'effectuer cette action.") -> None:
        super().__init__(message)


class AuthenticationFailed(DomainError):
    """Sign-in refused. The message never reveals whether the account exists."""
