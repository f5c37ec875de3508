"""忘记密码 end to end: the link travels through a real local SMTP server (aiosmtpd), works once, for one hour,
only as signed, and never tells whether an address is registered."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from techbridge.accounts import reset as passwords
from techbridge.accounts.repository import PasswordResetRepository
from techbridge.accounts.tables import password_resets
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import ValidationError
from techbridge.notifications.mail import SmtpSender, deliver_outbox
from techbridge.notifications.tables import email_outbox
from tests.integration.notifications.test_mail import smtp_server  # noqa: F401 - the fixture
from tests.integration.web.conftest import page_csrf
from tests.support.factories import make_org, make_user


def reset_link(platform, controller, handler) -> str:
    sender = SmtpSender.from_url(f"smtp://127.0.0.1:{controller.port}", "noreply@techbridge.local")
    assert deliver_outbox(platform.uow(), sender, base_url="http://testserver").sent == 1
    [(_, message)] = handler.messages
    assert "重设密码" in message["Subject"]
    return re.search(r"http://testserver(/password/reset\?token=\S+)", message.get_content()).group(1)


def log_in(client, email, password):
    token = page_csrf(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       follow_redirects=False).status_code


def test_a_forgotten_password_is_reset_through_the_emailed_link_once(client, platform, smtp_server):  # noqa: F811
    controller, handler = smtp_server
    user = make_user(platform, org_id=make_org(platform))
    assert 'href="/password/forgot"' in client.get("/login").text
    r = client.post("/password/forgot", data={"csrf_token": page_csrf(client), "email": user.email})
    assert r.status_code == 200 and "重设密码的链接已发送" in r.text
    link = reset_link(platform, controller, handler)
    page = client.get(link)
    assert page.status_code == 200 and page.headers["referrer-policy"] == "no-referrer"
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    weak = client.post("/password/reset", data={"csrf_token": page_csrf(client), "token": token,
                                                "password": "short", "password2": "short"})
    assert weak.status_code == 422 and "密码为8至" in weak.text  # a refused password does not spend the link
    done = client.post("/password/reset", data={"csrf_token": page_csrf(client), "token": token,
                                                "password": "newpass2026", "password2": "newpass2026"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/login"
    client.cookies.clear()
    assert log_in(client, user.email, "secret123") == 401
    assert log_in(client, user.email, "newpass2026") == 303
    assert client.get(link).status_code == 410  # used


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, platform):
    r = client.post("/password/forgot", data={"csrf_token": page_csrf(client), "email": "nobody@example.cn"})
    assert r.status_code == 200 and "重设密码的链接已发送" in r.text
    with platform.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(email_outbox)) == 0


def test_a_forged_an_expired_or_a_superseded_link_is_refused(client, platform):
    user = make_user(platform, org_id=make_org(platform))
    secret = platform.settings.secret_key
    passwords.request_reset(platform.uow(), email=user.email, secret=secret)
    first = _signed_from_outbox(platform)
    assert client.get(f"/password/reset?token={first[:-2]}xx").status_code == 410  # altered signature
    passwords.request_reset(platform.uow(), email=user.email, secret=secret)
    second = _signed_from_outbox(platform)
    assert not passwords.token_is_valid(platform.uow(), signed=first, secret=secret)  # a new request voids it
    assert passwords.token_is_valid(platform.uow(), signed=second, secret=secret)
    with platform.engine.begin() as conn:
        conn.execute(update(password_resets).values(expires_at=utcnow() - timedelta(minutes=1)))
    assert client.get(f"/password/reset?token={second}").status_code == 410
    assert not passwords.token_is_valid(platform.uow(), signed=second, secret="another-secret")


def test_two_requests_racing_with_one_link_change_the_password_once(platform):
    user = make_user(platform, org_id=make_org(platform))
    secret = platform.settings.secret_key
    passwords.request_reset(platform.uow(), email=user.email, secret=secret)
    signed = _signed_from_outbox(platform)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(password: str) -> None:
        barrier.wait()
        try:
            passwords.reset_password(platform.uow(), signed=signed, secret=secret, password=password, password2=password)
            outcomes.append(password)
        except ValidationError:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(p,)) for p in ("first2026pw", "second2026pw")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes).count("refused") == 1, outcomes
    with platform.uow() as uow:
        assert uow.repo(PasswordResetRepository).count(password_resets.c.used_at.is_(None)) == 0


def _signed_from_outbox(platform) -> str:
    with platform.engine.connect() as conn:
        body = conn.scalar(select(email_outbox.c.body).order_by(email_outbox.c.id.desc()))
    return re.search(r"token=(\S+)", body).group(1)
