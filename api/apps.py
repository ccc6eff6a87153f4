from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    # Every user manages their own tokens on their own page; in the admin, viewing or
    # changing anyone's token is for Administrators only.
    group_permissions = {}
    need_to_know = ("view_apitoken",)

    def ready(self):
        from . import schema  # noqa: F401 - registers the token authentication in the schema
