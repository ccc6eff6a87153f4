"""Every historical record says who made the change.

Changes made in a request carry the logged-in user (simple_history's
HistoryRequestMiddleware). Changes made without a user — by a management command,
an import script, a shell — carry in `history_change_reason` the name of what made
them, so that no line of History is ever blank.

Commands may declare themselves with `attributed_to()` (or derive from
`AuditedCommand`); otherwise the running command is found on the call stack, and
failing that the process (``manage.py <command>`` or the program's name) is named.
Bulk writes (simple_history's `bulk_create_with_history`) send no signal: pass them
`default_change_reason=current_attribution()`.
"""

import contextlib
import contextvars
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from .cache import bump_data_version

_attribution = contextvars.ContextVar("dci_portal_history_attribution", default=None)


@contextlib.contextmanager
def attributed_to(label):
    """Attribute the changes made inside the block, without a user, to `label`."""
    token = _attribution.set(str(label))
    try:
        yield
    finally:
        _attribution.reset(token)


def command_label(command_or_name):
    """The label of a command instance or name: `command: load_demo_network`."""
    if isinstance(command_or_name, BaseCommand):
        command_or_name = type(command_or_name).__module__.rsplit(".", 1)[-1]
    return f"command: {command_or_name}"


class AuditedCommand(BaseCommand):
    """Base for the portal's commands: what they change is attributed to them."""

    def execute(self, *args, **options):
        try:
            with attributed_to(command_label(self)):
                return super().execute(*args, **options)
        finally:
            # Bulk writes send no signal: the cached figures are out of date all the same.
            bump_data_version()


def _command_on_stack():
    # call_command() and manage.py both run BaseCommand.execute(); the outermost
    # command on the stack is the one a person started.
    frame = sys._getframe(1)
    found = None
    while frame is not None:
        if frame.f_code.co_name == "execute":
            candidate = frame.f_locals.get("self")
            if isinstance(candidate, BaseCommand):
                found = candidate
        frame = frame.f_back
    return command_label(found) if found is not None else None


def _process_label():
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if program in {"manage.py", "django-admin"} and len(sys.argv) > 1:
        return command_label(sys.argv[1])
    return f"process: {program}"


def current_attribution():
    """What changes made now without a user are attributed to; never blank."""
    return _attribution.get() or _command_on_stack() or _process_label()


def user_name(user):
    """How a user is named in the history: their full name, else their username."""
    return (user.get_full_name() or user.get_username())[:150]


@receiver(pre_create_historical_record, dispatch_uid="base.audit.attribute_history")
def attribute_history(sender, history_instance, history_user=None, **kwargs):
    user = history_user if history_user is not None else history_instance.history_user
    if user is not None and hasattr(history_instance, "history_user_name"):
        # Kept when the account is deleted (the link to it is then cleared).
        history_instance.history_user_name = user_name(user)
    if history_instance.history_user_id is None and not history_instance.history_change_reason:
        history_instance.history_change_reason = current_attribution()
