from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.groups import MANAGERS, STAFF


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = _("Posting rounds")
    # What the groups may do beyond viewing (base/groups.py). Every member of staff applies,
    # for themselves; Managers run rounds, see the candidates and decide; Editors only view.
    group_permissions = {
        STAFF: ("apply_to_round",),
        MANAGERS: (
            "add_round",
            "change_round",
            "export_round",
            "add_vacancynotice",
            "change_vacancynotice",
            "delete_vacancynotice",
            "view_application",
            "change_application",
            "view_decision",
            "add_decision",
        ),
    }
    # Candidates and the committee's decisions are need-to-know; so are the logins' links
    # to people and the e-mails sent to them (Administrators).
    need_to_know = ("view_application", "view_decision", "view_account", "view_outgoingmail")

    def ready(self):
        from . import figures  # noqa: F401 - registers the figures of rounds
