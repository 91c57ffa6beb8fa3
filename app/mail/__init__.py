"""Sending mail: SMTP in production; in development mode the outbox (read at /dev/outbox, app/dev/) and the console.

It takes the settings and the database it needs as arguments and imports only app.core and app.settings, so any
feature may send mail. smtplib is blocking, so delivery runs in a worker thread; routes hand it to a background
task after the response, so a page answers as fast whether or not it sent a mail (that would otherwise tell which
addresses exist).
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from databases import Database
from starlette.background import BackgroundTask
from starlette.responses import Response

from app.core import db
from app.settings import Settings

log = logging.getLogger("guildhall.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    # The account the mail is about: the development outbox shows it to that account (and administrators) only.
    user_id: int | None = None


async def send(settings: Settings, database: Database, mail: Mail) -> None:
    if settings.development:
        await _to_outbox(database, mail)
        return
    if not settings.smtp_host:
        log.warning("mail to %s not sent: SMTP_HOST is not set", mail.to)
        return
    try:
        await asyncio.to_thread(deliver, settings, mail)
    except (smtplib.SMTPException, OSError) as exc:
        # The body holds a one-time link: never log it.
        log.error("mail to %s not sent: %s", mail.to, exc.__class__.__name__)


def send_after(response: Response, settings: Settings, database: Database, mail: Mail) -> None:
    """Send once the response is out: the page takes as long whether or not a mail goes."""
    response.background = BackgroundTask(send, settings, database, mail)


async def _to_outbox(database: Database, mail: Mail) -> None:
    await database.execute(
        "INSERT INTO outbox (at, recipient, subject, body, user_id) VALUES (:t, :r, :s, :b, :u)",
        {"t": db.now(), "r": mail.to, "s": mail.subject, "b": mail.body, "u": mail.user_id},
    )
    print(f"--- mail to {mail.to}: {mail.subject}\n{mail.body}\n---", flush=True)


def message(settings: Settings, mail: Mail) -> EmailMessage:
    built = EmailMessage()
    built["From"] = settings.mail_from
    built["To"] = mail.to
    built["Subject"] = mail.subject
    built.set_content(mail.body)
    return built


def deliver(settings: Settings, mail: Mail) -> None:
    """Send one mail with the standard library: implicit TLS (`ssl`), STARTTLS (`starttls`) or plain (`none`)."""
    context = ssl.create_default_context()
    timeout = settings.upstream_timeout * 2
    if settings.smtp_tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout, context=context
        )
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    with client:
        if settings.smtp_tls == "starttls":
            client.starttls(context=context)
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password)
        client.send_message(message(settings, mail))
