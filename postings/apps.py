from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.groups import EDITORS


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = _("People and postings")
    # What the groups may do beyond viewing (base/access.py).
    group_permissions = {
        EDITORS: tuple(
            f"{action}_{model}"
            for model in ("person", "position", "posting")
            for action in ("add", "change", "delete")
        ),
    }
    need_to_know = ("view_sensitive_personnel",)

    def ready(self):
        from . import figures  # noqa: F401 - registers the figures of people and positions
