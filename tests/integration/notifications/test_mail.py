"""Notification mail goes through a real local SMTP server (aiosmtpd), not a mock."""

import email
import socket
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from techbridge.deals import service as pipeline
from techbridge.notifications.mail import MAX_ATTEMPTS, SmtpSender, deliver_outbox
from techbridge.notifications.repository import OutboxRepository
from tests.support.scenario import cast


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_interest_mail_arrives_through_a_local_smtp_server(platform, smtp_server):
    controller, handler = smtp_server
    c = cast(platform)
    sender = SmtpSender.from_url(f"smtp://127.0.0.1:{controller.port}", "noreply@techbridge.local")
    review_mail = deliver_outbox(platform.uow(), sender, base_url="http://platform.example")
    assert review_mail.sent == 2 and "已审核发布" in handler.messages[0][1]["Subject"]  # both listings approved
    handler.messages.clear()
    pipeline.express_interest(platform.uow(), None, actor=c.seeker, achievement_id=c.achievement_id,
                              demand_id=c.demand_id)
    report = deliver_outbox(platform.uow(), sender, base_url="http://platform.example")
    assert (report.sent, report.failed, report.pending) == (1, 0, 0)
    [(rcpt, message)] = handler.messages
    assert rcpt == [c.supplier.email]
    assert "收到对接意向" in message["Subject"]
    body = message.get_content()
    assert "http://platform.example/engagements/" in body and "{base_url}" not in body
    assert deliver_outbox(platform.uow(), sender, base_url="x").sent == 0  # nothing is sent twice


def test_an_unreachable_server_leaves_the_mail_queued_with_the_error(platform):
    c = cast(platform)
    with platform.uow() as uow:  # the review mails of the cast are not what this test is about
        for mail in uow.repo(OutboxRepository).list():
            uow.repo(OutboxRepository).delete(mail)
        uow.commit()
    pipeline.express_interest(platform.uow(), None, actor=c.seeker, achievement_id=c.achievement_id,
                              demand_id=c.demand_id)
    sender = SmtpSender.from_url(f"smtp://127.0.0.1:{free_port()}", "noreply@techbridge.local")
    for _ in range(MAX_ATTEMPTS):
        report = deliver_outbox(platform.uow(), sender, base_url="x")
        assert report.failed == 1
    with platform.uow() as uow:
        [mail] = uow.repo(OutboxRepository).list()
        assert mail.sent_at is None and mail.attempts == MAX_ATTEMPTS and "ConnectionRefused" in mail.last_error
    assert deliver_outbox(platform.uow(), sender, base_url="x").failed == 0  # gave up after MAX_ATTEMPTS


def test_smtp_urls_are_parsed():
    s = SmtpSender.from_url("smtps://bot%40corp.cn:p%40ss@mail.corp.cn", "a@b.cn")
    assert (s.host, s.port, s.username, s.password, s.ssl) == ("mail.corp.cn", 465, "bot@corp.cn", "p@ss", True)
    assert SmtpSender.from_url("smtp://mail:587?starttls=1", "a@b.cn").starttls
