"""Logging in: one answer for a wrong password and an unknown address, and a lockout that parallel
attempts cannot slip past (the failure count is one atomic statement per attempt)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from techbridge.accounts.model import User
from techbridge.accounts.passwords import dummy_hash, verify_password
from techbridge.accounts.repository import LoginAttemptRepository, UserRepository
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import AccountLocked, LoginFailed
from techbridge.storage.uow import UnitOfWork

WRONG = "邮箱或密码不正确"


def attempt_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def authenticate(uow: UnitOfWork, *, email: str, password: str, max_failures: int, lockout_minutes: int) -> User:
    """Return the user when the password matches; after `max_failures` misses the address is locked.

    Unknown addresses are counted and locked exactly like known ones, and cost the same hashing,
    so neither the message, the status nor the timing tells whether an account exists.
    """
    key = attempt_key(email)
    now = utcnow()
    with uow:
        locked_until = uow.repo(LoginAttemptRepository).locked_until(key)
        if locked_until is not None and locked_until > now:
            minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
            raise AccountLocked(f"登录失败次数过多，请 {minutes} 分钟后再试")
        user = uow.repo(UserRepository).by_email(email.strip())
    usable = user is not None and user.is_active
    if usable and user is not None and verify_password(user.password_hash, password):
        with uow:
            uow.repo(LoginAttemptRepository).clear(key)
            uow.commit()
        return user
    if not usable:
        verify_password(dummy_hash(), password)
    with uow:
        attempts = uow.repo(LoginAttemptRepository)
        failures = attempts.add_failure(key, now)
        if failures >= max_failures:
            attempts.lock(key, now + timedelta(minutes=lockout_minutes), now)
        uow.commit()
    if failures >= max_failures:
        raise AccountLocked(f"登录失败次数过多，请 {lockout_minutes} 分钟后再试")
    raise LoginFailed(f"{WRONG}（再错 {max_failures - failures} 次将暂停登录 {lockout_minutes} 分钟）")
