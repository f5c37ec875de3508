"""忘记密码: a reset link by e-mail with a signed, single-use, expiring token kept (hashed) on the server.

The link carries a random token signed with the platform's secret (a forged or altered link is
refused before the database is asked); the server stores only the token's SHA-256, so a copy of
the database opens no account. A token works once, for one hour, and a new request or a changed
password voids the older ones. Whether an address is registered is never revealed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from techbridge.accounts import sessions
from techbridge.accounts.login import attempt_key
from techbridge.accounts.model import PasswordReset
from techbridge.accounts.passwords import MIN_PASSWORD, hash_password
from techbridge.accounts.repository import LoginAttemptRepository, PasswordResetRepository, UserRepository
from techbridge.accounts.service import check_password
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.notifications.service import queue_email
from techbridge.storage.uow import UnitOfWork

VALID_FOR = timedelta(hours=1)
_SALT = "techbridge-password-reset"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_reset(uow: UnitOfWork, *, email: str, secret: str) -> None:
    """Queue a reset link for the account of `email`, if there is one (silently nothing otherwise)."""
    with uow:
        user = uow.repo(UserRepository).by_email(email.strip())
        if user is None or not user.is_active or user.id is None:
            return
        now = utcnow()
        token = secrets.token_urlsafe(32)
        repo = uow.repo(PasswordResetRepository)
        repo.spend_all_of(user.id, now)
        repo.add(PasswordReset(user.id, _digest(token), created_at=now, expires_at=now + VALID_FOR))
        link = "{base_url}/password/reset?token=" + _serializer(secret).dumps(token)
        queue_email(uow, user.email, "【京津冀成果转化平台】重设密码",
                    f"{user.display_name}，您好：\n\n有人（希望是您本人）申请重设平台账号 {user.email} 的密码。"
                    f"请在1小时内打开下面的链接设置新密码，链接只能使用一次：\n\n{link}\n\n"
                    "如果不是您本人申请，请忽略这封邮件，您的密码不会改变。\n\n——京津冀科技成果转化供需对接平台")
        uow.commit()


def token_is_valid(uow: UnitOfWork, *, signed: str, secret: str) -> bool:
    """Whether a link may still be used (the form is only shown for a live one)."""
    token = _unsign(signed, secret)
    with uow:
        reset = uow.repo(PasswordResetRepository).by_hash(_digest(token)) if token else None
        return reset is not None and reset.usable(utcnow())


def reset_password(uow: UnitOfWork, *, signed: str, secret: str, password: str, password2: str) -> int:
    """Set a new password with a live link; returns the user id. The link is spent by this call."""
    if password != password2:
        raise ValidationErrors([ValidationError("两次输入的密码不一致", field="password2", code="mismatch")])
    weak = check_password(password)
    if weak:
        raise ValidationErrors(weak)
    token = _unsign(signed, secret)
    with uow:
        repo = uow.repo(PasswordResetRepository)
        now = utcnow()
        user_id = repo.spend(_digest(token), now) if token else None
        if user_id is None:
            raise ValidationError("重设链接无效、已过期或已使用，请重新申请", field="token", code="reset_invalid")
        user = uow.repo(UserRepository).get(user_id)
        assert user is not None and user.id is not None
        user.password_hash = hash_password(password)
        uow.repo(LoginAttemptRepository).clear(attempt_key(user.email))
        repo.spend_all_of(user.id, now)
        uow.commit()
    sessions.end_all(uow, user.id)  # whoever held a session of this account is signed out
    return user.id


def _unsign(signed: str, secret: str) -> str:
    try:
        token = _serializer(secret).loads(signed, max_age=int(VALID_FOR.total_seconds()))
    except BadSignature:
        return ""
    return token if isinstance(token, str) else ""


__all__ = ["MIN_PASSWORD", "VALID_FOR", "request_reset", "reset_password", "token_is_valid"]
