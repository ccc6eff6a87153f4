"""The portal's four groups and what each may do.

Staff view everything but need-to-know data, and do what their apps grant every member
of staff (apply to a posting round, for themselves); Editors also change what their apps
grant them (people, positions, postings, coverage); Network editors also reorganise the
network itself (embassies, departments, sections, central units: a separate
responsibility, often of people who are neither posting editors nor admin users);
Managers also run what their apps grant (reports, posting rounds); Administrators do
everything, in the admin too. Each app with permissions declares, on its AppConfig,
`group_permissions` ({group: codenames}) and `need_to_know` (view codenames Staff do
not get); `ensure_groups` (after every migrate) gives the groups what the apps say.
"""

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _

STAFF = "Staff"
EDITORS = "Editors"
NETWORK_EDITORS = "Network editors"
MANAGERS = "Managers"
ADMINISTRATORS = "Administrators"
GROUPS = (STAFF, EDITORS, NETWORK_EDITORS, MANAGERS, ADMINISTRATORS)  # from the least to the most powerful
DESCRIPTIONS = {
    STAFF: _("view the network"),
    EDITORS: _("view the network and edit its records"),
    NETWORK_EDITORS: _("view the network and change its organisation"),
    MANAGERS: _("view the network and run its reports"),
    ADMINISTRATORS: _("do everything, in the admin too"),
}


# What a group also gets on other packages' models: the lock-out page tells people to ask
# the administrators, so Administrators see and clear lock-outs (django-axes' access
# attempts) in the admin, and read the log of sign-ins and failures.
LOCK_OUT_PERMISSIONS = (
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
    "axes.delete_accessfailurelog",
    "axes.view_accesslog",
)
# The record of every export of the portal's records (base.models.ExportRecord): read
# by Administrators, written only by the exports themselves.
OTHER_PERMISSIONS = {ADMINISTRATORS: (*LOCK_OUT_PERMISSIONS, "base.view_exportrecord")}


def group_description(name):
    return DESCRIPTIONS.get(name, "")


def groups_granting(permissions):
    """The portal's groups whose members have all of `permissions` ("app.codename"),
    least powerful first; [] if none does. One query."""
    from django.contrib.auth.models import Permission

    wanted = set(permissions)
    if not wanted:
        return []
    codenames = {permission.partition(".")[2] for permission in wanted}
    held = {group: set() for group in GROUPS}
    rows = Permission.objects.filter(group__name__in=GROUPS, codename__in=codenames).values_list(
        "group__name", "content_type__app_label", "codename"
    )
    for group, app_label, codename in rows:
        held[group].add(f"{app_label}.{codename}")
    return [group for group in GROUPS if wanted <= held[group]]


def portal_apps():
    """The app configs that declare what the groups may do with their records."""
    return [config for config in global_apps.get_app_configs() if hasattr(config, "group_permissions")]


def group_codenames(config, all_codenames):
    """{group: codenames of `config`'s app} for every group."""
    granted = config.group_permissions
    # What Staff get, every group gets: editors and managers are staff members too.
    staff = {c for c in all_codenames if c.startswith("view_") and c not in config.need_to_know}
    staff |= set(granted.get(STAFF, ()))
    return {
        **{group: staff | set(granted.get(group, ())) for group in GROUPS},
        ADMINISTRATORS: set(all_codenames),
    }


def ensure_groups(sender=None, apps=global_apps, using="default", **kwargs):
    """Create the groups and (re)set their permissions; safe to run again."""
    # post_migrate fires once per app with models: all permissions exist after the last one.
    last = [config for config in global_apps.get_app_configs() if config.models_module][-1]
    if sender is not None and sender.label != last.label:
        return
    configs = portal_apps()
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {group: set() for group in GROUPS}
    for config in configs:
        create_permissions(config, verbosity=0, using=using)
        permissions = Permission.objects.using(using).filter(content_type__app_label=config.label)
        by_codename = {p.codename: p for p in permissions}
        for group, codenames in group_codenames(config, by_codename).items():
            wanted[group].update(by_codename[c] for c in codenames if c in by_codename)
    for group, labels in OTHER_PERMISSIONS.items():
        for label in labels:
            app_label, codename = label.split(".")
            if global_apps.is_installed(app_label):
                create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using)
                wanted[group].update(
                    Permission.objects.using(using).filter(
                        content_type__app_label=app_label, codename=codename
                    )
                )
    for name, permissions in wanted.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(sorted(permissions, key=lambda p: p.pk))
