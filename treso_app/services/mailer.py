"""Sending one e-mail through the SMTP server configured by the environment."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from treso_app.domain.errors import TresoError
from treso_app.settings import Smtp

TIMEOUT_SECONDS = 20


class MailError(TresoError):
    """The server refused or could not be reached; `message` says why, in French."""


def send_mail(smtp: Smtp, to: str, subject: str, body: str, sender_name: str) -> str:
    """Send a plain-text French e-mail; returns its Message-ID."""
    message = EmailMessage()
    message["From"] = formataddr((sender_name, smtp.sender))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(body)
    try:
        if smtp.security == "ssl":
            server = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS)
        with server:
            if smtp.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, smtp.password)
            server.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise MailError("le serveur d'e-mail refuse l'identifiant ou le mot de passe") from None
    except smtplib.SMTPRecipientsRefused:
        raise MailError(f"le serveur d'e-mail refuse l'adresse « {to} »") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError("le serveur d'e-mail ne propose pas STARTTLS (SMTP_SECURITY)") from None
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(
            f"serveur d'e-mail {smtp.host}:{smtp.port} injoignable ou en erreur ({error})"
        ) from None
    return message["Message-ID"]
