from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "dci_portal"
    verbose_name = _("DCI portal")

    def ready(self):
        from . import audit  # noqa: F401 - connects the history attribution signal
        from .access import ensure_groups

        # Groups and their permissions exist after every `migrate`.
        post_migrate.connect(ensure_groups, dispatch_uid="dci_portal.ensure_groups")
