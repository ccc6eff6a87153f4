"""The demo commands load only into a database that holds nothing but the demo: they add
fictional people and logins with a published password, which must never reach a
database of real records, whatever DEBUG or --force say.

What the demo wrote is known by its history: every record of the demo is created by
load_demo_network (its change reason) or changed by a demo login; any other author, and
any account that is not a demo login, is someone else's data.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db.models import Q

from .sync import REASON
from .users import DEMO_USERS

DEMO_REASONS = (REASON, "command: load_demo_network", "command: generate_scale_network")
EXAMPLES = 5


def history_managers():
    for model in apps.get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute:
            yield model, getattr(model, attribute)


def foreign_data():
    """What the database holds that the demo did not write: ["3 user accounts (alice, …)",
    "12 changes to people", …]; [] for an empty database or the demo's."""
    found = []
    others = get_user_model().objects.exclude(username__in=DEMO_USERS)
    count = others.count()
    if count:
        names = ", ".join(others.order_by("username").values_list("username", flat=True)[:EXAMPLES])
        found.append(
            f"{count} user account(s) that are not demo logins ({names}{', …' if count > EXAMPLES else ''})"
        )
    demo = Q(history_user__username__in=DEMO_USERS) | Q(
        history_user__isnull=True, history_change_reason__in=DEMO_REASONS
    )
    for model, history in history_managers():
        changes = history.exclude(demo).count()
        if changes:
            found.append(f"{changes} change(s) to {model._meta.verbose_name_plural} not made by the demo")
    return found


def refuse_unless_demo_database(command):
    """Raise a CommandError naming what is not the demo's, unless the database holds
    nothing else."""
    found = foreign_data()
    if found:
        raise CommandError(
            f"{command} refuses to run: this database holds data the demo did not write, "
            "so it may be a production database. Found: "
            + "; ".join(found)
            + ". Load the demo into an empty database of its own (e.g. DATABASE_URL=sqlite:///demo.sqlite3)."
        )
