"""A real SMTP server for the tests (aiosmtpd), on a free loopback port: the portal sends
its e-mails through Django's SMTP backend to it, and the tests read what arrived."""

import contextlib
import email
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """What the server received: parsed messages, with their envelope recipients."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        """The messages received for `address`."""
        with self.lock:
            return [message for recipients, message in self.messages if address in recipients]

    def subjects(self, address):
        return [" ".join(str(message["Subject"]).split()) for message in self.to(address)]

    def clear(self):
        with self.lock:
            self.messages.clear()


@contextlib.contextmanager
def smtp_server():
    """A running SMTP server: yields (mailbox, port)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
