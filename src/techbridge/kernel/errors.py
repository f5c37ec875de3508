"""Domain errors. Messages are Chinese (shown to users); codes are machine-readable."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a rule of the domain refused an operation."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ValidationError(DomainError):
    """Input that breaks a rule; `field` names the offending field when there is one."""

    code = "validation_error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class ValidationErrors(DomainError):
    """Several field errors found at once (a form or an import row)."""

    code = "validation_error"

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("；".join(e.message for e in errors) or "输入有误")
        self.errors = errors


class NotFound(DomainError):
    code = "not_found"


class PermissionDenied(DomainError):
    code = "forbidden"


class Conflict(DomainError):
    code = "conflict"


class InvalidTransition(DomainError):
    code = "invalid_transition"


class LoginFailed(DomainError):
    code = "login_failed"


class AccountLocked(DomainError):
    code = "account_locked"


# What a form can be sent back with: errors about what was sent. NotFound and PermissionDenied are about who
# asks; pages let them through to the error page (404/403) instead of showing them as a form message.
REFUSED_ON_CONTENT = (ValidationError, ValidationErrors, InvalidTransition, Conflict)
