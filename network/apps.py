from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.groups import EDITORS, MANAGERS, NETWORK_EDITORS


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")
    # What the groups may do beyond viewing (base/access.py).
    group_permissions = {
        EDITORS: ("add_coverage", "change_coverage", "delete_coverage"),
        NETWORK_EDITORS: ("edit_network",),
        MANAGERS: ("export_coverage_report",),
    }
    # Secure lines (network.models.UnitContacts) are need-to-know: Administrators only.
    need_to_know = ("view_secure_line",)

    def ready(self):
        from . import figures  # noqa: F401 - registers the network's figures
