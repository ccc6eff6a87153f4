from django.apps import AppConfig
from django.core.checks import register
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "dci_portal"
    verbose_name = _("DCI portal")

    def ready(self):
        from .checks import check_secret_key

        register(check_secret_key, "security", deploy=True)
