"""A mail server of the test's own (aiosmtpd on loopback) that the site sends to over SMTP,
for tests that stop it while the site works and start it again."""

from email.parser import BytesParser
from email.policy import default
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import unused_port


class Inbox:
    """What a real SMTP server (aiosmtpd) on loopback received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(BytesParser(policy=default).parsebytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    """A mail server of the test's own, which the site sends to over SMTP; started and
    stopped by the test."""
    port = unused_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    inbox = Inbox()
    running = []

    def start():
        running.append(Controller(inbox, hostname="127.0.0.1", port=port))
        running[-1].start()

    def stop():
        running.pop().stop()

    yield SimpleNamespace(inbox=inbox, start=start, stop=stop)
    while running:
        stop()
