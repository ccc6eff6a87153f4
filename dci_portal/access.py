"""The four groups of the portal and what each may do.

Staff view everything except sensitive personnel data; Editors change people,
positions, postings and coverage; Managers export coverage reports; Administrators
do everything, in the admin too.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

STAFF = "Staff"
EDITORS = "Editors"
MANAGERS = "Managers"
ADMINISTRATORS = "Administrators"
GROUPS = (STAFF, EDITORS, MANAGERS, ADMINISTRATORS)

PORTAL_APPS = ("network", "postings")
EDITED_MODELS = ("person", "position", "posting", "coverage")
SENSITIVE_PERMISSION = "postings.view_sensitive_personnel"
EXPORT_PERMISSION = "network.export_coverage_report"


def _group_codenames(all_codenames):
    view = {c for c in all_codenames if c.startswith("view_") and c != "view_sensitive_personnel"}
    edit = {f"{action}_{model}" for model in EDITED_MODELS for action in ("add", "change", "delete")}
    return {
        STAFF: view,
        EDITORS: view | edit,
        MANAGERS: view | {"export_coverage_report"},
        ADMINISTRATORS: set(all_codenames),
    }


def ensure_groups(sender=None, apps=global_apps, using="default", **kwargs):
    """Create the groups and (re)set their permissions; safe to run again."""
    # post_migrate fires once per app; the portal's permissions are complete once
    # the last of its apps has migrated.
    if sender is not None and sender.label != PORTAL_APPS[-1]:
        return
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in global_apps.get_app_configs():
        if app_config.label in PORTAL_APPS:
            create_permissions(app_config, verbosity=0, using=using)
    permissions = Permission.objects.using(using).filter(content_type__app_label__in=PORTAL_APPS)
    by_codename = {p.codename: p for p in permissions}
    for name, codenames in _group_codenames(by_codename).items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([by_codename[c] for c in sorted(codenames) if c in by_codename])
