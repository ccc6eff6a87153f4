"""The portal's four groups and what each may do.

Staff view everything but need-to-know data, and do what their apps grant every member
of staff (apply to a posting round, for themselves); Editors also change what their apps
grant them; Managers also run what theirs grant (reports, posting rounds); Administrators
do everything, in the admin too. Each app with permissions declares, on its AppConfig,
`group_permissions` ({group: codenames}) and `need_to_know` (view codenames Staff do
not get); `ensure_groups` (after every migrate) gives the groups what the apps say.
"""

from django.apps import apps as global_apps

STAFF = "Staff"
EDITORS = "Editors"
MANAGERS = "Managers"
ADMINISTRATORS = "Administrators"
GROUPS = (STAFF, EDITORS, MANAGERS, ADMINISTRATORS)


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
        STAFF: staff,
        EDITORS: staff | set(granted.get(EDITORS, ())),
        MANAGERS: staff | set(granted.get(MANAGERS, ())),
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
    for name, permissions in wanted.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(sorted(permissions, key=lambda p: p.pk))
