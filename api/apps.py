from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only API. Its tokens are credentials: like users and their passwords,
    they are managed in the admin by superusers (no group is given their permissions);
    every user makes and revokes their own on their "My API tokens" page."""

    name = "api"
    verbose_name = _("API")

    def ready(self):
        from . import schema  # noqa: F401 - registers the token authentication in the schema
