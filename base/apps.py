from django.apps import AppConfig
from django.core.checks import register
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = _("Portal base")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import (
            audit,  # noqa: F401 - connects the history attribution signal
            cache,
            search,  # noqa: F401 - the search's lookups, and its SQLite function
            tables_speed,
        )
        from .groups import ensure_groups
        from .middleware import signed_in
        from .staticfiles import check_static_manifest

        user_logged_in.connect(signed_in, dispatch_uid="base.signed_in")
        # Reported by `check --deploy`; a server started by wsgi.py refuses to start.
        register(check_static_manifest, "portal_static", deploy=True)

        tables_speed.install()
        # Every write of a counted record makes the cached figures out of date.
        cache.connect_signals()

        # Groups and their permissions exist after every `migrate`.
        post_migrate.connect(ensure_groups, dispatch_uid="base.ensure_groups")
