from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = _("Portal base")

    def ready(self):
        from . import (
            audit,  # noqa: F401 - connects the history attribution signal
            cache,
            search,  # noqa: F401 - the search's lookups, and its SQLite function
            tables_speed,
        )
        from .groups import ensure_groups

        tables_speed.install()
        # Every write of a counted record makes the cached figures out of date.
        cache.connect_signals()

        # Groups and their permissions exist after every `migrate`.
        post_migrate.connect(ensure_groups, dispatch_uid="base.ensure_groups")
