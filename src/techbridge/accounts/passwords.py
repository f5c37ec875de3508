"""Password hashing (argon2id, the winner of the Password Hashing Competition, RFC 9106)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

MIN_PASSWORD = 8
MAX_PASSWORD = 128  # argon2 takes any length; a bound keeps a request from buying seconds of hashing


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


@cache
def dummy_hash() -> str:
    """Verified against when the account does not exist, so both answers cost the same."""
    return hash_password("not-a-real-password-1")
