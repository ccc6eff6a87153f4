"""Send the e-mails of the outbox that were not sent (the server was down, the sending
thread was stopped). Run it from cron, e.g. every five minutes."""

import datetime

from django.utils import timezone

from base.audit import AuditedCommand
from rounds.mail import send_pending


class Command(AuditedCommand):
    help = (
        "Send the posting rounds' e-mails still waiting in the outbox (failed or interrupted "
        "sendings); each success and failure is recorded on the message."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="Only e-mails written at least this many seconds ago (default 60: leaves the "
            "ones being sent right now to their request).",
        )

    def handle(self, *args, **options):
        before = timezone.now() - datetime.timedelta(seconds=max(options["older_than"], 0))
        sent, failed = send_pending(created_before=before)
        if options["verbosity"]:
            self.stdout.write(f"Sent: {sent}; still pending after a failure: {failed}.")
        return None
