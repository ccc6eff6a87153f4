"""E-mails of posting rounds, through an outbox: sending never blocks or breaks a request.

The service that makes a change also writes its e-mails (`OutgoingMail`, in each
recipient's language) in the same transaction; once that transaction commits, they are
sent through Django's e-mail framework by a background job (jobs/; in a thread when the
queue is unavailable; at once when ROUNDS_MAIL_IN_BACKGROUND is off). A failed sending
is logged and left in the outbox; `manage.py send_pending_mail` sends what is left.
"""

import logging
import threading
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from base.services import save_validated
from jobs.registry import JobFailed, background_job
from jobs.services import QueueUnavailable, job_enqueue

from .models import OutgoingMail

logger = logging.getLogger(__name__)
SEND_JOB = "rounds.mail.send_job"
SENT_REASON = "e-mail sent"
FAILED_REASON = "e-mail not sent"


def absolute_url(path):
    return urljoin(getattr(settings, "PORTAL_URL", "http://127.0.0.1:8000/"), path)


# --- who receives what ------------------------------------------------------------------


def users_with_permission(permission):
    """Active users who hold `permission` ("app.codename") through a group, directly or
    as superusers, with their account and person (one query)."""
    app_label, codename = permission.split(".", 1)
    granted = permission_codename_q("groups__permissions__", app_label, codename) | permission_codename_q(
        "user_permissions__", app_label, codename
    )
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | granted, is_active=True)
        .select_related("portal_account__person")
        .distinct()
        .order_by("pk")
    )


def permission_codename_q(prefix, app_label, codename):
    return Q(**{f"{prefix}codename": codename, f"{prefix}content_type__app_label": app_label})


def recipient_of_user(user):
    """(address, language) of a user: their own e-mail, else their person's; None without."""
    account = getattr(user, "portal_account", None)
    person = account.person if account is not None else None
    address = user.email or (person.email if person is not None else "")
    if not address:
        return None
    return address, account.mail_language if account is not None else settings.LANGUAGE_CODE


def recipient_of_person(person):
    """(address, language) of a candidate: their login's, else their professional e-mail."""
    account = getattr(person, "account", None)
    if account is not None:
        found = recipient_of_user(account.user)
        if found:
            return found
    if person.email:
        return person.email, settings.LANGUAGE_CODE
    return None


def recipients_of_users(users):
    found = {}
    for user in users:
        recipient = recipient_of_user(user)
        if recipient:
            found.setdefault(recipient[0], recipient)
    return list(found.values())


# --- writing and sending -----------------------------------------------------------------


def queue(event, recipients, *, round=None, template=None, **context):
    """Write one e-mail per (address, language) of `recipients`, rendered from
    rounds/mail/<template>_subject.txt and _body.txt in that language; send them after
    the current transaction commits. Returns the outbox rows."""
    template = template or event
    rows = []
    for address, language in recipients:
        subject, body = render(template, language, round=round, **context)
        mail = OutgoingMail(
            event=event, round=round, to=address, language=language, subject=subject, body=body
        )
        rows.append(save_validated(mail, reason=str(OutgoingMail.Event(event).label)))
    if rows:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: dispatch(ids))
    return rows


def render(template, language, **context):
    """(subject, body) of rounds/mail/<template>_subject.txt and _body.txt in `language`."""
    with translation.override(language):
        values = {**context, "portal_url": absolute_url("/")}
        subject = " ".join(render_to_string(f"rounds/mail/{template}_subject.txt", values).split())
        body = render_to_string(f"rounds/mail/{template}_body.txt", values).strip() + "\n"
    return subject[:255], body


def dispatch(ids):
    """Send the outbox rows `ids`: by a background job (jobs/) unless configured
    otherwise; in a thread of this process while the queue is unavailable."""
    if not getattr(settings, "ROUNDS_MAIL_IN_BACKGROUND", True):
        send_pending(ids=ids)
        return
    try:
        job_enqueue(
            kind=SEND_JOB,
            title=ngettext("Sending %(count)s e-mail", "Sending %(count)s e-mails", len(ids))
            % {"count": len(ids)},
            arguments={"ids": ids},
        )
    except QueueUnavailable:
        logger.warning("The background queue is unavailable: e-mails %s are sent from the web process.", ids)
        threading.Thread(target=_send_in_background, args=(ids,), daemon=True, name="rounds-mail").start()


@background_job
def send_job(job, *, ids):
    """The background job of `dispatch`; what it can't send stays in the outbox."""
    sent, failed = send_pending(ids=ids)
    message = ngettext("%(count)s e-mail sent.", "%(count)s e-mails sent.", sent) % {"count": sent}
    if failed:
        raise JobFailed(
            message
            + " "
            + ngettext(
                "%(count)s e-mail not sent: it stays in the outbox (manage.py send_pending_mail).",
                "%(count)s e-mails not sent: they stay in the outbox (manage.py send_pending_mail).",
                failed,
            )
            % {"count": failed}
        )
    return message


def _send_in_background(ids):
    try:
        send_pending(ids=ids)
    except Exception:  # noqa: BLE001 - a thread has nobody to report to but the log
        logger.exception("Sending e-mails %s failed; manage.py send_pending_mail will retry.", ids)
    finally:
        connection.close()  # this thread's own database connection


def send_pending(*, ids=None, created_before=None):
    """Send the unsent e-mails of the outbox (those of `ids`, or all written before
    `created_before`); record each success and failure. Returns (sent, failed)."""
    pending = OutgoingMail.objects.filter(sent_at__isnull=True).order_by("pk")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    if created_before is not None:
        pending = pending.filter(created_at__lt=created_before)
    pending = list(pending)
    sent = failed = 0
    if not pending:
        return sent, failed
    try:
        smtp = get_connection(fail_silently=False)
        smtp.open()
    except Exception as error:  # noqa: BLE001 - recorded on every message, then logged
        for mail in pending:
            _failed(mail, error)
        return 0, len(pending)
    try:
        for mail in pending:
            try:
                EmailMessage(
                    mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], connection=smtp
                ).send()
            except Exception as error:  # noqa: BLE001 - any failure leaves the mail to retry
                _failed(mail, error)
                failed += 1
            else:
                mail.sent_at, mail.last_error = timezone.now(), ""
                mail.attempts += 1
                save_validated(mail, reason=SENT_REASON)
                sent += 1
    finally:
        try:
            smtp.close()
        except Exception:  # noqa: BLE001 - the messages are sent or recorded as failed already
            logger.warning("Closing the SMTP connection failed.", exc_info=True)
    return sent, failed


def _failed(mail, error):
    logger.warning("E-mail %s to %s not sent (attempt %s): %s", mail.pk, mail.to, mail.attempts + 1, error)
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:1000]
    save_validated(mail, reason=FAILED_REASON)
