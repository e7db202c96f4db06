"""An e-mail backend for tests: Django's locmem outbox, but a recipient whose address starts with
"afvist" is refused as an SMTP server would refuse it."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSING_BACKEND = "tests.mail.RefusingBackend"


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.recipients() if address.startswith("afvist")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"Mailbox unavailable")))
        return super().send_messages(messages)
