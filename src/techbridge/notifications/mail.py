"""Email delivery from the outbox through a pluggable sender.

`TECHBRIDGE_SMTP_URL` selects the sender: `smtp://user:pass@host:587?starttls=1`,
`smtps://user:pass@host:465`, or empty to keep mail in the outbox (shown in the inbox only).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from techbridge.kernel.clock import utcnow
from techbridge.notifications.repository import OutboxRepository
from techbridge.storage.uow import UnitOfWork

MAX_ATTEMPTS = 5


class MailSender(Protocol):
    def send(self, to: str, subject: str, body: str) -> None:
        """Deliver one message or raise."""


@dataclass(frozen=True)
class SmtpSender:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    ssl: bool = False
    starttls: bool = False
    timeout: float = 20.0

    @classmethod
    def from_url(cls, url: str, sender: str) -> SmtpSender:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"unsupported mail URL scheme: {parts.scheme}")
        query = parse_qs(parts.query)
        return cls(host=parts.hostname or "localhost", port=parts.port or (465 if parts.scheme == "smtps" else 25),
                   sender=sender, username=unquote(parts.username or ""), password=unquote(parts.password or ""),
                   ssl=parts.scheme == "smtps", starttls=query.get("starttls", ["0"])[0] in ("1", "true"))

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = Address("京津冀科技成果转化平台", addr_spec=self.sender)
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body, charset="utf-8")
        smtp_class = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


def sender_from_settings(smtp_url: str, mail_from: str) -> MailSender | None:
    return SmtpSender.from_url(smtp_url, mail_from) if smtp_url else None


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int
    pending: int


def deliver_outbox(uow: UnitOfWork, sender: MailSender | None, *, base_url: str, limit: int = 200) -> DeliveryReport:
    """Send queued mail; a failure is recorded on the message and retried later (up to MAX_ATTEMPTS)."""
    if sender is None:
        with uow:
            return DeliveryReport(0, 0, len(uow.repo(OutboxRepository).pending(MAX_ATTEMPTS, limit)))
    sent = failed = 0
    with uow:
        for mail in uow.repo(OutboxRepository).pending(MAX_ATTEMPTS, limit):
            mail.attempts += 1
            try:
                sender.send(mail.to_address, mail.subject, mail.body.replace("{base_url}", base_url.rstrip("/")))
            except (OSError, smtplib.SMTPException) as err:
                mail.last_error = f"{type(err).__name__}: {err}"[:500]
                failed += 1
            else:
                mail.sent_at = utcnow()
                mail.last_error = ""
                sent += 1
            uow.commit()  # one message at a time: a crash never re-sends what went out
        pending = len(uow.repo(OutboxRepository).pending(MAX_ATTEMPTS, limit))
    return DeliveryReport(sent, failed, pending)
